"""Hostile inputs, generated: each small on disk, each built to exhaust or mislead a checker.

Used by ``tests/test_hostile_suite.py`` (every case through the real command line, peak
memory measured) and ``bench/hostile.py`` (the table in the README). Each case is a
function ``build(folder) -> Case``: it writes what it needs under ``folder`` and says how
to run vetlint on it and what must come out. ``python scripts/hostile_inputs.py OUT``
writes them all to OUT to try by hand.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"
SECRET = "SECRET-9c1e 2020年全市共有中职学校57所。"


@dataclass
class Case:
    """How to run one hostile input and what must come out of it."""

    args: list[str]  # after `vetlint check`
    exits: tuple[int, ...]  # the exit statuses allowed
    codes: tuple[str | None, ...] = ()  # every report's error code must be one of these
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    must_not_show: tuple[str, ...] = ()  # never in stdout or stderr (read from outside)
    no_runner_commands: bool = False  # no stdout/stderr line a CI runner would obey
    json: bool = True  # add --format json and read the codes from it
    note: str = ""


# ------------------------------------------------------------------ PDF


def pdf_bytes(streams: list[bytes]) -> bytes:
    """A minimal PDF: one page per content stream (deflated), Helvetica as F1."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for stream in streams:
        packed = zlib.compress(stream, 9)
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R".encode())
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {content_no} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode() + packed + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def pdf_operator_bomb(folder: Path) -> Case:
    """184 KB whose one content stream inflates to ~60 MB of text operators."""
    ops = b"BT /F1 1 Tf " + b"1 0 0 1 9 9 Tm (a) Tj " * 2_700_000 + b"ET"
    path = _write(folder, "operators.pdf", pdf_bytes([ops]))
    return Case([str(path)], (2,), ("too-large", "timeout", "unsafe-file"))


def pdf_glyph_bomb(folder: Path) -> Case:
    """Under 1 KB: 300,000 characters on a page, in ten strings (PDFium keeps at most
    32,767 characters of one string, so one string of them all would read as a short page)."""
    shows = b"".join(b"(" + b"a" * 30_000 + b") Tj " for _ in range(10))
    path = _write(folder, "glyphs.pdf", pdf_bytes([b"BT /F1 1 Tf " + shows + b"ET"]))
    return Case([str(path)], (2,), ("too-large", "timeout", "unsafe-file"))


def pdf_500_pages(folder: Path) -> Case:
    path = _write(folder, "pages.pdf", pdf_bytes([b"BT /F1 12 Tf 72 720 Td (2020) Tj ET"] * 500))
    return Case([str(path)], (2,), ("too-large",))


# -------------------------------------------------------------- OOXML


def zip_members(members: dict[str, bytes]) -> bytes:
    """A deflated ZIP of ``members`` (name -> bytes): the shell of every .docx/.xlsx here."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


_DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_huge_part(folder: Path) -> Case:
    """A .docx whose document part is ~100 MB of tiny paragraphs."""
    para = b"<w:p><w:r><w:t>1</w:t></w:r></w:p>"
    body = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + para * (100_000_000 // len(para)) + b"</w:body></w:document>"
    )
    members = {"[Content_Types].xml": _DOCX_TYPES, "_rels/.rels": _DOCX_RELS, "word/document.xml": body}
    path = _write(folder, "huge-part.docx", zip_members(members))
    return Case([str(path)], (2,), ("too-large", "unsafe-file", "timeout"))


def xlsx_million_formulas(folder: Path) -> Case:
    """A sheet of 1,000,000 formula cells (no cached values)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><f>1+1</f></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 100_001)
    )
    sheet = f'<?xml version="1.0"?><worksheet xmlns="{ns}"><sheetData>{rows}</sheetData></worksheet>'
    members = {
        "[Content_Types].xml": (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet.encode(),
    }
    path = _write(folder, "formulas.xlsx", zip_members(members))
    return Case([str(path)], (2,), ("too-large", "unsafe-file", "timeout"))


# ------------------------------------------------------------ text shapes


def md_100k_rows(folder: Path) -> Case:
    rows = ["| 学校 | 学生数 |", "| --- | --- |"] + [f"| x{i} | {i} |" for i in range(100_000)]
    path = _write(folder, "rows.md", "\n".join(rows) + "\n")
    return Case([str(path)], (2,), ("too-large",))


def html_nested_tables(folder: Path) -> Case:
    n = 20_000
    path = _write(folder, "nested.html", "<html><body>" + "<table><tr><td>" * n + "57所" + "</td></tr></table>" * n + "</body></html>")
    return Case([str(path)], (2,), ("too-large",))


def tab_line(folder: Path) -> Case:
    path = _write(folder, "tabs.txt", "\t1" * 500_000)
    return Case([str(path)], (2,), ("too-large",))


def dense_figures(folder: Path) -> Case:
    path = _write(folder, "figures.txt", "1，" * 200_000)
    return Case([str(path)], (2,), ("too-large",))


def fuzzed_markdown(folder: Path) -> Case:
    """Seeds cut up and shuffled into a 1.7 MB Markdown file, with table pipes sprinkled in."""
    import random

    rng = random.Random(16)
    words = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "reports").glob("*.txt"))).split()
    out: list[str] = []
    size = 0
    while size < 1_700_000:
        piece = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 12)))
        if rng.random() < 0.3:
            piece = "| " + piece.replace(" ", " | ") + " |"
        out.append(piece)
        size += len(piece.encode()) + 1
    path = _write(folder, "fuzzed.md", "\n".join(out) + "\n")
    return Case([str(path)], (0, 1, 2), (None, "too-large", "timeout"), note="checked")


