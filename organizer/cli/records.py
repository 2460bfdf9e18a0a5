"""CLI commands that add, change and list records."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

from organizer.cli import identity, visit
from organizer.cli.clinical import CLINICAL_LISTS, list_clinical, records_with_sources
from organizer.cli.common import (
    EXIT_OK,
    Subparsers,
    date_arg,
    open_library,
    print_json,
    print_table,
    word,
)
from organizer.core import ops
from organizer.core.dates import parse_appointment
from organizer.core.errors import InvalidInput
from organizer.core.guesses import set_category, set_date
from organizer.core.library import Library
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Question,
    Record,
    Request,
)
from organizer.core.vocab import (
    AllergyCategory,
    Answer,
    Category,
    EventKind,
    PreauthAnswer,
    RequestStatus,
    Severity,
    parse_sex,
)


def register(commands: Subparsers) -> None:
    _register_person(commands)
    _register_event(commands)
    _register_med(commands)
    _register_allergy(commands)
    _register_packet(commands)
    _register_question(commands)
    _register_request(commands)
    _register_document(commands)
    _register_list(commands)


def _group(commands: Subparsers, name: str, help_text: str) -> Subparsers:
    parser = commands.add_parser(name, help=help_text)
    sub: Subparsers = parser.add_subparsers(dest="action", required=True)
    return sub


def _created(args: argparse.Namespace, record: Record, *, create: bool = False) -> int:
    """Add the record through the same operation the app uses, and print its new id."""
    with open_library(args, write=True, create=create) as library:
        ops.add_record(library, record)
        print(record.id)
    return EXIT_OK


def _changed(args: argparse.Namespace, change: Callable[[Library], object]) -> int:
    with open_library(args, write=True) as library, library.transaction():
        change(library)
    return EXIT_OK


def _apply(record: Record, args: argparse.Namespace, names: Sequence[str]) -> bool:
    """Copy the options the user gave onto the record; say whether any were given."""
    changed = False
    for name in names:
        value = getattr(args, name, None)
        if value is not None:
            setattr(record, name, value)
            changed = True
    return changed


# -- person -----------------------------------------------------------------------------

_PERSON_TEXT = (
    "name",
    "dob",
    "sex",
    "contact",
    "insurance_plan",
    "insurance_member_id",
    "insurance_group",
    "primary_doctor",
)


def _person_fields(parser: argparse.ArgumentParser, *, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required)
    parser.add_argument("--dob", type=date_arg, help="date of birth, e.g. 1961-04-09")
    parser.add_argument("--sex", type=parse_sex, help="F, M, X (other) or U (unknown)")
    parser.add_argument("--contact", help="phone, e-mail or address")
    parser.add_argument("--insurance-plan")
    parser.add_argument("--insurance-member-id")
    parser.add_argument("--insurance-group")
    parser.add_argument("--primary-doctor")


def _register_person(commands: Subparsers) -> None:
    sub = _group(commands, "person", "add or change a person")
    add = sub.add_parser("add", help="add a person; prints the new id")
    _person_fields(add, name_required=True)
    add.set_defaults(handler=_person_add)

    change = sub.add_parser("set", help="change a person's details")
    change.add_argument("id", type=int)
    _person_fields(change, name_required=False)
    allergies = change.add_mutually_exclusive_group()
    allergies.add_argument("--no-known-allergies", action="store_true")
    allergies.add_argument("--clear-no-known-allergies", action="store_true")
    meds = change.add_mutually_exclusive_group()
    meds.add_argument("--takes-no-medications", action="store_true")
    meds.add_argument("--clear-takes-no-medications", action="store_true")
    identity.add_other_name_option(change)
    change.set_defaults(handler=_person_set)


def _person_add(args: argparse.Namespace) -> int:
    person = Person(name=args.name)
    _apply(person, args, _PERSON_TEXT)
    return _created(args, person, create=True)


def _person_set(args: argparse.Namespace) -> int:
    def change(library: Library) -> None:
        person = library.get(Person, args.id)
        _apply(person, args, _PERSON_TEXT)
        if args.no_known_allergies or args.clear_no_known_allergies:
            person.no_known_allergies = args.no_known_allergies
        if args.takes_no_medications or args.clear_takes_no_medications:
            person.takes_no_medications = args.takes_no_medications
        ops.edit_person(library, person)
        identity.apply_person_options(library, args)

    return _changed(args, change)


# -- timeline, medications, allergies ------------------------------------------------------


def _register_event(commands: Subparsers) -> None:
    sub = _group(commands, "event", "add to a person's timeline")
    add = sub.add_parser("add", help="add a timeline event; prints the new id")
    add.add_argument("--person", type=int, required=True)
    add.add_argument(
        "--date", type=date_arg, required=True, help="2026-03-14, 2026-03, 2026, ~2019"
    )
    add.add_argument("--kind", type=word(EventKind, "event kind"), required=True)
    add.add_argument("--title", required=True)
    add.add_argument("--details", default="")
    add.set_defaults(handler=_event_add)


def _event_add(args: argparse.Namespace) -> int:
    event = Event(
        person_id=args.person,
        date=args.date,
        kind=args.kind,
        title=args.title,
        details=args.details,
    )
    return _created(args, event)


def _register_med(commands: Subparsers) -> None:
    sub = _group(commands, "med", "add a medication")
    add = sub.add_parser("add", help="add a medication; prints the new id")
    add.add_argument("--person", type=int, required=True)
    add.add_argument("--name", required=True)
    for option in ("--dose", "--route", "--frequency", "--reason", "--prescriber"):
        add.add_argument(option, default="")
    status = add.add_mutually_exclusive_group()
    status.add_argument("--current", dest="current", action="store_true", default=True)
    status.add_argument("--past", dest="current", action="store_false")
    add.add_argument("--start", type=date_arg)
    add.add_argument("--stop", type=date_arg)
    add.set_defaults(handler=_med_add)


def _med_add(args: argparse.Namespace) -> int:
    medication = Medication(
        person_id=args.person,
        name=args.name,
        dose=args.dose,
        route=args.route,
        frequency=args.frequency,
        reason=args.reason,
        prescriber=args.prescriber,
        start=args.start,
        stop=args.stop,
        current=args.current,
    )
    return _created(args, medication)


def _register_allergy(commands: Subparsers) -> None:
    sub = _group(commands, "allergy", "add an allergy")
    add = sub.add_parser("add", help="add an allergy; prints the new id")
    add.add_argument("--person", type=int, required=True)
    add.add_argument("--substance", required=True)
    add.add_argument("--category", type=word(AllergyCategory, "allergy category"))
    add.add_argument("--reaction", default="")
    add.add_argument("--severity", type=word(Severity, "severity"))
    add.add_argument("--noted-on", type=date_arg)
    add.set_defaults(handler=_allergy_add)


def _allergy_add(args: argparse.Namespace) -> int:
    allergy = Allergy(
        person_id=args.person,
        substance=args.substance,
        category=args.category,
        reaction=args.reaction,
        severity=args.severity,
        noted_on=args.noted_on,
    )
    return _created(args, allergy)


# -- packets, questions, requests -----------------------------------------------------------

_PACKET_FIELDS = (
    "title",
    "question",
    "provider_name",
    "provider_institution",
    "appointment",
    "first_diagnosis",
    "first_plan",
    "first_doctor",
    "insurance_covered",
    "in_network",
    "preauthorization",
    "insurance_reference",
    "insurance_notes",
)


def _register_packet(commands: Subparsers) -> None:
    sub = _group(commands, "packet", "a second-opinion packet")
    add = sub.add_parser("add", help="start a packet; prints the new id")
    add.add_argument("--person", type=int, required=True)
    add.add_argument("--title", required=True)
    add.add_argument("--question", default="", help="the question for the specialist")
    add.set_defaults(handler=_packet_add)

    change = sub.add_parser("set", help="change a packet")
    change.add_argument("id", type=int)
    change.add_argument("--title")
    change.add_argument("--question")
    change.add_argument("--provider-name")
    change.add_argument("--provider-institution")
    change.add_argument("--appointment", type=parse_appointment, help="2026-12-03 [14:30]")
    change.add_argument("--first-diagnosis")
    change.add_argument("--first-plan")
    change.add_argument("--first-doctor")
    change.add_argument("--insurance-covered", type=word(Answer, "answer"))
    change.add_argument("--in-network", type=word(Answer, "answer"))
    change.add_argument("--preauthorization", type=word(PreauthAnswer, "answer"))
    change.add_argument("--insurance-reference")
    change.add_argument("--insurance-notes")
    change.set_defaults(handler=_packet_set)
    visit.register_third_opinion(sub)


def _packet_add(args: argparse.Namespace) -> int:
    packet = Packet(person_id=args.person, title=args.title, question=args.question)
    return _created(args, packet)


def _packet_set(args: argparse.Namespace) -> int:
    def change(library: Library) -> None:
        packet = library.get(Packet, args.id)
        _apply(packet, args, _PACKET_FIELDS)
        ops.update_record(library, packet)

    return _changed(args, change)


def _register_question(commands: Subparsers) -> None:
    sub = _group(commands, "question", "questions for the specialist")
    add = sub.add_parser("add", help="add a question to a packet; prints the new id")
    add.add_argument("--packet", type=int, required=True)
    add.add_argument("--text", required=True)
    add.set_defaults(handler=_question_add)
    visit.register_answer(sub)


def _question_add(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        outcome = ops.add_questions(library, args.packet, [args.text])
        print(min(outcome.changes.ids(Question.TABLE)))
    return EXIT_OK


def _register_request(commands: Subparsers) -> None:
    sub = _group(commands, "request", "records requests and physical items")
    add = sub.add_parser("add", help="track a request or item; prints the new id")
    add.add_argument("--packet", type=int, required=True)
    add.add_argument("--item", required=True, help='e.g. "pathology slides", "MRI CD"')
    add.add_argument("--from", dest="source", default="", help="who holds it")
    add.add_argument("--status", type=word(RequestStatus, "status"), default=None)
    add.add_argument("--method", default="")
    add.add_argument("--notes", default="")
    add.add_argument("--expected-back", action="store_true", help="the item must be returned")
    add.set_defaults(handler=_request_add)

    change = sub.add_parser("set", help="change a request's status")
    change.add_argument("id", type=int)
    change.add_argument("--status", type=word(RequestStatus, "status"), required=True)
    change.add_argument("--date", type=date_arg, help="when it happened (default: today)")
    change.set_defaults(handler=_request_set)


def _request_add(args: argparse.Namespace) -> int:
    request = Request(
        packet_id=args.packet,
        item=args.item,
        source=args.source,
        status=args.status or RequestStatus.TO_REQUEST,
        method=args.method,
        notes=args.notes,
        expected_back=args.expected_back,
    )
    return _created(args, request)


def _request_set(args: argparse.Namespace) -> int:
    return _changed(
        args, lambda library: ops.set_request_status(library, args.id, args.status, args.date)
    )


# -- documents --------------------------------------------------------------------------


def _register_document(commands: Subparsers) -> None:
    sub = _group(commands, "document", "change a document's details")
    change = sub.add_parser("set", help="set and confirm a document's title, category or date")
    change.add_argument("id", type=int)
    change.add_argument("--title")
    change.add_argument("--category", type=word(Category, "category"))
    change.add_argument("--date", type=date_arg)
    change.add_argument("--notes")
    change.add_argument(
        "--rotate",
        type=int,
        choices=(90, 180, 270, 0),
        metavar="90|180|270",
        help="show and print it turned clockwise by this much (0: as stored); "
        "the stored file is not changed",
    )
    change.add_argument(
        "--page", type=int, metavar="N", help="with --rotate: turn only page N (from 1)"
    )
    identity.add_same_person_option(change)
    change.set_defaults(handler=_document_set)
    identity.register_move(sub)


def _document_set(args: argparse.Namespace) -> int:
    def change(library: Library) -> None:
        document = library.get(Document, args.id)
        _apply(document, args, ("title", "notes"))
        if args.category is not None:
            set_category(document, args.category)
        if args.date is not None:
            set_date(document, args.date)
        ops.update_record(library, document)
        if args.rotate is not None:
            ops.set_rotation(library, args.id, args.rotate, args.page or 0)
        elif args.page is not None:
            raise InvalidInput("--page goes with --rotate")
        identity.apply_document_options(library, args)

    return _changed(args, change)


# -- list -------------------------------------------------------------------------------

_LISTS: dict[str, tuple[type[Record], str, tuple[str, ...]]] = {
    "people": (Person, "", ("id", "name", "dob", "sex")),
    "events": (Event, "person", ("id", "person_id", "date", "kind", "title")),
    "meds": (Medication, "person", ("id", "person_id", "name", "dose", "frequency", "current")),
    "allergies": (
        Allergy,
        "person",
        ("id", "person_id", "substance", "category", "reaction", "severity"),
    ),
    "documents": (Document, "person", ("id", "person_id", "date", "category", "title")),
    "packets": (Packet, "person", ("id", "person_id", "title", "appointment")),
    "questions": (Question, "packet", ("id", "packet_id", "text")),
    "requests": (Request, "packet", ("id", "packet_id", "item", "source", "status")),
}


def _register_list(commands: Subparsers) -> None:
    parser = commands.add_parser("list", help="list records")
    parser.add_argument("what", choices=sorted([*_LISTS, *CLINICAL_LISTS]))
    owner = parser.add_mutually_exclusive_group()
    owner.add_argument("--person", type=int)
    owner.add_argument("--packet", type=int)
    parser.add_argument("--json", action="store_true", help="a JSON array, one object a record")
    parser.set_defaults(handler=_list)


def _list(args: argparse.Namespace) -> int:
    if args.what in CLINICAL_LISTS:
        return list_clinical(args)
    cls, owner, columns = _LISTS[args.what]
    with open_library(args, write=False) as library:
        records = _select(library, cls, owner, args)
        if args.json and cls is Packet:
            print(visit.packets_json(library, records))
            return EXIT_OK
        if args.what in ("meds", "allergies"):  # accepted items show where they came from
            payload = records_with_sources(library, records)
    if args.what in ("meds", "allergies"):
        if args.json:
            print(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            rows = [
                [getattr(record, c) for c in columns] + [_source_ids(item)]
                for record, item in zip(records, payload, strict=True)
            ]
            print_table(rows, (*columns, "sources"))
        return EXIT_OK
    if args.json and cls is Document:
        print(identity.documents_json(records))
    elif args.json:
        print_json(records)
    else:
        print_table([[getattr(r, c) for c in columns] for r in records], columns)
    return EXIT_OK


def _source_ids(item: dict[str, Any]) -> str:
    return ", ".join(str(source["document_id"]) for source in item["sources"])


def _select(library: Library, cls: type[Record], owner: str, args: argparse.Namespace) -> Any:
    given = {"person": args.person, "packet": args.packet}
    for name, value in given.items():
        if value is not None and name != owner:
            raise InvalidInput(f"{args.what} cannot be filtered by --{name}")
    owner_id = given.get(owner)
    records = library.children(cls, owner_id) if owner_id is not None else library.select(cls)
    return [r for r in records if not isinstance(r, Document) or r.trashed_at is None]
