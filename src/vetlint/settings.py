"""Settings that shape a run: which rules, how strict, which language.

Filled from defaults, then the configuration file, then command-line flags
(``config.py`` does the loading); the engine and renderers only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from vetlint.readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_TEXT_BYTES

DEFAULT_MAX_MEMORY = 1024 * 1024 * 1024


@dataclass(slots=True)
class Waiver:
    """Silences one finding (by fingerprint) until the figures it judged change."""

    fingerprint: str
    reason: str = ""
    who: str = ""
    rule: str | None = None  # the rule the finding belongs to (a waiver then matches only it)


@dataclass(slots=True)
class Settings:
    rule_dirs: list[str] = field(default_factory=list)  # extra rule-pack folders
    select: list[str] = field(default_factory=list)  # rule codes, prefixes or pack names; empty = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code/prefix/pack -> severity
    rule_params: dict[str, dict[str, Any]] = field(default_factory=dict)  # code/name -> params ([rules.VL401])
    rounding: Literal["round", "truncate"] = "round"
    abs_tolerance: float = 0.0
    rel_tolerance: float = 0.0
    lang: str | None = None  # None: the report's language
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    max_bytes: int = DEFAULT_MAX_BYTES
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES  # .txt/.md/.html/.csv/.json/.yaml: see readers
    include_passed: bool = False
    waivers: list[Waiver] = field(default_factory=list)
    config_path: str | None = None
    previous: str | None = None  # last year's report (``--previous``): VL501 compares against it
    keep_passed: bool = True  # False: a batch keeps only counts of the checks that held
    keep_documents: bool = False  # each result carries its Document (--format html draws the text)
    timeout: float | None = 60.0  # seconds one report may take; None or 0: no limit
    max_memory: int | None = DEFAULT_MAX_MEMORY  # bytes a worker may use (Linux); None: no limit
    docs_url: str | None = None  # where the rule pages are published (SARIF helpUri)
    # where select / ignore / severity / waivers came from, for error messages
    # (``--select``, ``vetlint.toml: 'ignore'``)
    origins: dict[str, str] = field(default_factory=dict)
