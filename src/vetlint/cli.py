"""The ``vetlint`` command: argument parsing only.

Everything heavy (readers, the engine, rich, pandas) is imported inside the
command that needs it, so ``vetlint --help`` answers at once. ``main`` turns
every error into one line on stderr and the exit status of the contract:
0 nothing reaches --fail-on, 1 something does, 2 the command could not run
(see docs/exit-codes.md).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vetlint import __version__

if TYPE_CHECKING:  # pragma: no cover
    from vetlint.checks import ReportResult
    from vetlint.settings import Settings

FORMATS = ("console", "concise", "json", "sarif", "github", "junit", "csv", "html")
EXTRACT_FORMATS = ("console", "json", "yaml", "text")
FAIL_ON = ("error", "warning", "info", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
ISOLATED_HELP = (
    "Ignore every configuration file on disk (for reports from strangers: a submitted "
    "vetlint.toml could silence the checks); cannot be combined with --config."
)
MAX_MEMORY_HELP = (
    "Memory one report's check may use, in MB (default 1024; 0: no limit); a report that "
    "needs more is reported as too large."
)

app = typer.Typer(
    name="vetlint",
    help="Consistency checker for vocational-education quality reports (职业教育质量年度报告).",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    if value is not None and value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=option)
    return value


def _codes(values: list[str] | None) -> list[str]:
    """``--select VL1,VL2 --select VL3`` → ``[VL1, VL2, VL3]``."""
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vetlint {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Check the arithmetic of a report: totals, growth rates, shares, ratios, repeated figures."""


def _settings(
    config: str | None, overrides: dict[str, object], *, isolated: bool = False
) -> Settings:
    """Defaults, then the configuration (``--config FILE``, else the one found upward from
    the working directory; none at all with ``--isolated``), then the flags."""
    from vetlint.config import Config, build_settings, load_config
    from vetlint.errors import UsageError

    if isolated and config is not None:
        raise UsageError("--isolated ignores every configuration file; it cannot be used with --config")
    return build_settings(Config() if isolated else load_config(config), overrides)


def _use_color(fmt: str, output: str | None, no_color: bool) -> bool:
    """Colour on a terminal; ``--no-color`` and ``NO_COLOR`` turn it off, ``FORCE_COLOR``
    (not empty, not ``0``) turns it on for a pipe (CI logs). Never into a file."""
    if fmt != "console" or output is not None or no_color or os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    return sys.stdout.isatty()


def _write(text: str, output: str | None, quiet: bool = False) -> None:
    """Print ``text``, or write it to ``output`` and say so on stderr."""
    from vetlint.files import utf8_text, write_text

    if output is None:
        sys.stdout.write(utf8_text(text))
        sys.stdout.flush()
        return
    from vetlint.errors import UsageError

    try:
        write_text(output, text)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write output ({exc.strerror or exc})") from None
    _note(f"wrote {output}", quiet)


def exit_status(results: list[ReportResult], fail_on: str) -> int:
    """1 when a reported finding reaches ``fail_on``; else 2 when a report was unreadable; else 0."""
    from vetlint.baseline import fails

    if fails(results, fail_on):
        return EXIT_FINDINGS
    if any(r.error is not None for r in results):
        return EXIT_USAGE
    return EXIT_OK


