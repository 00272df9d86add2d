"""Configuration: ``vetlint.toml`` or ``[tool.vetlint]`` in ``pyproject.toml``.

Found by walking up from the working directory (the first ``vetlint.toml``,
``.vetlint.toml`` or ``pyproject.toml`` with a ``[tool.vetlint]`` table wins),
validated key by key, then overridden by command-line flags. A bad value is a
``UsageError`` naming the file and the key, never a traceback.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetlint.errors import ReadError, UsageError
from vetlint.files import read_text_limited
from vetlint.settings import Settings, Waiver

CONFIG_NAMES = ("vetlint.toml", ".vetlint.toml")
SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
ROUNDING = ("round", "truncate")
MAX_CONFIG_BYTES = 1024 * 1024  # a configuration is a few hundred bytes; pyproject.toml a few KB

# Numbers a run takes: (lowest, highest, what it is). Both bounds are allowed; 0 is allowed
# only where it means "no limit". Checked for the file's values and the flags' alike, so
# ``--timeout inf`` or ``max-size = nan`` is one clear line, never an overflow later.
NUMBER_RANGES: dict[str, tuple[float, float, str]] = {
    "max-size": (0.001, 4096, "a size in MB from 0.001 to 4096"),
    "max-text-size": (0.001, 4096, "a size in MB from 0.001 to 4096"),
    "timeout": (0, 86400, "a number of seconds from 0 (no limit) to 86400"),
    "max-memory": (0, 1048576, "a size in MB: 0 (no limit) or 128 to 1048576"),
    "abs-tolerance": (0, 1e15, "a number from 0 to 1e15"),
    "rel-tolerance": (0, 1, "a fraction from 0 to 1"),
    "jobs": (1, 256, "a whole number from 1 to 256"),
}
MIN_MEMORY_MB = 128  # below this even Python and the rule packs do not fit

# key (kebab-case as written in the file) -> kind of value it takes
_KEYS: dict[str, str] = {
    "select": "codes",
    "ignore": "codes",
    "severity": "severity-map",
    "rules": "rules",
    "rounding": "rounding",
    "abs-tolerance": "number",
    "rel-tolerance": "number",
    "lang": "lang",
    "fail-on": "fail-on",
    "max-size": "number",
    "max-text-size": "number",
    "timeout": "number",
    "max-memory": "number",
    "include-passed": "bool",
    "waivers": "waivers",
    "docs-url": "url",
}

TEMPLATE = """\
# vetlint configuration. Command-line flags override every value here.
# The same keys work in pyproject.toml under [tool.vetlint].

# Rules to run: codes (VL101), code prefixes (VL1) or pack names; empty = all.
select = []
# Rules to skip, same forms as select.
ignore = []

# Extra rule-pack folders (YAML), relative to this file.
rules = []

# Which finding severity makes `vetlint check` exit 1: error | warning | info | never.
fail-on = "error"

# Language of messages: "zh" or "en"; leave unset to follow each report's language.
# lang = "zh"

# How authors shorten figures: "round" (6.17% -> 6.2%) or "truncate" (6.17% -> 6.1%).
rounding = "round"
# Extra slack on top of the printed precision (0 = judge by printed precision alone).
abs-tolerance = 0.0
rel-tolerance = 0.0

# Reports larger than this many megabytes are not read.
max-size = 50
# Lower limit for plain-text formats (.txt .md .html .csv .json .yaml): checking time
# grows with every byte of text (.docx/.xlsx/.pdf keep max-size).
max-text-size = 2
# Seconds one report may take before it is stopped and reported as unreadable
# (the rest of a batch is still checked); 0 = no limit.
timeout = 60
# Memory (MB) the process checking one report may use; a report that needs more is
# reported as too large instead of exhausting the machine (Linux); 0 = no limit.
max-memory = 1024

# Where the rule pages (docs/rules/VLxxx.md) are published, for the SARIF helpUri of each
# rule, e.g. "https://github.com/ORG/vetlint/blob/main/docs/rules"; default: the local files.
# docs-url = ""

# Change a rule's severity (by code, prefix or pack).
[severity]
# VL205 = "warning"

# Re-parameterise a shipped rule: any of its params (see `vetlint explain CODE`), by code
# or name. With such tables, list extra rule folders as `paths` under [rules]:
# [rules]
# paths = ["my-rules"]
# [rules.VL401]
# exclude = ["累计"]              # totals whose label holds one of these words are not judged

