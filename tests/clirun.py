"""Running the command line in-process for tests: exit status, stdout and stderr."""

from __future__ import annotations

import pytest

from vetlint.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``vetlint ARGS`` through ``main``: (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err