def _run_settings(
    config: str | None,
    *,
    lang: str | None,
    fail_on: str | None,
    rounding: str | None,
    select: list[str] | None,
    ignore: list[str] | None,
    rules: list[str] | None,
    max_size: float | None,
    previous: str | None,
    include_passed: bool | None = None,
    max_text_size: float | None = None,
    timeout: float | None = None,
    isolated: bool = False,
    max_memory: float | None = None,
) -> Settings:
    """The options `check` and `annotate` share: validated, merged over the configuration."""
    _choice(lang, ("zh", "en"), "--lang")
    _choice(fail_on, ("error", "warning", "info", "never"), "--fail-on")
    _choice(rounding, ("round", "truncate"), "--rounding")
    settings = _settings(
        config,
        {
            "select": _codes(select),
            "ignore": _codes(ignore),
            "rules": [str(Path(d).resolve()) for d in rules or []],
            "lang": lang,
            "fail-on": fail_on,
            "max-size": max_size,
            "max-text-size": max_text_size,
            "timeout": timeout,
            "max-memory": max_memory,
            "rounding": rounding,
            "include-passed": include_passed,
        },
        isolated=isolated,
    )
    _load_rules(settings)
    _use_previous(settings, previous)
    return settings


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Report files, folders (searched recursively) or globs; - reads stdin.", metavar="PATH")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="console | concise | json | sarif | github | junit | csv | html", metavar="FORMAT", autocompletion=lambda: list(FORMATS))] = "console",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE")] = None,
    lang: Annotated[str | None, typer.Option(help="Message language: zh | en (default: each report's own).", metavar="LANG", autocompletion=lambda: ["zh", "en"])] = None,
    include_passed: Annotated[bool, typer.Option("--include-passed", help="Also list the checks that held.")] = False,
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Extra rule-pack folder (repeatable).", metavar="DIR")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule codes, prefixes or packs (comma-separated).", metavar="CODES")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes, prefixes or packs (comma-separated).", metavar="CODES")] = None,
    fail_on: Annotated[str | None, typer.Option(help="error | warning | info | never (default: error).", metavar="LEVEL", autocompletion=lambda: list(FAIL_ON))] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported (2 still means vetlint could not run or read a report).")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, max=256, help="Parallel workers (default: CPU count).", metavar="N")] = None,
    config: Annotated[str | None, typer.Option(help="Configuration file (default: vetlint.toml or pyproject.toml, found upward).", metavar="FILE")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help=ISOLATED_HELP)] = False,
    max_memory: Annotated[float | None, typer.Option(help=MAX_MEMORY_HELP, metavar="MB")] = None,
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Follow links in folders and globs even when they point outside (default: such a link is reported, not read).")] = False,
    baseline: Annotated[str | None, typer.Option(help="Report only findings not in this baseline file.", metavar="FILE")] = None,
    write_baseline: Annotated[str | None, typer.Option(help="Record the current findings in FILE, print a summary and exit 0.", metavar="FILE")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print how many findings each rule has instead of the findings (console or json).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the findings and nothing else (no summary, no notes on stderr).")] = False,
    stdin_filename: Annotated[str | None, typer.Option("--stdin-filename", help="The name of the report read from stdin (-): its extension gives the format (default: a .txt report).", metavar="NAME")] = None,
    max_size: Annotated[float | None, typer.Option(min=0.001, help="Largest report to read, in MB (default 50).", metavar="MB")] = None,
    max_text_size: Annotated[float | None, typer.Option(min=0.001, help="Largest .txt/.md/.html/.csv/.json/.yaml report to read, in MB (default 2).", metavar="MB")] = None,
    rounding: Annotated[str | None, typer.Option(help="round | truncate: how authors shorten figures.", metavar="MODE", autocompletion=lambda: ["round", "truncate"])] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in console output (FORCE_COLOR=1 forces it, NO_COLOR=1 turns it off).")] = False,
    previous: Annotated[str | None, typer.Option("--previous", help="Last year's report: check the figures given for earlier years against it (VL501).", metavar="FILE")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds one report may take before it is stopped (default 60; 0: no limit).", metavar="SECONDS")] = None,
) -> None:
    """Check reports and print the findings."""
    _choice(fmt, FORMATS, "--format")
    if statistics and fmt not in ("console", "json"):
        raise typer.BadParameter("works with --format console or json", param_hint="--statistics")
    settings = _run_settings(
        config, lang=lang, fail_on=fail_on, rounding=rounding, select=select, ignore=ignore,
        rules=rules, max_size=max_size, previous=previous, include_passed=include_passed or None,
        max_text_size=max_text_size, timeout=timeout, isolated=isolated, max_memory=max_memory,
    )

    from vetlint.api import review
    from vetlint.baseline import load_baseline

    known = load_baseline(baseline) if baseline is not None else None  # fail before the work
    settings.keep_passed = fmt == "junit" and not statistics  # JUnit lists every check
    settings.keep_documents = fmt == "html" and not statistics  # the page draws each report's text
    results = _check_inputs(paths, stdin_filename, settings, jobs, quiet, follow_symlinks)
    review(results, settings, known)
    if write_baseline is not None:
        _record_baseline(results, write_baseline)
        if output is None:  # a summary, not the whole report (that went into the file)
            raise typer.Exit(EXIT_USAGE if any(r.error for r in results) else EXIT_OK)
    _write(_report_text(results, settings, fmt, output, no_color, statistics, quiet), output, quiet)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _write_step_summary(results, settings, os.environ["GITHUB_STEP_SUMMARY"], quiet)
    status = exit_status(results, settings.fail_on)
    if write_baseline is not None or (exit_zero and status == EXIT_FINDINGS):
        status = EXIT_USAGE if any(r.error for r in results) else EXIT_OK
    raise typer.Exit(status)


def _check_inputs(
    paths: list[str], stdin_filename: str | None, settings: Settings, jobs: int | None,
    quiet: bool = False, follow_symlinks: bool = False,
) -> list[ReportResult]:
    """The reports named on the command line, checked; ``-`` alone reads one from stdin.
    A link in a folder or glob that points outside it is reported, not read, unless
    ``follow_symlinks``."""
    from vetlint.errors import UsageError

    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("- (stdin) cannot be combined with other paths")
        return [_check_stdin(stdin_filename, settings)]
    if stdin_filename is not None:
        raise UsageError("--stdin-filename needs - (stdin) as the path")
    from vetlint.batch import expand, run_expansion

    inputs = expand(paths, follow_symlinks=follow_symlinks)
    skipped = inputs.skipped
    if skipped:
        names = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        _note(f"skipped {len(skipped)} commented copy(ies) written by vetlint annotate: {names}", quiet)
    return run_expansion(inputs, settings, jobs=jobs)


def _check_stdin(name: str | None, settings: Settings) -> ReportResult:
    """Read at most the size limit (plus one byte, to tell that it was over) from stdin,
    then check it in a worker like any report (memory cap, time limit)."""
    from vetlint.batch import run_data
    from vetlint.errors import UsageError
    from vetlint.readers import format_of

    name = name or "-.txt"
    if format_of(name) is None:
        raise UsageError(f"--stdin-filename {name}: its extension names no format vetlint reads")
    limit = max(settings.max_bytes, settings.max_text_bytes)
    data = sys.stdin.buffer.read(limit + 1)
    result = run_data(data, name, settings)
    if name == "-.txt":
        result.path = "-"
    return result


def _report_text(
    results: list[ReportResult], settings: Settings, fmt: str, output: str | None,
    no_color: bool, statistics: bool, quiet: bool,
) -> str:
    if statistics:
        from vetlint.render.statistics import render_json, render_text

        return render_json(results) if fmt == "json" else render_text(results)
    from vetlint.render import render

    color = _use_color(fmt, output, no_color)
    return render(fmt, results, settings, color=color, width=_width(output), quiet=quiet)


def _width(output: str | None) -> int | None:
    """The terminal's width for stdout (``COLUMNS`` if set; 80 for a pipe, a CI log);
    None for a file (the renderer's own default)."""
    return shutil.get_terminal_size().columns if output is None else None


def _record_baseline(results: list[ReportResult], path: str) -> None:
    """``--write-baseline``: write it and say what it holds (per rule) on stderr."""
    from vetlint.baseline import write_baseline
    from vetlint.render.statistics import rule_counts

    n = write_baseline(results, path)
    per_rule = ", ".join(f"{e.code} {e.count}" for e in rule_counts(results) if e.code != "VL000")
    reports = len(results)
    unreadable = sum(1 for r in results if r.error is not None)
    line = f"wrote {n} finding(s) of {reports} report(s) to {path}"
    if per_rule:
        line += f" ({per_rule})"
    if unreadable:
        line += f"; {unreadable} report(s) could not be read"
    _note(line)


def _write_step_summary(results: list[ReportResult], settings: Settings, path: str, quiet: bool) -> None:
    """Append the job summary; a place that cannot be written is a warning, not a failure
    (the annotations are already out and the exit status must still say what was found)."""
    from vetlint.files import write_text
    from vetlint.render.github import step_summary

    try:
        write_text(path, step_summary(results, settings), append=True)
    except OSError as exc:
        _note(f"warning: cannot write the job summary to {path} ({exc.strerror or exc})")
        return
    _note(f"wrote the job summary to {path}", quiet)


def _load_rules(settings: Settings) -> None:
    """Load every rule pack and language file once, up front, within the time one report
    may take: a broken pack or lexicon, one that takes longer, or a selector that names no
    rule (``--select VL9``, a typo in the configuration), stops the command (exit 2)."""
    from vetlint.batch import ReportTimeout, time_limit
    from vetlint.engine.runner import load_rules
    from vetlint.errors import RulePackError

    try:
        with time_limit(settings.timeout):
            load_rules(settings)
    except ReportTimeout:
        raise RulePackError(
            f"loading the rule packs took longer than {settings.timeout:g} s (--timeout)"
        ) from None


def _use_previous(settings: Settings, previous: str | None) -> None:
    """``--previous FILE``: VL501 compares against it; an unreadable FILE stops the command
    (exit 2) before any report is checked."""
    if previous is None:
        return
    from vetlint.batch import ReportTimeout, time_limit
    from vetlint.errors import UsageError
    from vetlint.pipeline import load_previous

    try:
        with time_limit(settings.timeout):
            load_previous(previous, settings)
    except ReportTimeout:
        raise UsageError(f"{previous}: reading it took longer than {settings.timeout:g} s (--timeout)") from None
    settings.previous = str(Path(previous).resolve())


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="One report file.", metavar="FILE")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="console | json | yaml | text", metavar="FORMAT", autocompletion=lambda: list(EXTRACT_FORMATS))] = "console",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE")] = None,
    max_size: Annotated[float | None, typer.Option(min=0.001, help="Largest report to read, in MB.", metavar="MB")] = None,
    max_text_size: Annotated[float | None, typer.Option(min=0.001, help="Largest plain-text report to read, in MB.", metavar="MB")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in console output.")] = False,
    isolated: Annotated[bool, typer.Option("--isolated", help=ISOLATED_HELP)] = False,
    max_memory: Annotated[float | None, typer.Option(help=MAX_MEMORY_HELP, metavar="MB")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds the reading may take (default 60; 0: no limit).", metavar="SECONDS")] = None,
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Extra rule folder whose lexicon and shapes to read with (repeatable).", metavar="DIR")] = None,
    unparsed: Annotated[bool, typer.Option("--unparsed", help="Only what no relation reads: sentences with relation words and table lines of totals, changes or shares whose figures no check judges.")] = False,
) -> None:
    """Show what vetlint read: sections, tables and every number with the indicator, scope,
    period and role the checks use."""
    _choice(fmt, EXTRACT_FORMATS, "--format")
    if unparsed and fmt == "text":
        from vetlint.errors import UsageError

        raise UsageError("--unparsed lists figures: use it with --format console, json or yaml")
    limits = {"max-size": max_size, "max-text-size": max_text_size, "max-memory": max_memory, "timeout": timeout,
              "rules": [str(Path(d).resolve()) for d in rules or []]}
    settings = _settings(None, limits, isolated=isolated)
    from vetlint.errors import ReadError, UsageError

    if not Path(path).exists():
        raise UsageError(f"{path}: no such file")
    from vetlint.batch import run_isolated

    color = _use_color(fmt, output, no_color)

    def job(report: str, run_settings: Settings) -> str:
        from vetlint import pipeline
        from vetlint.render.extract import document_text, render_extract

        if fmt == "text":
            return document_text(pipeline.source_lines(pipeline.read(report, run_settings)))
        return render_extract(pipeline.extract(report, run_settings), fmt, color=color, unparsed=unparsed)

    try:  # in a worker, under the memory cap and the time limit, as `check` reads
        text = run_isolated(job, path, settings)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc.message}", code=exc.code) from None
    _write(text, output)
    raise typer.Exit(EXIT_OK)