# Silence one finding until the figures it judged change. Copy the fingerprint
# from the JSON/SARIF output; a waiver that matches nothing is reported (VL000).
# [[waivers]]
# fingerprint = "0123456789abcdef0123"
# reason = "the report's own rounding convention"
# who = "reviewer name"
# rule = "VL101"                  # optional: the waiver then matches only this rule
"""


@dataclass(slots=True)
class Config:
    """What a configuration file said, already validated; ``path`` is None when none was found."""

    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (default: cwd) upward."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(read_text_limited(path, MAX_CONFIG_BYTES))
    except (ReadError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(data.get("tool"), dict) and "vetlint" in data["tool"]


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Load ``path``, or discover one upward from ``start``; validate every key."""
    if path is None:
        found = find_config(start)
        if found is None:
            return Config()
        path = found
    p = Path(path)
    try:
        data = tomllib.loads(read_text_limited(p, MAX_CONFIG_BYTES))
    except ReadError as exc:
        if exc.code == "not-found":
            raise UsageError(f"{p}: configuration file not found") from None
        raise UsageError(f"{p}: cannot read configuration ({exc.message})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{p}: configuration is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{p}: invalid TOML ({exc})") from None
    except RecursionError:
        raise UsageError(f"{p}: invalid TOML (nested too deeply)") from None
    table, where = _section(data, p)
    values = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise UsageError(f"{p}: unknown key '{raw_key}' in {where} (known: {known})")
        values[key] = _validate(key, value, p, where)
    if "rules" in values:  # rule folders are relative to the file that names them
        rules = values.pop("rules")
        values["rules"] = [str((p.parent / d).resolve()) for d in rules["paths"]]
        if rules["params"]:
            values["rule-params"] = rules["params"]
    return Config(path=str(p), values=values)


def _section(data: dict[str, Any], p: Path) -> tuple[dict[str, Any], str]:
    tool = data.get("tool")
    if isinstance(tool, dict) and "vetlint" in tool:
        if not isinstance(tool["vetlint"], dict):
            raise UsageError(f"{p}: [tool.vetlint] must be a table")
        rest = {k for k in data if k != "tool"}
        if p.name != "pyproject.toml" and rest:
            raise UsageError(f"{p}: use either top-level keys or [tool.vetlint], not both")
        return tool["vetlint"], "[tool.vetlint]"
    if p.name == "pyproject.toml":
        return {}, "[tool.vetlint]"
    return data, "the file"


def _fail(p: Path, where: str, key: str, expected: str, value: Any) -> UsageError:
    return UsageError(f"{p}: '{key}' in {where} must be {expected}, got {value!r}")


