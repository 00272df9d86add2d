"""Memory stays bounded on the largest hostile inputs.

A fresh Python process checks every input with ``vetlint.api.check``; a small
wrapper process waits for it and reports
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: the peak resident set of
that one child, not of anything else the test run started.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
SENTENCE = "2020年，郑州市中等职业学校共有57所，在校生4.51万人。"

# Peak RSS of checking all the inputs below in one process, MB. Measured (2 cores,
# Python 3.11): ~30 MB for Python + the pipeline (no pandas), 45 MB for the 1 MB
# report, 62 MB for 10,000 table rows, ~90 MB for all of them in one process.
BOUND_MB = 200

CHILD = """
import json, sys
from vetlint import api
out = []
for path in sys.argv[1:]:
    r = api.check(path)
    out.append({"path": path, "error": r.error and r.error["code"], "checks": len(r.checks)})
print(json.dumps(out))
"""

WRAPPER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]],
                      capture_output=True, text=True, timeout=240)
sys.stderr.write(done.stderr[-2000:])
print(done.returncode)
print(done.stdout.strip())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_of_checking(paths: list[Path]) -> tuple[list[dict], float]:
    """Results of checking ``paths`` in a fresh process, and its peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[0] == "0", done.stdout + done.stderr
    return json.loads(lines[1]), int(lines[2]) / 1024  # ru_maxrss is in KiB on Linux


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    seeds = b"\n".join(p.read_bytes() for p in SEEDS)
    big = (seeds * (1_048_576 // len(seeds) + 1))[:1_048_576]
    (tmp / "report-1mb.txt").write_bytes(big[: big.rfind(b"\n")])
    rows = ["表1 各学校基本情况", "学校\t学生数\t教师数"]
    rows += [f"学校{i}\t{i * 3}\t{i}" for i in range(10_000)]
    (tmp / "rows-10000.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    filler = "学校坚持立德树人，深化产教融合、校企合作，推进教师队伍建设和专业建设。" * 9
    line = (filler + SENTENCE) * (1_048_576 // len((filler + SENTENCE).encode()) + 1)
    (tmp / "line-1mb.txt").write_text(line, encoding="utf-8")
    (tmp / "cell-1mb.txt").write_text(
        "\t学校\n\t学生数\n\n\t甲\n\t" + "9" * 1_048_576 + "\n\n\t乙\n\t3\n", encoding="utf-8"
    )
    with (tmp / "sparse-100mb.txt").open("wb") as fh:
        fh.write(SENTENCE.encode())
        fh.truncate(100 * 1_048_576)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<a>" + bytes(60 << 20) + b"</a>")
    (tmp / "bomb.docx").write_bytes(bomb.getvalue())
    return sorted(tmp.iterdir())


def test_peak_memory_of_the_largest_hostile_inputs(hostile):
    results, peak_mb = peak_of_checking(hostile)
    by_name = {Path(r["path"]).name: r for r in results}
    assert by_name["sparse-100mb.txt"]["error"] == "too-large"
    assert by_name["bomb.docx"]["error"] == "unsafe-file"
    assert by_name["report-1mb.txt"]["error"] is None and by_name["report-1mb.txt"]["checks"]
    for name in ("rows-10000.txt", "line-1mb.txt", "cell-1mb.txt"):
        assert by_name[name]["error"] is None
    assert peak_mb < BOUND_MB, f"peak RSS {peak_mb:.0f} MB"


def test_checking_a_seed_does_not_import_pandas():
    """The check path stays light: pandas (~40 MB, ~1 s to import) only for to_frame()."""
    code = (
        "import sys; from vetlint import api; "
        f"api.check({str(SEEDS[0])!r}); print('pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr[-2000:]


def test_peak_memory_of_a_shared_string_bomb(tmp_path):
    from test_hostile import _shared_string_bomb

    path = tmp_path / "sst.xlsx"
    path.write_bytes(_shared_string_bomb(30_000, 100, 100))
    results, peak_mb = peak_of_checking([path])
    assert results[0]["error"] == "unsafe-file"
    assert peak_mb < BOUND_MB, f"peak RSS {peak_mb:.0f} MB"
