"""How long a search over 10,000 documents takes (the budget is 200 ms for any query).

Builds a throwaway library with one person and 10,000 documents whose text is Latin
filler (a few kilobytes each; every hundredth is a long record of about 400 KB, like a
scanned discharge summary), all indexed. Then it times ``importing.search`` for ordinary
queries and for the hostile ones that once took a minute: one word repeated, many words,
a word in every document, prefixes. Each query's time is the median of several runs.
The baseline, in the same run, is SQLite alone counting the matches of one common word
(``SELECT rowid ... MATCH``), so the ratio says what ranking, snippets and reading the
rows add to merely finding them.

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/search_speed.py [--documents N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from organizer.core import importing
from organizer.core.importing.textindex import ExtractedText, pending_tasks, save_text
from organizer.core.library import Library
from organizer.core.records import Document, Person

BUDGET_MS = 200.0
RUNS = 5
WORDS = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "ad",
    "minim",
    "veniam",
    "quis",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "nisi",
    "aliquip",
    "ex",
    "ea",
    "commodo",
    "consequat",
    "duis",
    "aute",
    "irure",
    "in",
    "reprehenderit",
    "voluptate",
    "velit",
    "esse",
    "cillum",
    "fugiat",
    "nulla",
    "pariatur",
    "excepteur",
    "sint",
    "occaecat",
    "cupidatat",
    "non",
    "proident",
    "sunt",
    "culpa",
    "qui",
    "officia",
    "deserunt",
    "mollit",
    "anim",
    "id",
    "est",
    "laborum",
    "biopsy",
    "nodule",
    "pathology",
    "lobectomy",
    "carcinoma",
    "benign",
    "margin",
]
QUERIES = [
    "biopsy",
    "lorem",
    "lorem lorem lorem lorem lorem",
    " ".join(["lorem"] * 50),
    " ".join(WORDS[:40]),
    "biopsy nodule margin",
    "lor*",
    "a* b* c* d* e* f* g* h* i* j*",
    "zzzz-not-there",
    '"quoted" (brackets) OR NOT: colons',
]


def build(root: Path, count: int) -> Library:
    library = Library.open(root)
    person_id = library.add(Person(name="Ana Diaz"))
    chance = random.Random(13)
    with library.transaction():
        for number in range(count):
            library.add_document(Document(person_id=person_id, title=f"Record {number}"))
    for task in pending_tasks(library):
        words = 60_000 if task.document_id % 100 == 0 else chance.randint(200, 800)
        body = " ".join(chance.choice(WORDS) for _ in range(words))
        save_text(library, ExtractedText(task.document_id, task.generation, body, 1))
    return library


def median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        library = build(Path(scratch) / "library", args.documents)
        print(f"built {args.documents} documents in {time.perf_counter() - started:.1f} s")
        baseline = median_ms(
            lambda: library._db.conn.execute(
                "SELECT rowid FROM document_search WHERE document_search MATCH 'lorem'"
            ).fetchall()
        )
        print(f"baseline (SQLite listing the documents that hold 'lorem'): {baseline:.1f} ms")
        worst = 0.0
        for query in QUERIES:
            took = median_ms(lambda query=query: importing.search(library, query))
            hits = len(importing.search(library, query).hits)
            worst = max(worst, took)
            shown = query if len(query) <= 50 else query[:47] + "..."
            print(f"{took:8.1f} ms  {took / baseline:6.1f}x  {hits:4d} hits  {shown!r}")
        library.close()
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(f"slowest query: {worst:.1f} ms, {verdict} the {BUDGET_MS:.0f} ms budget")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
