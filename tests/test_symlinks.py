"""Folders and globs never lead outside the folder given, and always end.

A submitted folder may hold ``p.txt -> /etc/passwd`` (its text would be embedded in the
HTML page CI uploads), links to folders outside, and loops (``self -> .``). Without
``--follow-symlinks`` nothing outside is read and the link is reported; with it, links
are followed and every folder is still visited once.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
from pathlib import Path

import pytest
from clirun import run as cli

from vetlint import inputs
from vetlint.batch import expand, expand_inputs
from vetlint.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "reports" / "xuchang-2019-secondary-vet-quality.txt"
SECRET = "SECRET-7f3a 2020年全市共有中职学校57所。"
pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links")


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """submitted/ with a real report, links out (a file, a folder) and in, and a loop."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET + "\n", "utf-8")
    (outside / "more" / "other.txt").write_text(SECRET + "\n", "utf-8")
    sub = tmp_path / "submitted"
    (sub / "dir" / "deep").mkdir(parents=True)
    shutil.copy(SEED, sub / "dir" / "report.txt")
    (sub / "dir" / "deep" / "b.md").write_text("2020年全市共有中职学校57所。\n", "utf-8")
    (sub / "p.txt").symlink_to(outside / "secret.txt")
    (sub / "dir" / "up.txt").symlink_to("../../outside/secret.txt")
    (sub / "dir" / "same.txt").symlink_to("report.txt")  # inside: fine
    (sub / "dir" / "self").symlink_to(".")
    (sub / "dir" / "loop").symlink_to("..")
    (sub / "outdir").symlink_to(outside / "more")
    return sub


def names(paths: list[str], top: Path) -> list[str]:
    return [os.path.relpath(p, top) for p in paths]


def test_a_folder_never_follows_a_link_out(tree: Path) -> None:
    found = expand([str(tree)])
    assert names(found.files, tree) == ["dir/deep/b.md", "dir/report.txt", "dir/same.txt"]
    assert sorted(names(list(found.refused), tree)) == ["dir/up.txt", "p.txt"]
    assert {e["code"] for e in found.refused.values()} == {"link-outside"}


def test_nothing_outside_reaches_any_output(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("html", "json", "console"):
        code, out, err = cli(["check", str(tree), "--format", fmt, "-j", "1", "--lang", "en"], capsys)
        assert code in (1, 2), err
        assert "SECRET-7f3a" not in out and "SECRET-7f3a" not in err
        flat = "".join(out.split())  # the console wraps long paths at its width
        assert "p.txt" in flat and "notfollowed" in flat


def test_follow_symlinks_follows_and_still_ends(tree: Path) -> None:
    started = time.monotonic()
    found = expand([str(tree)], follow_symlinks=True)
    assert time.monotonic() - started < 5
    got = names(found.files, tree)
    assert "p.txt" in got and "outdir/other.txt" in got and not found.refused
    assert len(got) == len(set(os.path.realpath(tree / g) for g in got)) + 2  # same.txt, p.txt/up.txt


@pytest.mark.parametrize("follow", [False, True])
def test_a_recursive_glob_over_a_loop_ends_fast(tree: Path, follow: bool) -> None:
    started = time.monotonic()
    found = expand([f"{tree}/dir/**/*.txt"], follow_symlinks=follow)
    assert time.monotonic() - started < 5
    got = names(found.paths, tree)
    assert "dir/report.txt" in got and "dir/up.txt" in got
    assert (str(tree / "dir" / "up.txt") in found.refused) is not follow  # refused unless following
    assert len(got) < 20


def test_a_glob_is_bounded(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_ENTRIES", 5)
    with pytest.raises(UsageError, match="more than 5 files and folders"):
        expand_inputs([f"{tree}/**/*.txt"])
    with pytest.raises(UsageError, match="name a narrower folder"):
        expand_inputs([str(tree)])


def test_a_file_named_explicitly_is_followed(tree: Path) -> None:
    assert expand([str(tree / "p.txt")]).refused == {}


@pytest.mark.parametrize(
    "pattern",
    ["*.txt", "a/**/*.txt", "**/*.md", "a/*/x.txt", "a/[xy].txt", "a/?.txt", "**", "a/**", "a/.h/*.txt",
     "**/x.txt", "a/b/**/*.txt", "nothing/*.txt"],
)
def test_our_glob_agrees_with_the_standard_one_without_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    for rel in ["r.txt", "a/x.txt", "a/y.txt", "a/z.md", "a/b/x.txt", "a/b/c/x.txt", "a/b/c/d.md",
                "a/.h/x.txt", ".top/x.txt", "a/notes.log"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("2020年共有57所。\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    standard = sorted(glob.glob(pattern, recursive=True))
    files = [m for m in standard if os.path.isfile(m)]
    for m in standard:
        if os.path.isdir(m):
            files += [str(f) for f in Path(m).rglob("*") if f.is_file() and f.suffix in (".txt", ".md")
                      and not any(p.startswith(".") for p in f.relative_to(m).parts)]
    want = sorted({os.path.normpath(f) for f in files})
    try:
        got = sorted(os.path.normpath(f) for f in expand_inputs([pattern]))
    except UsageError:
        got = []
    assert got == want