@app.command()
def annotate(
    path: Annotated[str, typer.Argument(help="The author's Word report (.docx).", metavar="FILE")],
    output: Annotated[str | None, typer.Option("--output", "-o", help="The commented copy (default: FILE.checked.docx).", metavar="FILE")] = None,
    lang: Annotated[str | None, typer.Option(help="Comment language: zh | en (default: the report's own).", metavar="LANG")] = None,
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Extra rule-pack folder (repeatable).", metavar="DIR")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule codes, prefixes or packs (comma-separated).", metavar="CODES")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule codes, prefixes or packs (comma-separated).", metavar="CODES")] = None,
    fail_on: Annotated[str | None, typer.Option(help="Exit 1 when a finding reaches LEVEL: error | warning | info (default: exit 0 once the copy is written).", metavar="LEVEL")] = None,
    config: Annotated[str | None, typer.Option(help="Configuration file.", metavar="FILE")] = None,
    max_size: Annotated[float | None, typer.Option(min=0.001, help="Largest report to read, in MB (default 50).", metavar="MB")] = None,
    rounding: Annotated[str | None, typer.Option(help="round | truncate: how authors shorten figures.", metavar="MODE")] = None,
    previous: Annotated[str | None, typer.Option("--previous", help="Last year's report: also check the figures given for earlier years (VL501).", metavar="FILE")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help=ISOLATED_HELP)] = False,
    max_memory: Annotated[float | None, typer.Option(help=MAX_MEMORY_HELP, metavar="MB")] = None,
) -> None:
    """Write a copy of a .docx with a Word comment on each figure a finding judges."""
    settings = _run_settings(
        config, lang=lang, fail_on=fail_on, rounding=rounding, select=select, ignore=ignore,
        rules=rules, max_size=max_size, previous=previous, isolated=isolated, max_memory=max_memory,
    )
    from vetlint.annotate import annotate as write_comments
    from vetlint.annotate import check_paths
    from vetlint.batch import run_batch

    target = output or str(Path(path).with_suffix("")) + ".checked.docx"
    check_paths(path, target)
    (result,) = run_batch([path], settings, jobs=1, progress=False)  # in a capped worker
    summary = write_comments(path, result, target, lang=lang, max_bytes=settings.max_bytes)
    _note(f"wrote {summary.output}: {summary.findings} finding(s) as comments")
    # the copy was written: that is success, unless --fail-on asks for the findings to count
    raise typer.Exit(exit_status([result], fail_on) if fail_on is not None else EXIT_OK)


