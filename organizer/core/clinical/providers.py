"""The authors and organisations of clinical documents, for the providers list.

Who made a document is kept with it at import (``clinical_parties`` in its details);
they join the providers list only when the person accepts an item from that document,
so a file that is dismissed adds no one. A provider already on the list (same name and
institution, in any case) is not added twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from organizer.core.clinical.model import ClinicalDocument
from organizer.core.details import Party
from organizer.core.library import Library
from organizer.core.records import Document, Provider

PEOPLE_ROLES = ("author", "legal authenticator", "authenticator", "performer")


def clinical_parties(clinical: ClinicalDocument) -> list[dict[str, str]]:
    """The people and organisations who made the document: each person once (with the
    organisation any of their mentions gives), then organisations no one belongs to;
    software named as the author is left out."""
    people: dict[str, dict[str, str]] = {}
    for party in clinical.authors:
        if not party.name or party.role not in PEOPLE_ROLES:
            continue
        entry = people.setdefault(party.name.casefold(), {"name": party.name, "organisation": ""})
        entry["organisation"] = entry["organisation"] or party.organisation
    found = list(people.values())
    named = {entry["organisation"].casefold() for entry in found}
    for organisation in clinical.organisations:
        if organisation.name and organisation.name.casefold() not in named:
            found.append({"name": "", "organisation": organisation.name})
            named.add(organisation.name.casefold())
    return found


def add_providers(library: Library, document_ids: Iterable[int]) -> list[int]:
    """Add the makers of these documents to the providers list; the new providers' ids."""
    known = {_key_of(provider) for provider in library.select(Provider)}
    added: list[int] = []
    for document_id in sorted(set(document_ids)):
        document = library.get(Document, document_id)
        for party in document.details.clinical_parties:
            provider = _provider(party)
            if provider is None or _key_of(provider) in known:
                continue
            known.add(_key_of(provider))
            added.append(library.add(provider))
    return added


def _provider(party: Party) -> Provider | None:
    name, organisation = party.name, party.organisation
    if name:
        return Provider(name=name, institution=organisation)
    return Provider(name=organisation) if organisation else None


def _key_of(provider: Provider) -> tuple[str, str]:
    return provider.name.casefold(), provider.institution.casefold()
