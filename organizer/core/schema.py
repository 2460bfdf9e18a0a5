"""The database schema, as numbered migrations.

Rules: a migration that has shipped is never edited; a change is a new migration appended
at the end. Each one runs in a transaction together with the record of it being applied
(sqlite-utils' ``Migrations``, made from the ``MigrationSet`` when one has to run), so a
crash mid-upgrade leaves the previous version intact.
tests/data/schema/ keeps a saved database of every earlier version to prove the upgrade path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.core.migration_set import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

migrations = MigrationSet("second-look")


@migrations(name="0001_records")
def _records(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            dob TEXT,
            sex TEXT,
            contact TEXT NOT NULL DEFAULT '',
            insurance_plan TEXT NOT NULL DEFAULT '',
            insurance_member_id TEXT NOT NULL DEFAULT '',
            insurance_group TEXT NOT NULL DEFAULT '',
            primary_doctor TEXT NOT NULL DEFAULT '',
            no_known_allergies INTEGER NOT NULL DEFAULT 0,
            takes_no_medications INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE providers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            specialty TEXT NOT NULL DEFAULT '',
            institution TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            fax TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            portal TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '',
            provider_id INTEGER REFERENCES providers(id) ON DELETE SET NULL
        );
        CREATE INDEX events_person ON events(person_id);
        CREATE TABLE medications (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            dose TEXT NOT NULL DEFAULT '',
            route TEXT NOT NULL DEFAULT '',
            frequency TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            prescriber TEXT NOT NULL DEFAULT '',
            start TEXT,
            stop TEXT,
            current INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX medications_person ON medications(person_id);
        CREATE TABLE allergies (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            substance TEXT NOT NULL,
            category TEXT,
            reaction TEXT NOT NULL DEFAULT '',
            severity TEXT,
            noted_on TEXT
        );
        CREATE INDEX allergies_person ON allergies(person_id);
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT 'other',
            date TEXT,
            provider_id INTEGER REFERENCES providers(id) ON DELETE SET NULL,
            notes TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            category_confirmed INTEGER NOT NULL DEFAULT 0,
            date_confirmed INTEGER NOT NULL DEFAULT 0,
            guess_reason TEXT NOT NULL DEFAULT '',
            flags TEXT NOT NULL DEFAULT '',
            page_count INTEGER,
            added_at TEXT NOT NULL,
            trashed_at TEXT
        );
        CREATE INDEX documents_person ON documents(person_id);
        CREATE TABLE document_files (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            original_name TEXT NOT NULL DEFAULT '',
            relative_path TEXT NOT NULL DEFAULT '',
            media_type TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX document_files_document ON document_files(document_id);
        CREATE INDEX document_files_sha ON document_files(sha256);
        CREATE TABLE event_documents (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (event_id, document_id)
        );
        CREATE TABLE packets (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            question TEXT NOT NULL DEFAULT '',
            first_diagnosis TEXT NOT NULL DEFAULT '',
            first_plan TEXT NOT NULL DEFAULT '',
            first_doctor TEXT NOT NULL DEFAULT '',
            provider_name TEXT NOT NULL DEFAULT '',
            provider_institution TEXT NOT NULL DEFAULT '',
            appointment TEXT,
            insurance_covered TEXT NOT NULL DEFAULT 'unknown',
            in_network TEXT NOT NULL DEFAULT 'unknown',
            preauthorization TEXT NOT NULL DEFAULT 'unknown',
            insurance_reference TEXT NOT NULL DEFAULT '',
            insurance_notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX packets_person ON packets(person_id);
        CREATE TABLE packet_excluded_documents (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (packet_id, document_id)
        );
        CREATE TABLE packet_excluded_events (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            PRIMARY KEY (packet_id, event_id)
        );
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX questions_packet ON questions(packet_id);
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'to-request',
            status_date TEXT,
            method TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            expected_back INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX requests_packet ON requests(packet_id);
        CREATE TABLE request_history (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            on_date TEXT NOT NULL
        );
        """
    )


@migrations(name="0002_checklist_marks")
def _checklist_marks(db: Database) -> None:
    """A packet can mark a checklist rule as not applicable, with the reason why."""
    db.executescript(
        """
        CREATE TABLE rule_marks (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            rule_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (packet_id, rule_id)
        );
        """
    )