@app.command("rules")
def rules_cmd(
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Extra rule-pack folder (repeatable).", metavar="DIR")] = None,
    config: Annotated[str | None, typer.Option(help="Configuration file.", metavar="FILE")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help=ISOLATED_HELP)] = False,
) -> None:
    """List the rules: code, name, severity, pack."""
    settings = _settings(config, {"rules": [str(Path(d).resolve()) for d in rules or []]}, isolated=isolated)
    _load_rules(settings)
    from vetlint.render.rules import render_rules

    _write(render_rules(settings, color=_use_color("console", None, False), width=_width(None)), None)
    raise typer.Exit(EXIT_OK)


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code, e.g. VL101.", metavar="CODE")],
    lang: Annotated[str, typer.Option(help="zh | en", metavar="LANG", autocompletion=lambda: ["zh", "en"])] = "zh",
    fmt: Annotated[str, typer.Option("--format", "-f", help="console (rendered) | markdown (the source of docs/rules/CODE.md)", metavar="FORMAT", autocompletion=lambda: ["console", "markdown"])] = "console",
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in console output.")] = False,
) -> None:
    """Explain one rule: what it checks, why it matters, a failing and a passing example."""
    _choice(lang, ("zh", "en"), "--lang")
    _choice(fmt, ("console", "markdown"), "--format")
    from vetlint.engine.docs import explain as explain_rule
    from vetlint.render.escape import guard_output

    text = explain_rule(code, lang)
    if fmt == "console":
        from vetlint.render.rules import render_markdown

        text = render_markdown(text, color=_use_color("console", None, no_color), width=_width(None))
    else:
        text = guard_output(text)  # a pack's docs are text from elsewhere
    _write(text if text.endswith("\n") else text + "\n", None)
    raise typer.Exit(EXIT_OK)


