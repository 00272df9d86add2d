"""Speed benchmark: the figures the README quotes, measured on this machine.

    python bench/speed.py            # all measurements
    python bench/speed.py --quick    # fewer repetitions, smaller batch

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
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