@migrations(name="0003_document_details")
def _document_details(db: Database) -> None:
    """What import learns about a file: imaging modality and body part, and the rest as JSON."""
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN modality TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN body_part TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
        """
    )


@migrations(name="0004_fulltext")
def _fulltext(db: Database) -> None:
    """Full-text search over title, notes and extracted text (SQLite FTS5).

    ``document_search`` holds one row per document (rowid = document id); triggers keep
    title and notes in step. ``text_index`` says whether a document's text has been
    extracted: 'pending' until the background pass has read its files, then 'done' or
    'failed'. Adding a file to a document makes it pending again (``generation`` lets a
    slow extraction notice that its result is out of date).
    """
    db.executescript(
        """
        CREATE TABLE text_index (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'pending',
            generation INTEGER NOT NULL DEFAULT 0,
            pages INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX text_index_state ON text_index(state);
        CREATE VIRTUAL TABLE document_search USING fts5(
            title, notes, body, tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO text_index (document_id) SELECT id FROM documents;
        INSERT INTO document_search (rowid, title, notes, body)
            SELECT id, title, notes, '' FROM documents;
        CREATE TRIGGER document_search_insert AFTER INSERT ON documents BEGIN
            INSERT OR REPLACE INTO text_index (document_id) VALUES (new.id);
            DELETE FROM document_search WHERE rowid = new.id;
            INSERT INTO document_search (rowid, title, notes, body)
                VALUES (new.id, new.title, new.notes, '');
        END;
        CREATE TRIGGER document_search_update AFTER UPDATE OF title, notes ON documents BEGIN
            UPDATE document_search SET title = new.title, notes = new.notes
                WHERE rowid = new.id;
        END;
        CREATE TRIGGER document_search_delete AFTER DELETE ON documents BEGIN
            DELETE FROM document_search WHERE rowid = old.id;
        END;
        CREATE TRIGGER document_files_pending AFTER INSERT ON document_files BEGIN
            UPDATE text_index SET state = 'pending', generation = generation + 1
                WHERE document_id = new.document_id;
        END;
        """
    )


@migrations(name="0006_identity")
def _identity(db: Database) -> None:
    """Whose record a document is: what the file names, and the person's other names.

    ``identity`` is ``match``, ``mismatch`` or ``unknown`` (documents imported before this
    version are ``unknown``); ``identity_confirmed`` is set when the person says a file
    naming someone else is theirs after all. ``named_name`` and ``named_dob`` hold the
    patient's name and birth date as the file gives them. ``people.other_names`` is a JSON
    list (maiden name, nicknames) that also count as the person's.
    """
    db.executescript(
        """
        ALTER TABLE documents ADD COLUMN identity TEXT NOT NULL DEFAULT 'unknown';
        ALTER TABLE documents ADD COLUMN identity_confirmed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE documents ADD COLUMN named_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN named_dob TEXT;
        ALTER TABLE people ADD COLUMN other_names TEXT NOT NULL DEFAULT '[]';
        """
    )


@migrations(name="0007_view_settings")
def _view_settings(db: Database) -> None:
    """How the person wants a document or one of its pages turned; the stored file is not
    touched. Page 0 is the whole document, 1 and up its pages; rotation is clockwise."""
    db.executescript(
        """
        CREATE TABLE view_settings (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL DEFAULT 0 CHECK (page >= 0),
            rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),
            PRIMARY KEY (document_id, page)
        );
        """
    )


@migrations(name="0005_clinical")
def _clinical(db: Database) -> None:
    """What clinical files propose, the person's decisions on it, and lab results.

    ``proposals`` holds one row per thing a file proposes (a medication, a result...),
    identified by ``match_key`` so the same thing from five files is one row with five
    ``proposal_sources``. Its ``state`` (pending, accepted, dismissed) is the memory
    that keeps a re-import from proposing it again. ``review_batches`` records each
    accept or dismiss action, with what it changed, so one undo takes back a batch.
    ``medication_sources``, ``allergy_sources``, ``event_sources`` and ``result_sources``
    link an accepted item in the record to the documents (and sections) it came from;
    real foreign keys, so deleting a record takes its links and undoing that brings
    them back. ``derived_documents``
    links a file embedded in a clinical document to the document it came out of.
    """
    db.executescript(
        """
        CREATE TABLE review_batches (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            match_key TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'pending',
            batch_id INTEGER REFERENCES review_batches(id) ON DELETE SET NULL,
            record_table TEXT NOT NULL DEFAULT '',
            record_id INTEGER,
            created_at TEXT NOT NULL,
            decided_at TEXT,
            UNIQUE (person_id, kind, match_key)
        );
        CREATE INDEX proposals_person_state ON proposals(person_id, state);
        CREATE TABLE proposal_sources (
            proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section TEXT NOT NULL DEFAULT '',
            entry TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (proposal_id, document_id, section, entry)
        );
        CREATE INDEX proposal_sources_document ON proposal_sources(document_id);
        CREATE TABLE results (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'result',
            test TEXT NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            code_system TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL DEFAULT '',
            numeric REAL,
            unit TEXT NOT NULL DEFAULT '',
            reference_range TEXT NOT NULL DEFAULT '',
            low REAL,
            high REAL,
            interpretation TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            panel TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX results_person ON results(person_id, test, date);
        CREATE TABLE medication_sources (
            medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (medication_id, document_id, section)
        );
        CREATE TABLE allergy_sources (
            allergy_id INTEGER NOT NULL REFERENCES allergies(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (allergy_id, document_id, section)
        );
        CREATE TABLE event_sources (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (event_id, document_id, section)
        );
        CREATE TABLE result_sources (
            result_id INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            section TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (result_id, document_id, section)
        );
        CREATE TABLE derived_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            parent_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            what TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX derived_documents_parent ON derived_documents(parent_id);
        """
    )


@migrations(name="0008_finding_marks")
def _finding_marks(db: Database) -> None:
    """A packet can mark one finding of a rule not applicable: this biopsy, this report.

    A rule-wide mark (rule_marks) still turns the whole rule off; a finding mark only
    excuses the one record it names, so a later, real biopsy is still checked. Marks go
    with the record they name.
    """
    db.executescript(
        """
        CREATE TABLE finding_marks (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            rule_id TEXT NOT NULL,
            ref_kind TEXT NOT NULL,
            ref_id INTEGER NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (packet_id, rule_id, ref_kind, ref_id)
        );
        CREATE TRIGGER finding_marks_event_gone AFTER DELETE ON events BEGIN
            DELETE FROM finding_marks WHERE ref_kind = 'event' AND ref_id = old.id;
        END;
        CREATE TRIGGER finding_marks_document_gone AFTER DELETE ON documents BEGIN
            DELETE FROM finding_marks WHERE ref_kind = 'document' AND ref_id = old.id;
        END;
        """
    )


@migrations(name="0009_visit")
def _visit(db: Database) -> None:
    """After the visit: the second opinion, how it compares, and what follows.

    ``visits`` holds one row per packet once anything about the visit is written down:
    its date, the second opinion (diagnosis, plan, reasoning in the person's words, the
    doctor), the overall outcome, the decision and the follow-up with the first doctor.
    ``visit_marks`` holds the person's mark per compared part (agree, refines, differs);
    ``visit_documents`` links documents received afterwards (the specialist's letter);
    ``request_due_back`` says when a lent item (slides, a CD) is due back;
    ``opinion_chain`` links a third-opinion packet to the packet it follows (a link with
    no id of its own, so deleting either packet deletes it: undo restores it whole).
    """
    db.executescript(
        """
        CREATE TABLE visits (
            packet_id INTEGER PRIMARY KEY REFERENCES packets(id) ON DELETE CASCADE,
            date TEXT,
            diagnosis TEXT NOT NULL DEFAULT '',
            plan TEXT NOT NULL DEFAULT '',
            reasoning TEXT NOT NULL DEFAULT '',
            doctor TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            decision TEXT NOT NULL DEFAULT '',
            first_date TEXT,
            follow_up_on TEXT,
            followed_up_on TEXT
        );
        CREATE TABLE visit_marks (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            part TEXT NOT NULL,
            mark TEXT NOT NULL,
            PRIMARY KEY (packet_id, part)
        );
        CREATE TABLE visit_documents (
            packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (packet_id, document_id)
        );
        CREATE TABLE request_due_back (
            request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE CASCADE,
            due_on TEXT NOT NULL
        );
        CREATE TABLE opinion_chain (
            packet_id INTEGER PRIMARY KEY REFERENCES packets(id) ON DELETE CASCADE,
            follows_packet_id INTEGER NOT NULL REFERENCES packets(id) ON DELETE CASCADE
        );
        """
    )


@migrations(name="0010_derived_work")
def _derived_work(db: Database) -> None:
    """Pictures made from a document's image files in the background, after the import.

    Import only copies, hashes and reads an image's header; the thumbnail and the print
    copy are made by the background pass. ``derived_work`` says where that stands for each
    document with an image file: 'pending' until the pass has made them, then 'done' or
    'failed' (``message`` says why). Adding an image file makes the document pending again
    (``generation`` lets a slow pass notice that its result is out of date). Documents
    imported before this version are pending too: the pass makes only what is missing.
    """
    db.executescript(
        """
        CREATE TABLE derived_work (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'pending',
            generation INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX derived_work_state ON derived_work(state);
        INSERT INTO derived_work (document_id)
            SELECT DISTINCT document_id FROM document_files WHERE media_type LIKE 'image/%';
        CREATE TRIGGER derived_work_pending AFTER INSERT ON document_files
            WHEN new.media_type LIKE 'image/%'
        BEGIN
            INSERT INTO derived_work (document_id) VALUES (new.document_id)
                ON CONFLICT (document_id) DO UPDATE
                SET state = 'pending', generation = generation + 1, message = '';
        END;
        """
    )


def latest_version() -> str:
    return migrations.names()[-1]