def _validate(key: str, value: Any, p: Path, where: str) -> Any:
    kind = _KEYS[key]
    if kind == "rules":
        return _rules(value, p, where)
    if kind in ("codes", "paths"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _fail(p, where, key, "a list of strings", value)
        return list(value)
    if kind == "number":
        problem = number_problem(key, value)
        if problem is not None:
            raise _fail(p, where, key, problem, value)
        return float(value)
    if kind == "url":
        if not isinstance(value, str) or not value.startswith(("https://", "http://", "file://")):
            raise _fail(p, where, key, "an http(s):// or file:// URL", value)
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise _fail(p, where, key, "true or false", value)
        return value
    choices = {"rounding": ROUNDING, "lang": LANGS, "fail-on": FAIL_ON}.get(kind)
    if choices is not None:
        if value not in choices:
            raise _fail(p, where, key, " | ".join(choices), value)
        return value
    if kind == "severity-map":
        if not isinstance(value, dict):
            raise _fail(p, where, key, "a table of code = severity", value)
        for code, sev in value.items():
            if sev not in SEVERITIES:
                raise _fail(p, where, f"{key}.{code}", " | ".join(SEVERITIES), sev)
        return dict(value)
    return _waivers(value, p, where)


def _rules(value: Any, p: Path, where: str) -> dict[str, Any]:
    """``rules = ["folder"]``, or a ``[rules]`` table: ``paths`` (folders) and one table of
    params per rule (``[rules.VL401] exclude = [...]``)."""
    if isinstance(value, str | list):
        return {"paths": _as_list(value, p, where), "params": {}}
    if not isinstance(value, dict):
        raise _fail(p, where, "rules", "a list of rule folders or a table", value)
    params: dict[str, dict[str, Any]] = {}
    for key, item in value.items():
        if key == "paths":
            continue
        if not isinstance(item, dict):
            raise _fail(p, where, f"rules.{key}", "a table of the rule's params", item)
        params[key] = dict(item)
    return {"paths": _as_list(value.get("paths", []), p, where), "params": params}


def _as_list(value: Any, p: Path, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(p, where, "rules", "a list of rule folders", value)
    return list(value)


def _waivers(value: Any, p: Path, where: str) -> list[Waiver]:
    if not isinstance(value, list):
        raise _fail(p, where, "waivers", "an array of tables ([[waivers]])", value)
    out: list[Waiver] = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise _fail(p, where, f"waivers[{i}]", "a table", item)
        unknown = set(item) - {"fingerprint", "reason", "who", "rule"}
        if unknown:
            raise UsageError(f"{p}: unknown key '{sorted(unknown)[0]}' in waivers[{i}]")
        fp = item.get("fingerprint")
        if not isinstance(fp, str) or not fp.strip():
            raise _fail(p, where, f"waivers[{i}].fingerprint", "a non-empty string", fp)
        for name in ("reason", "who", "rule"):
            if not isinstance(item.get(name, ""), str):
                raise _fail(p, where, f"waivers[{i}].{name}", "a string", item[name])
        rule = item.get("rule", "").strip() or None
        out.append(Waiver(fp.strip(), item.get("reason", ""), item.get("who", ""), rule))
    return out


def number_problem(key: str, value: Any) -> str | None:
    """What ``value`` must be for ``key`` when it is not (None when it is fine)."""
    low, high, expected = NUMBER_RANGES[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return expected
    if not math.isfinite(value) or not low <= value <= high:
        return expected
    if key == "jobs" and value != int(value):
        return expected
    if key == "max-memory" and 0 < value < MIN_MEMORY_MB:
        return expected
    return None


def check_flags(overrides: dict[str, Any]) -> None:
    """Refuse a command-line number out of range, naming the flag (``--timeout``)."""
    for key, value in overrides.items():
        if key in NUMBER_RANGES and value is not None:
            problem = number_problem(key, value)
            if problem is not None:
                raise UsageError(f"--{key} must be {problem}, got {value!r}")


def build_settings(config: Config, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults ← configuration file ← command-line ``overrides`` (None values are ignored).

    ``overrides`` uses the same kebab-case keys as the file; ``rules`` and
    ``select``/``ignore`` given on the command line replace the file's lists,
    ``severity`` entries are merged.
    """
    check_flags(overrides or {})
    merged: dict[str, Any] = dict(config.values)
    for key, value in (overrides or {}).items():
        if value is None or value == [] or value == {}:
            continue
        if key == "severity":
            merged["severity"] = {**merged.get("severity", {}), **value}
        else:
            merged[key] = value
    s = Settings(config_path=config.path)
    s.origins = _origins(config, overrides or {})
    s.select = list(merged.get("select", []))
    s.ignore = list(merged.get("ignore", []))
    s.severity = dict(merged.get("severity", {}))
    s.rule_dirs = list(merged.get("rules", []))
    s.rule_params = {k: dict(v) for k, v in merged.get("rule-params", {}).items()}
    s.rounding = merged.get("rounding", s.rounding)
    s.abs_tolerance = float(merged.get("abs-tolerance", s.abs_tolerance))
    s.rel_tolerance = float(merged.get("rel-tolerance", s.rel_tolerance))
    s.lang = merged.get("lang", s.lang)
    s.fail_on = merged.get("fail-on", s.fail_on)
    if "max-size" in merged:
        s.max_bytes = int(float(merged["max-size"]) * 1024 * 1024)
    if "max-text-size" in merged:
        s.max_text_bytes = int(float(merged["max-text-size"]) * 1024 * 1024)
    if "timeout" in merged:
        s.timeout = float(merged["timeout"]) or None
    if "max-memory" in merged:
        s.max_memory = int(float(merged["max-memory"]) * 1024 * 1024) or None
    s.include_passed = bool(merged.get("include-passed", s.include_passed))
    s.waivers = list(merged.get("waivers", []))
    s.docs_url = merged.get("docs-url", s.docs_url)
    return s


_FLAGS = {"select": "--select", "ignore": "--ignore"}


def _origins(config: Config, overrides: dict[str, Any]) -> dict[str, str]:
    """Where select / ignore / severity / waivers come from, for messages about them."""
    out: dict[str, str] = {}
    for key in ("select", "ignore", "severity", "waivers"):
        if overrides.get(key) and key in _FLAGS:
            out[key] = _FLAGS[key]
        elif key in config.values:
            out[key] = f"{config.path}: '{key}'"
    return out


def write_template(path: str | Path) -> Path:
    """``vetlint init``: write the commented template; refuse to overwrite."""
    p = Path(path)
    if p.exists() or p.is_symlink():
        raise UsageError(f"{p} already exists; not overwriting it")
    try:
        with open(p, "x", encoding="utf-8") as fh:
            fh.write(TEMPLATE)
    except OSError as exc:
        raise UsageError(f"{p}: cannot write the configuration ({exc.strerror or exc})") from None
    return p
