"""How long checking a packet of 1,000 documents takes (the budget is 50 ms).

Builds a throwaway library with one person whose packet holds 1,000 documents (imaging
reports and studies, pathology, labs, notes, letters; some guesses and flagged files),
200 timeline events and 30 requests, then times ``checklist.evaluate`` (the median of
several runs). The baseline, measured in the same run on the same machine, is reading
the packet's 1,000 documents (``Library.packet_documents``), so the ratio says how much
the checks add on top of reading the records at all. A second, adversarial packet has
500 CT reports and 500 CT studies none of which match, the worst case for matching.

Run: PYTHONPATH=$PWD /work/venv/bin/python benchmarks/checklist_speed.py
"""

from __future__ import annotations

import datetime as _dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from organizer.core.checklist import evaluate
from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import (
    PASSWORD_PROTECTED,
    Document,
    Event,
    Packet,
    Person,
    Request,
)
from organizer.core.vocab import Category, EventKind, RequestStatus

RUNS = 15
START = _dt.date(2015, 1, 1)


def _date(index: int) -> PartialDate:
    return PartialDate.from_date(START + _dt.timedelta(days=index * 3))


def _realistic(library: Library) -> int:
    person = library.add(Person(name="Benchmark"))
    packet = library.add_packet(Packet(person_id=person, title="Benchmark packet"))
    kinds = [
        (Category.IMAGING_REPORT, 150),
        (Category.IMAGING_STUDY, 150),
        (Category.PATHOLOGY_REPORT, 60),
        (Category.OPERATIVE_REPORT, 20),
        (Category.LAB_RESULT, 300),
        (Category.CLINICAL_NOTE, 200),
        (Category.LETTER, 120),
    ]
    scans = ["CT chest", "MRI brain", "Chest X-ray", "PET-CT", "Ultrasound abdomen"]
    codes = ["CT", "MR", "DX", "PT", "US"]
    with library.transaction():
        index = 0
        for category, number in kinds:
            for n in range(number):
                index += 1
                title = f"{category.value} {n}"
                modality = ""
                details = "{}"
                if category is Category.IMAGING_REPORT:
                    title = f"{scans[n % 5]} report"
                elif category is Category.IMAGING_STUDY:
                    modality = codes[n % 5]
                    details = json.dumps(
                        {"study_date": _date(n).to_storage(), "modality": modality}
                    )
                library.add_document(
                    Document(
                        person_id=person,
                        title=title,
                        category=category,
                        date=_date(n),
                        modality=modality,
                        details=details,
                        category_confirmed=index % 7 != 0,
                        date_confirmed=True,
                        flags=PASSWORD_PROTECTED if index % 97 == 0 else "",
                    )
                )
        for n in range(200):
            kind = [EventKind.TEST, EventKind.PROCEDURE, EventKind.SYMPTOM, EventKind.TREATMENT][
                n % 4
            ]
            title = ["CT abdomen", "Core needle biopsy", "Pain", "Chemotherapy"][n % 4]
            library.add(Event(person_id=person, date=_date(n * 2), kind=kind, title=title))
        for n in range(30):
            library.add(
                Request(
                    packet_id=packet,
                    item=["Pathology slides", "Imaging CD", "Clinic notes"][n % 3],
                    status=list(RequestStatus)[n % 7],
                    status_date=_date(n),
                )
            )
    return packet


def _adversarial(library: Library) -> int:
    person = library.add(Person(name="Worst case"))
    packet = library.add_packet(Packet(person_id=person, title="No report has its images"))
    with library.transaction():
        for n in range(500):
            library.add_document(
                Document(
                    person_id=person,
                    title="CT chest report",
                    category=Category.IMAGING_REPORT,
                    date=_date(n * 10),
                )
            )
            library.add_document(
                Document(
                    person_id=person,
                    title="CT study",
                    category=Category.IMAGING_STUDY,
                    modality="CT",
                    date=_date(n * 10 + 5),
                )
            )
    return packet


def _median_ms(action: Callable[[], object]) -> float:
    action()  # warm caches (rules file, column codecs)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder) / "library")
        try:
            for name, build in (("realistic", _realistic), ("adversarial", _adversarial)):
                packet = build(library)
                documents = len(library.packet_documents(packet))
                baseline = _median_ms(lambda p=packet: library.packet_documents(p))
                checked = _median_ms(lambda p=packet: evaluate(library, p))
                print(
                    f"{name}: {documents} documents; evaluate {checked:.1f} ms "
                    f"(budget 50 ms); reading the documents alone {baseline:.1f} ms; "
                    f"ratio {checked / baseline:.2f}"
                )
        finally:
            library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