# ------------------------------------------------------------ special files


def dev_zero_report(folder: Path) -> Case:
    link = folder / "x.txt"
    link.symlink_to("/dev/zero")
    return Case([str(link)], (2,), ("not-a-file",))


def dev_zero_in_a_folder(folder: Path) -> Case:
    sub = folder / "submitted"
    sub.mkdir()
    (sub / "report.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (sub / "x.txt").symlink_to("/dev/zero")
    return Case([str(sub)], (1, 2), (None, "link-outside"), note="the link not followed, the report checked")


def fifo_report(folder: Path) -> Case:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return Case([str(path)], (2,), ("not-a-file",))


def dev_zero_baseline(folder: Path) -> Case:
    return Case([str(SEED), "--baseline", "/dev/zero"], (2,), json=False)


def link_to_a_secret(folder: Path) -> Case:
    outside = _write(folder, "outside/secret.txt", SECRET + "\n")
    sub = folder / "submitted"
    sub.mkdir()
    (sub / "report.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (sub / "p.txt").symlink_to(outside)
    return Case([str(sub), "--format", "html"], (1, 2), must_not_show=("SECRET-9c1e",), json=False,
                note="`link-outside`; the secret's text in no output")


def glob_over_a_loop(folder: Path) -> Case:
    sub = folder / "dir" / "a"
    sub.mkdir(parents=True)
    (sub / "report.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (folder / "dir" / "self").symlink_to(".")
    (sub / "up").symlink_to("..")
    return Case([f"{folder}/dir/**/*.txt"], (1,), (None,), note="checked once, the loop not followed")


# ------------------------------------------------------------- injections


def command_in_a_file_name(folder: Path) -> Case:
    sub = folder / "submitted"
    sub.mkdir()
    body = ('"项目","2019年","2020年","增长率"\n"教职工\n::error file=x::pwned ##[error]boom\x1b[2J",'
            '"10139","9456","6.7%"\n"学生","100","110","10.0%"\n')
    (sub / "a\n::error::x.csv").write_text(body, "utf-8")
    return Case([str(sub)], (1,), no_runner_commands=True, json=False,
                note="findings shown; no line a runner would obey")


def control_characters_for_junit(folder: Path) -> Case:
    sub = folder / "submitted"
    sub.mkdir()
    (sub / "e\x1bx\x01\x08.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    return Case([str(sub), "--format", "junit"], (1,), json=False, note="JUnit parses, names escaped")


def planted_configuration(folder: Path) -> Case:
    sub = folder / "submitted"
    sub.mkdir()
    (sub / "report.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (sub / "vetlint.toml").write_text('ignore = ["VL"]\nfail-on = "never"\n', "utf-8")
    return Case(["report.txt", "--isolated"], (1,), (None,), cwd=str(sub),
                note="the planted file ignored: findings reported")


# ---------------------------------------------------------- bad numbers


def timeout_inf(folder: Path) -> Case:
    return Case([str(SEED), "--timeout", "inf"], (2,), json=False)


def max_size_nan(folder: Path) -> Case:
    cfg = _write(folder, "vetlint.toml", "max-size = nan\n")
    return Case([str(SEED), "--config", str(cfg)], (2,), json=False)


def deep_baseline(folder: Path) -> Case:
    path = _write(folder, "baseline.json", "[" * 100_000 + "]" * 100_000)
    return Case([str(SEED), "--baseline", str(path)], (2,), json=False)


def read_only_step_summary(folder: Path) -> Case:
    _write(folder, "file", "x")
    return Case([str(SEED), "--format", "github"], (1,), json=False,
                env={"GITHUB_STEP_SUMMARY": str(folder / "file" / "summary.md")},
                note="a one-line warning; the exit status from the findings")


def many_rule_packs(folder: Path) -> Case:
    packs = folder / "packs"
    packs.mkdir()
    rule = (
        "  - code: {code}\n    name: r{i}\n    kind: table-formula\n    severity: error\n"
        "    params: {{result: [生师比], inputs: {{s: [在校生], t: [专任教师]}}, formula: s / t}}\n"
        '    message: {{zh: "x", en: "x"}}\n    docs: {{summary: s, what: w, why: y, fail: f, pass: p}}\n'
    )
    for k in range(100):
        prefix = f"{chr(65 + k // 26)}{chr(65 + k % 26)}X"
        rules = "".join(rule.format(code=f"{prefix}{i:04d}", i=i) for i in range(1000))
        (packs / f"p{k:03d}.yaml").write_text(
            f"pack:\n  name: p{k}\n  version: '1'\n  description: d\nrules:\n{rules}", "utf-8"
        )
    return Case([str(SEED), "--rules", str(packs)], (2,), json=False)


CASES: dict[str, Callable[[Path], Case]] = {
    "pdf: content stream of 60 MB of operators": pdf_operator_bomb,
    "pdf: 300,000 characters on one page": pdf_glyph_bomb,
    "pdf: 500 pages": pdf_500_pages,
    "docx: a 100 MB part": docx_huge_part,
    "xlsx: 1,000,000 formulas": xlsx_million_formulas,
    "md: 100,000-row table": md_100k_rows,
    "html: 20,000 nested tables": html_nested_tables,
    "txt: a 1 MB line of \\t1": tab_line,
    "txt: 200,000 figures": dense_figures,
    "md: 1.7 MB of shuffled seed text": fuzzed_markdown,
    "x.txt -> /dev/zero": dev_zero_report,
    "folder with x.txt -> /dev/zero": dev_zero_in_a_folder,
    "a FIFO named pipe.txt": fifo_report,
    "--baseline /dev/zero": dev_zero_baseline,
    "folder with p.txt -> a file outside, --format html": link_to_a_secret,
    "'dir/**/*.txt' with self -> .": glob_over_a_loop,
    "file name 'a\\n::error::x.csv', label with ##[error]": command_in_a_file_name,
    "file name with ESC, \\x01, \\x08; --format junit": control_characters_for_junit,
    "planted vetlint.toml ignore = VL; --isolated": planted_configuration,
    "--timeout inf": timeout_inf,
    "max-size = nan": max_size_nan,
    "baseline nested 100,000 deep": deep_baseline,
    "GITHUB_STEP_SUMMARY read-only": read_only_step_summary,
    "100 packs of 1,000 rules": many_rule_packs,
}


# ------------------------------------------------------------------ running

# A wrapper process runs vetlint and reports getrusage(RUSAGE_CHILDREN).ru_maxrss: the peak
# resident set of the largest process below it (vetlint or one of its workers), nothing else.
_WRAPPER = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[2:], capture_output=True, cwd=sys.argv[1] or None, timeout=600)
print(json.dumps({"status": done.returncode, "seconds": time.monotonic() - started,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stdout": done.stdout.decode("utf-8", "backslashreplace"),
                  "stderr": done.stderr.decode("utf-8", "backslashreplace")}))
"""


@dataclass
class Outcome:
    status: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str
    codes: list[str | None]  # each report's error code, from the JSON output


def run_case(case: Case, extra: list[str] | None = None) -> Outcome:
    """``vetlint check`` on one case in a fresh process, measured from outside it."""
    import json

    vetlint = Path(sys.executable).with_name("vetlint")
    args = [str(vetlint), "check", *case.args, *(extra or [])]
    if case.json:
        args += ["--format", "json"]
    env = {**os.environ, **case.env}
    env.pop("GITHUB_STEP_SUMMARY", None) if "GITHUB_STEP_SUMMARY" not in case.env else None
    import subprocess

    done = subprocess.run([sys.executable, "-c", _WRAPPER, case.cwd or "", *args],
                          capture_output=True, text=True, env=env, timeout=900)
    data = json.loads(done.stdout)
    codes: list[str | None] = []
    if case.json and data["stdout"].strip():
        report = json.loads(data["stdout"])
        codes = [(r.get("error") or {}).get("code") for r in report["reports"]]
    return Outcome(data["status"], data["seconds"], data["peak_kb"] / 1024, data["stdout"],
                   data["stderr"], codes)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "hostile-inputs")
    for i, (name, build) in enumerate(CASES.items()):
        folder = out / f"{i:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        case = build(folder)
        print(f"{folder}: {name}: vetlint check {' '.join(case.args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
