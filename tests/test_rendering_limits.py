"""Hostile or enormous clinical files: a plainer rendering or a clear message, in bounded
time and memory. Each case runs in a child process that reports its peak memory, so a
hang is a timeout and a blow-up is a number, not a frozen test run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MB = 1024 * 1024
PEAK_LIMIT_MB = 450
"""Far below what the whole files would cost as element trees (several times their size)."""
TIME_LIMIT = 240

_HEAD = (
    b'<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>Big</title>'
    b"<effectiveTime value='2026-13-45T99'/><recordTarget><patientRole><patient><name>"
    b"<given>Ann</given><family>Big</family></name><birthTime value='19xx'/></patient>"
    b"</patientRole></recordTarget><component><structuredBody><component><section>"
    b"<title>Notes</title><text>"
)
_TAIL = b"</text></section></component></structuredBody></component></ClinicalDocument>"
_WORDS = b"The patient was seen today and reports feeling better than last week. "

_CHILD = """
import json, resource, sys
from pathlib import Path
from organizer.core.rendering.read import NotRenderable, render_file
from organizer.core.rendering.pdf import rendering_pdf
from organizer.core.rendering.html import rendering_html
try:
    rendering = render_file(Path(sys.argv[1]))
    pages = rendering_pdf(rendering)
    page = rendering_html(rendering)
    result = {"notes": rendering.notes, "pdf": len(pages), "html": len(page),
              "fields": dict(rendering.fields), "sections": len(rendering.sections)}
except NotRenderable as error:
    result = {"refused": str(error)}
def peak_mb():
    # VmHWM is this program's own peak; ru_maxrss on Linux also counts the parent that
    # forked it (pytest, large after a long run).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
result["peak_mb"] = peak_mb()
print(json.dumps(result))
"""


def _render_in_child(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    peak = result["peak_mb"]
    assert isinstance(peak, int) and peak < PEAK_LIMIT_MB, result
    return result


def _write(path: Path, *parts: bytes) -> Path:
    with open(path, "wb") as handle:
        for part in parts:
            handle.write(part)
    return path


def test_a_50_mb_narrative_is_cut_short_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "long.xml"
    with open(path, "wb") as handle:
        handle.write(_HEAD + b"<paragraph>")
        for _ in range(50 * MB // len(_WORDS)):
            handle.write(_WORDS)
        handle.write(b"</paragraph>" + _TAIL)
    result = _render_in_child(path)
    notes = " ".join(result["notes"])  # type: ignore[arg-type]
    assert "too large to show in full" in notes and "characters" in notes
    assert isinstance(result["pdf"], int) and result["pdf"] > 100_000


def test_deep_nesting_becomes_plain_text(tmp_path: Path) -> None:
    depth = 20_000
    path = _write(
        tmp_path / "deep.xml",
        _HEAD,
        b"<list><item>" * depth,
        b"deepest words",
        b"</item></list>" * depth,
        b"<table><tbody><tr><td>" * 2000,
        b"inner cell",
        b"</td></tr></tbody></table>" * 2000,
        _TAIL,
    )
    result = _render_in_child(path)
    assert "too large to show in full" in " ".join(result["notes"])  # type: ignore[arg-type]


def test_a_table_of_100000_rows_prints_its_start_and_says_where_the_rest_is(
    tmp_path: Path,
) -> None:
    rows = b"".join(
        b"<tr><td>Glucose %d</td><td>%d mg/dL</td><td>2020-01-01</td></tr>" % (i, i)
        for i in range(100_000)
    )
    path = _write(
        tmp_path / "rows.xml",
        _HEAD,
        b"<table><thead><tr><th>Test</th><th>Value</th><th>Date</th></tr></thead><tbody>",
        rows,
        b"</tbody></table>",
        _TAIL,
    )
    result = _render_in_child(path)
    assert result["sections"] == 1


def test_100000_coded_entries_cost_nothing_to_render(tmp_path: Path) -> None:
    entry = (
        b'<entry><observation classCode="OBS" moodCode="EVN"><code code="1234-5"/>'
        b'<value value="%d"/></observation></entry>'
    )
    path = _write(
        tmp_path / "entries.xml",
        _HEAD,
        b"<paragraph>Results are in the entries.</paragraph></text>",
        b"".join(entry % i for i in range(100_000)),
        b"</section></component></structuredBody></component></ClinicalDocument>",
    )
    result = _render_in_child(path)
    assert result["notes"] == []


def test_broken_dates_are_shown_as_written(tmp_path: Path) -> None:
    path = _write(tmp_path / "dates.xml", _HEAD, b"<paragraph>Seen.</paragraph>", _TAIL)
    result = _render_in_child(path)
    fields = result["fields"]
    assert isinstance(fields, dict)
    assert fields["Date"] == "2026-13-45T99" and fields["Born"] == "19xx"


@pytest.mark.parametrize("name", ["xml_bomb__xmlbomb.xml", "xml_bomb__quadratic.xml"])
def test_entity_bombs_are_refused_quickly(name: str) -> None:
    path = Path(__file__).parent / "data" / "samples" / "bad" / name
    result = _render_in_child(path)
    assert "entities" in str(result["refused"])


def test_a_huge_fhir_narrative_is_cut_short(tmp_path: Path) -> None:
    div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>' + "Long words. " * MB + "</p></div>"
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"resourceType": "Observation", "text": {"div": div}}))
    result = _render_in_child(path)
    assert isinstance(result["pdf"], int) and result["pdf"] > 100_000
