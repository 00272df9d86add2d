"""Batch throughput: `--jobs 1` against `--jobs N` on copies of the real reports.

    .venv/bin/python bench/batch.py [--copies 40] [--jobs 2]

Prints seconds and reports per second for each; asserts nothing (timing belongs
here, not in the test suite).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from vetlint.api import check_many
from vetlint.batch import default_jobs
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def make_batch(folder: Path, copies: int) -> list[str]:
    sources = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))
    for i in range(copies):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:04d}-{src.name}")
    return [str(folder)]


def timed(paths: list[str], jobs: int) -> tuple[float, int]:
    started = time.perf_counter()
    results = check_many(paths, Settings(), jobs=jobs, progress=False)
    return time.perf_counter() - started, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_batch(Path(tmp), args.copies)
        timed(paths[:1], 1)  # warm caches (rule packs, imports)
        for jobs in sorted({1, args.jobs}):
            seconds, n = timed(paths, jobs)
            print(f"--jobs {jobs}: {n} reports in {seconds:.2f} s ({n / seconds:.1f} reports/s)")


if __name__ == "__main__":
    main()
