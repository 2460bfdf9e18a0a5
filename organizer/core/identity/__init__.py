"""Whose record is this? The patient a file names, compared with the person it is filed under.

Reading (no database, safe on a worker thread): ``ccda_identities(path)``,
``fhir_identities(data)``, ``dicom_identities(headers)``, ``xdm_identity(entry)`` and
``text_identities(text)`` return ``FoundIdentity`` values: the name(s), birth date, sex
and id as the file gives them. Comparing: ``assess(person, found)`` says ``match``,
``mismatch`` or ``unknown`` (``organizer.core.vocab.Identity``) and which identity
decided it; ``same_name`` is the tolerant name comparison. Storing and changing it on
documents (import, "this is the same person", moving a document to someone else) is in
``organizer.core.identity.documents``.
"""

# The readers use import's own parsers (safe XML, DICOM headers, dates), and import uses the
# readers: load the import package first, whichever of the two is asked for first.
import organizer.core.importing  # noqa: F401
