"""The tolerant name comparison, birth dates and labelled fields, case by case."""

from __future__ import annotations

import pytest

from organizer.core.dates import PartialDate
from organizer.core.identity.compare import assess, judge
from organizer.core.identity.found import FoundIdentity
from organizer.core.identity.labels import read_dates, text_identities
from organizer.core.identity.names import dicom_name, natural_order, same_name
from organizer.core.records import Person
from organizer.core.vocab import Identity


@pytest.mark.parametrize(
    ("written", "known"),
    [
        ("Bates, Jeremy", "Jeremy V Bates"),  # order, a middle initial
        ("JEREMY BATES", "jeremy bates"),  # case
        ("Núñez, José", "Jose Nunez"),  # accents
        ("Bates^Jeremy^V^^Jr", "Jeremy Bates"),  # DICOM separators, a suffix
        ("Jeremy Victor Bates", "Jeremy Bates"),  # a middle name
        ("J. Bates", "Jeremy Bates"),  # an initial for the given name
        ("Jeremy V. Bates", "Jeremy Victor Bates"),  # an initial for the middle name
        ("María García López", "Maria Garcia"),  # a double surname, one part used
        ("Maria Garcia-Lopez", "María López"),  # a hyphenated surname
        ("García López, María", "Maria Garcia-Lopez"),
        ("Mr. Adam Frankie Everyman", "Adam Everyman"),  # a title
        ("Sean O'Brien", "Sean OBrien"),  # an apostrophe
        ("MaryAnn Smith", "Mary Ann Smith"),  # run together
        ("Zoë Ødegård", "Zoe Odegard"),  # letters that do not decompose
    ],
)
def test_the_same_person_written_differently(written: str, known: str) -> None:
    assert same_name(written, known) is True
    assert same_name(known, written) is True


@pytest.mark.parametrize(
    ("written", "known"),
    [
        ("Jenny Bates", "Jeremy Bates"),  # a relative: same surname, other given name
        ("Jeremy Smith", "Jeremy Bates"),
        ("Henry L Levin", "Jeremy Bates"),
        ("Doe^Peter", "Peter Dow"),
        ("K. Bates", "Jeremy Bates"),  # an initial that is not his
    ],
)
def test_different_people(written: str, known: str) -> None:
    assert same_name(written, known) is False


def test_no_name_to_compare_is_unknown() -> None:
    assert same_name("", "Jeremy Bates") is None
    assert same_name("Dr. Jr.", "Jeremy Bates") is None


def test_names_written_family_first_are_turned_round_for_a_new_person() -> None:
    assert natural_order("Levin, Henry L.") == "Henry L. Levin"
    assert natural_order("Jeremy Bates") == "Jeremy Bates"
    assert natural_order("Bates, Jeremy, Jr") == "Bates, Jeremy, Jr"


def test_dicom_names_read_the_usual_way_round() -> None:
    assert dicom_name("Doe^Peter") == "Peter Doe"
    assert dicom_name("Bates^Jeremy^V^Mr^Jr") == "Mr Jeremy V Bates Jr"
    assert dicom_name("Yamada^Tarou=山田^太郎") == "Tarou Yamada"


def _person(name: str, dob: str | None = None, others: tuple[str, ...] = ()) -> Person:
    return Person(name=name, dob=PartialDate.parse(dob) if dob else None, other_names=others)


def _found(name: str = "", dob: str | None = None) -> FoundIdentity:
    return FoundIdentity(names=(name,) if name else (), dob=PartialDate.parse(dob) if dob else None)


def test_birth_dates_decide_when_both_are_known() -> None:
    jeremy = _person("Jeremy Bates", "1980-08-01")
    assert judge(_found("Bates, Jeremy", "1980-08-01"), jeremy) is Identity.MATCH
    assert judge(_found("Bates, Jeremy", "1961-04-09"), jeremy) is Identity.MISMATCH
    assert judge(_found("Jeremy Bates"), jeremy) is Identity.MATCH  # no date in the file
    assert judge(_found("Jeremy Bates", "1961-04-09"), _person("Jeremy Bates")) is Identity.MATCH
    assert judge(_found(dob="1961-04-09"), jeremy) is Identity.MISMATCH
    assert judge(_found(dob="1980-08-01"), jeremy) is Identity.UNKNOWN  # a date is not a name
    assert judge(_found("Jeremy Bates", "1980-08-01"), _person("Jeremy Bates", "1980")) is (
        Identity.MATCH
    )


def test_other_names_count_as_the_persons() -> None:
    married = _person("Eve Betterhalf", others=("Eve Everywoman",))
    assert judge(_found("Everywoman, Eve"), married) is Identity.MATCH
    nickname = _person("Robert Smith", others=("Bob",))
    assert judge(_found("Bob Smith"), nickname) is Identity.MATCH
    maiden = _person("Mary Jones", others=("Miller",))
    assert judge(_found("Mary Miller"), maiden) is Identity.MATCH
    assert judge(_found("Bob Smith"), _person("Robert Smith")) is Identity.MISMATCH


def test_any_other_patient_in_a_file_makes_it_a_mismatch() -> None:
    verdict = assess(_person("Jeremy Bates"), [_found("Jeremy Bates"), _found("Jenny Bates")])
    assert verdict.identity is Identity.MISMATCH
    assert verdict.named is not None and verdict.named.name == "Jenny Bates"
    assert assess(_person("Jeremy Bates"), []).identity is Identity.UNKNOWN


