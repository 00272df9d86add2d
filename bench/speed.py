"""Speed benchmark: the figures the README quotes, measured on this machine.

    python bench/speed.py            # all measurements
    python bench/speed.py --quick    # fewer repetitions, smaller batch
    python bench/speed.py --readers  # the process floor and the PDF/.docx read times only

Prints each figure next to its target. Whole-process figures are medians of
repeated runs; memory is the peak resident set of the whole process tree,
sampled from /proc while the batch runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))


def vetlint_cmd() -> list[str]:
    exe = shutil.which("vetlint", path=str(Path(sys.executable).parent)) or shutil.which("vetlint")
    return [exe] if exe else [sys.executable, "-m", "vetlint"]


def wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            with open(f"/proc/{entry}/status") as fh:
                kb = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, StopIteration, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_with_peak(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak tree RSS (KiB) and exit status of ``cmd``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = proc.wait()
    done.set()
    sampler.join()
    return time.perf_counter() - t0, peak, status


RENDERED = ROOT / "fixtures" / "rendered"


def cpu_of(cmd: list[str], repeat: int) -> float:
    """Median CPU seconds (user + system) of a child process."""
    times = []
    for _ in range(repeat):
        before = os.times()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        after = os.times()
        times.append((after.children_user - before.children_user)
                     + (after.children_system - before.children_system))
    return statistics.median(times)


def best_cpu(fn, repeat: int) -> float:
    fn()  # warm: imports, compiled patterns
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


class _Indexed(list):
    """pdfplumber's chars with ``index`` answered from a table: its dedupe ends in
    ``sorted(deduped, key=chars.index)``, quadratic in the characters of a page."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self._at = {id(item): k for k, item in enumerate(items)}

    def index(self, item, *_args) -> int:  # type: ignore[override]
        return self._at[id(item)]


def pdfplumber_chars(path: Path, keyed_sort: bool) -> None:
    """Characters as pdfplumber gives them: its parse and its dedupe (the last step as
    shipped, or keyed on position)."""
    import pdfplumber
    from pdfplumber import utils

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = page.chars
            utils.dedupe_chars(_Indexed(chars) if keyed_sort else chars)
            page.close()


def pdfium_chars(path: Path) -> None:
    """Characters with their boxes as vetlint's PDF reader takes them from PDFium."""
    import pypdfium2 as pdfium

    from vetlint.readers.pdfpage import read_page

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for k in range(len(pdf)):
            page = pdf[k]
            read_page(page, k + 1)
            page.close()
    finally:
        pdf.close()


def reader_times(repeat: int, cmd: list[str], floor_cpu: float) -> None:
    """PDF and .docx read times (CPU) of the seed renderings, against the targets."""
    from vetlint.readers import read_bytes

    pdfs = sorted(RENDERED.glob("*.pdf"))
    pages: dict[Path, int] = {}
    for path in pdfs:
        data = path.read_bytes()
        pages[path] = read_bytes(data, path.name).meta["pages"]
        secs = best_cpu(lambda data=data, path=path: read_bytes(data, path.name), repeat)
        print(f"read {path.name:48} {pages[path]:3} pages {secs:6.3f} s CPU "
              "(target <= 0.400 s for 24)")
    largest = max(pdfs, key=lambda p: pages[p])
    chars = best_cpu(lambda: pdfium_chars(largest), repeat)
    print(f"  {largest.name}: characters with boxes from PDFium {chars:6.3f} s CPU")
    try:
        import pdfplumber  # noqa: F401  (no longer a dependency; measured when installed)
    except ImportError:
        print("  pdfplumber not installed: its figures are not measured")
    else:
        plumber = best_cpu(lambda: pdfplumber_chars(largest, False), max(1, repeat // 3))
        keyed = best_cpu(lambda: pdfplumber_chars(largest, True), max(1, repeat // 3))
        print(f"  the same from pdfplumber, its dedupe as shipped  {plumber:6.3f} s CPU "
              f"{plumber / chars:5.1f}x PDFium")
        print(f"  the same from pdfplumber, dedupe keyed on place  {keyed:6.3f} s CPU "
              f"{keyed / chars:5.1f}x PDFium")
    whole = cpu_of([*cmd, "check", str(largest), "--format", "json"], repeat)
    print(f"vetlint check {largest.name:44} {whole:6.3f} s CPU ratio {whole / floor_cpu:4.2f} "
          "to the import floor (target <= 1.50)")
    for path in sorted(RENDERED.glob("*.docx")):
        data = path.read_bytes()
        secs = best_cpu(lambda data=data, path=path: read_bytes(data, path.name), repeat)
        print(f"read {path.name:48}       {secs * 1000:6.1f} ms CPU (target <= 30 ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--readers", action="store_true", help="only the reader figures")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    batch_n = 200 if args.quick else 1000
    cmd = vetlint_cmd()
    largest = max(SEEDS, key=lambda p: p.stat().st_size)

    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")

    help_s = wall([*cmd, "--help"], repeat)
    print(f"vetlint --help                      {help_s:6.3f} s   (target < 0.300 s)")

    floor = wall([sys.executable, "-c", "import pandas, pint"], repeat)
    whole = wall([*cmd, "check", str(largest), "--format", "json"], repeat)
    print(f"python -c 'import pandas, pint'     {floor:6.3f} s   (the dependencies' floor)")
    print(
        f"vetlint check {largest.name[:18]:18}  {whole:6.3f} s   ratio {whole / floor:4.2f} "
        "(target <= 1.30)"
    )

    sys.path.insert(0, str(ROOT / "src"))
    floor_cpu = cpu_of([sys.executable, "-c", "import pandas, pint"], repeat)
    print(f"python -c 'import pandas, pint'     {floor_cpu:6.3f} s CPU")
    reader_times(repeat, cmd, floor_cpu)
    if args.readers:
        return
    import vetlint.api as api

    api.check(largest)  # warm caches: rule packs, unit registry, compiled patterns
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        api.check(largest)
        runs.append(time.perf_counter() - t0)
    size_kb = largest.stat().st_size / 1024
    print(
        f"in-process check ({size_kb:.0f} KB report)     {statistics.median(runs) * 1000:6.1f} ms "
        "(target < 100 ms)"
    )

    from vetlint.readers import read_bytes

    def table_read(rows: int) -> float:
        text = "表1 各学校基本情况\n学校\t学生数\t教师数\n" + "".join(
            f"学校{i}\t{i * 3}\t{i}\n" for i in range(rows)
        )
        best = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            read_bytes(text.encode(), "rows.txt")
            best = min(best, time.process_time() - t0)
        return best

    small, large = table_read(2500), table_read(10_000)
    print(
        f"read a 10,000-row table             {large:6.3f} s   {large / small:4.1f}x the 2,500-row read "
        "(linear: 4x)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(batch_n):
            src = SEEDS[i % len(SEEDS)]
            shutil.copyfile(src, Path(tmp) / f"r{i:04d}{src.suffix}")
        for jobs in (1, 2):
            secs, peak_kb, _status = run_with_peak(
                [*cmd, "check", tmp, "--format", "json", "--jobs", str(jobs), "--output", os.devnull]
            )
            print(
                f"batch of {batch_n} with --jobs {jobs}          {batch_n / secs:6.1f} reports/s, "
                f"peak {peak_kb / 1024:5.0f} MB  (target with --jobs 2: >= 20/s, < 300 MB)"
            )


if __name__ == "__main__":
    main()
