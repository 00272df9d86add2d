"""A fuzz run: mutated reports of every format through the batch runner, failures counted.

Each input is a seed report (``fixtures/reports``, ``fixtures/derived``, ``fixtures/rendered``)
mutated a few times: bytes flipped, inserted, deleted or repeated, structural tokens
spliced in (``|``, tabs, ``<table>``, brackets, digits and units), a chunk duplicated
hundreds of times; for .docx/.xlsx the XML inside the ZIP is mutated and the package
rebuilt, so the mutation reaches the parsers rather than only the ZIP reader. All inputs
go through ``run_batch`` as ``vetlint check`` runs them (workers under the memory cap,
the time limit), and the run counts each outcome.

A failure is anything but a clean result or a clear error: ``internal-error`` (a bug),
``worker-died`` (a crash), an exception out of the batch, or a report past the time limit.

    python bench/fuzz.py --count 10400 --jobs 2      # the figure in the README
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from vetlint.batch import run_batch
from vetlint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(
    p for folder in ("reports", "derived", "rendered") for p in (ROOT / "fixtures" / folder).iterdir()
    if p.suffix in {".txt", ".md", ".html", ".csv", ".docx", ".xlsx", ".pdf"}
)
TOKENS = [b"|", b"\t", b"\n", b"<table><tr><td>", b"</td></tr></table>", b"<td colspan=999>",
          b"{", b"[", b"]", b"}", b"\"", b"&amp;", b"0", b"9.99", b"%", "万".encode(), "亿元".encode(),
          "合计".encode(), "其中".encode(), "增长".encode(), "表1".encode(), b"\xff\xfe", b"\x00",
          "\u202e".encode(), b"\x1b[2J", b"::error::x", b"##[error]"]
FAILURES = {"internal-error", "worker-died", "timeout"}


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            out += rng.choice(TOKENS)
            continue
        i = rng.randrange(len(out))
        op = rng.randrange(6)
        if op == 0:
            out[i] = rng.randrange(256)
        elif op == 1:
            out[i:i] = rng.choice(TOKENS)
        elif op == 2:
            del out[i : i + rng.randint(1, 64)]
        elif op == 3:
            chunk = bytes(out[i : i + rng.randint(1, 200)])
            out[i:i] = chunk * rng.randint(2, 300)
        elif op == 4:
            j = rng.randrange(len(out))
            out[i : i + 50], out[j : j + 50] = out[j : j + 50], out[i : i + 50]
        else:
            out[i:i] = rng.choice(TOKENS) * rng.randint(50, 2000)
    return bytes(out)


def mutate_package(data: bytes, rng: random.Random) -> bytes:
    """Mutate one or two XML parts inside a .docx/.xlsx and zip it again."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        members = {info.filename: zin.read(info) for info in zin.infolist()}
    xml = [n for n in members if n.endswith(".xml")]
    for name in rng.sample(xml, k=min(len(xml), rng.randint(1, 2))):
        members[name] = mutate_bytes(members[name], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, body in members.items():
            zout.writestr(name, body)
    return out.getvalue()


def mutant(seed: Path, rng: random.Random) -> bytes:
    data = seed.read_bytes()
    if seed.suffix in (".docx", ".xlsx") and rng.random() < 0.8:
        return mutate_package(data, rng)
    return mutate_bytes(data, rng)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    settings = Settings(timeout=args.timeout, keep_passed=False)
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    slowest = (0.0, "")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        done = 0
        while done < args.count:
            batch = []
            for k in range(min(200, args.count - done)):
                seed = rng.choice(SEEDS)
                path = Path(tmp) / f"m{done + k:05d}-{seed.stem[:20]}{seed.suffix}"
                path.write_bytes(mutant(seed, rng))
                batch.append(str(path))
            for result in run_batch(batch, settings, jobs=args.jobs, progress=False):
                code = result.error["code"] if result.error else "checked"
                outcomes[code] += 1
                if code in FAILURES:
                    failures.append(f"{Path(result.path).name}: {code}: {result.error['message'][:120]}")
                if result.seconds > slowest[0]:
                    slowest = (result.seconds, Path(result.path).name)
            for p in batch:
                Path(p).unlink()
            done += len(batch)
            print(f"  {done} inputs, {sum(outcomes[c] for c in FAILURES)} failures", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    print(f"fuzz run: {args.count} mutated inputs from {len(SEEDS)} seeds, seed {args.seed}, "
          f"--jobs {args.jobs}, {elapsed:.0f} s")
    print(f"failures (internal-error, worker-died, timeout): {len(failures)}")
    for line in failures[:20]:
        print(f"  {line}")
    print("outcomes: " + ", ".join(f"{code} {n}" for code, n in outcomes.most_common()))
    print(f"slowest report: {slowest[0]:.1f} s ({slowest[1]})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