def test_written_birth_dates_and_their_readings() -> None:
    assert read_dates("1961-04-09") == [PartialDate(1961, 4, 9)]
    assert read_dates("04/09/1961 (65 yrs)") == [PartialDate(1961, 4, 9), PartialDate(1961, 9, 4)]
    assert read_dates("25/12/1974") == [PartialDate(1974, 12, 25)]
    assert read_dates("09.04.1961") == [PartialDate(1961, 4, 9), PartialDate(1961, 9, 4)]
    assert read_dates("April 9, 1961") == [PartialDate(1961, 4, 9)]
    assert read_dates("9 Apr 1961") == [PartialDate(1961, 4, 9)]
    assert read_dates("19610409") == [PartialDate(1961, 4, 9)]
    assert read_dates("04/09/61") == []  # the century would be a guess
    assert read_dates("__/__/____") == []


def test_an_ambiguous_date_is_not_a_false_alarm() -> None:
    (found,) = text_identities("Patient: Jeremy Bates   DOB: 09/04/1961")
    assert judge(found, _person("Jeremy Bates", "1961-04-09")) is Identity.MATCH


def test_labelled_fields_name_the_patient() -> None:
    text = (
        "Community Hospital\n"
        "Patient: Jeremy Bates DOB: 04/09/1961 MRN: 884412\n"
        "Referring physician: Dr. Ann Lee\n"
        "Physician Name: Ann Lee\n"
        "Guardian Name: Mary Bates   Guardian DOB: 01/02/1950\n"
        "Emergency contact name: Paul Bates\n"
        "Electronically signed by: Ann Lee, MD\n"
    )
    (found,) = text_identities(text)
    assert found.names == ("Jeremy Bates",)
    assert found.dob == PartialDate(1961, 4, 9)
    assert found.patient_id == "884412"


@pytest.mark.parametrize(
    "text",
    [
        "Patient name: ____________________   Date of birth: __/__/____",
        "Patient name:\nDate of birth:\nSignature:",
        "Name:\nAddress:\nPhone:",
        "Name: Dr. Ann Lee\nTitle: Attending",
        "Author: Ann Lee, MD\nAttending physician: Robert Stone",
        "Mother's name: Mary Bates\nFather's name: Paul Bates",
        "The patient, Jenny Bates, was seen today.",  # free text is never read
        "Name: N/A",
        "Patient: Female   Age: 45",
    ],
)
def test_no_patient_from_blank_labels_doctors_or_relatives(text: str) -> None:
    assert text_identities(text) == ()


def test_a_labelled_patient_outranks_other_names_further_down() -> None:
    text = (
        "Patient: Jeremy Bates   DOB: 1961-04-09\n"
        "Emergency contact\nName: Paul Bates\nDOB: 1950-01-02\n"
        "Insured\nName: Mary Bates\n"
    )
    (found,) = text_identities(text)
    assert found.names == ("Jeremy Bates",) and found.dob == PartialDate(1961, 4, 9)
    (named,) = text_identities("Name: Mary Bates\nName of patient: Jeremy Bates")
    assert named.names == ("Jeremy Bates",)
    (first,) = text_identities("Name: Jeremy Bates\nDOB: 1961-04-09\nName: Mary Bates\n")
    assert first.names == ("Jeremy Bates",)


def test_two_patients_labelled_as_such_are_both_read() -> None:
    """A fax with pages of two patients: any one who is someone else raises the alarm."""
    found = text_identities("Patient: Jeremy Bates\nreport...\nPatient: Jenny Bates\n")
    assert [f.name for f in found] == ["Jeremy Bates", "Jenny Bates"]
    assert assess(_person("Jeremy Bates"), found).identity is Identity.MISMATCH


@pytest.mark.parametrize(
    "line",
    [
        "Patient: Jeremy Bates (DOB 04/09/1961)",
        "Patient: Bates, Jeremy, 65 y.o. male",
        "Patient Name: Jeremy Bates DOB 04/09/1961",
        "PATIENT: JEREMY BATES        ACCOUNT: 4471",
        "Patient: Jeremy (Jerry) Bates",
    ],
)
def test_what_follows_a_name_on_its_line_is_not_part_of_it(line: str) -> None:
    (found,) = text_identities(line)
    assert same_name(found.name, "Jeremy Bates") is True
    assert not any(char.isdigit() for char in found.name)


def test_fhir_dstu2_family_lists_and_contacts() -> None:
    from organizer.core.identity.fhir import fhir_identities

    patient = {
        "resourceType": "Patient",
        "name": [{"family": ["Bates"], "given": ["Jeremy", "V"]}],
        "birthDate": "1961-04-09",
        "contact": [{"name": {"family": "Bates", "given": ["Mary"]}}],
    }
    (found,) = fhir_identities(patient)
    assert found.names == ("Jeremy V Bates",) and found.dob == PartialDate(1961, 4, 9)


def test_first_and_last_name_fields_make_one_name() -> None:
    (found,) = text_identities("Last Name: Bates    First Name: Jeremy\nDOB: 1961-04-09")
    assert judge(found, _person("Jeremy Bates", "1961-04-09")) is Identity.MATCH


def test_dicom_codes_and_anonymised_names_are_not_names() -> None:
    from organizer.core.identity.dicom import dicom_identities
    from organizer.core.importing.dicom import DicomHeader

    def named(value: str) -> tuple[str, ...]:
        header = DicomHeader(study_uid="1.2", patient_name=value, patient_birth_date="19610409")
        (found,) = dicom_identities([header])
        return found.names

    assert named("Bates^Jeremy^V") == ("Jeremy V Bates",)
    assert named("ANONYMOUS") == ()
    assert named("PAT001") == ()
    assert named("CompressedSamples^CT1") == ()