@app.command()
def init(
    path: Annotated[str, typer.Argument(help="Where to write the configuration.", metavar="FILE")] = "vetlint.toml",
) -> None:
    """Write a commented vetlint.toml (never overwrites an existing file)."""
    from vetlint.config import write_template

    written = write_template(path)
    _note(f"wrote {written}")
    raise typer.Exit(EXIT_OK)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turn every failure into one line and an exit status."""
    from typer.main import get_command

    command = get_command(app)
    try:
        status = command.main(args=argv, prog_name="vetlint", standalone_mode=False)
    except typer.TyperException as exc:  # bad arguments (click usage errors)
        fmt = getattr(exc, "format_message", None)
        message = fmt() if callable(fmt) else str(exc)
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `vetlint`: the help, as click does
            sys.stderr.write(message.rstrip("\n") + "\n")
            sys.exit(EXIT_USAGE)
        _fail(message)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("vetlint: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:  # `vetlint check … | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        from vetlint.errors import VetlintError

        if isinstance(exc, VetlintError):
            _fail(exc.message)
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it")
    sys.exit(status if isinstance(status, int) else EXIT_OK)


def _note(message: str, quiet: bool = False) -> None:
    """One informational line on stderr (``vetlint: wrote out.json``); ``--quiet`` drops it.
    A file name in it can neither break the line nor start a CI workflow command (the
    runner reads stderr as well as stdout)."""
    from vetlint.render.escape import one_line

    if not quiet:
        sys.stderr.write(f"vetlint: {one_line(message)}\n")


def _fail(message: str) -> None:
    _note(f"error: {message}")
    sys.exit(EXIT_USAGE)
