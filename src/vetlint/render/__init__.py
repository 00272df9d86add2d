"""Renderers: one module per output format, all fed the same list of ReportResults.

Each module exposes ``render(results, settings, ...) -> str``; ``render`` here
picks one by name and imports only that module, so the CLI stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from vetlint.checks import Check, ReportResult
from vetlint.render import escape
from vetlint.settings import Settings

FORMATS = ("console", "concise", "json", "sarif", "github", "junit", "csv", "html")

# Words renderers print around the figures, in both languages.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "stated": "报告值",
        "expected": "应为",
        "inputs": "依据",
        "suggestion": "建议",
        "suggest_fmt": "（建议：{0}）",
        "note": "说明",
        "blame": "问题数字",
        "waived": "已豁免",
        "unreadable": "无法读取",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "file": "文件",
        "checks": "检查",
        "counts": "{0} 项问题 / {1} 项检查",
        "passed": "通过",
        "unjudged": "另有 {} 个数字未被任何检查判断（vetlint extract --unparsed 列出）",
        "reports": "报告",
        "no_findings": "未发现问题",
        "section": "章节",
        "page": "第{0}页",
        "table": "表",
        "row": "行",
        "col": "列",
        "baseline": "基线中已有 {0} 项问题未显示",
        "summary": "{reports} 份报告，{checks} 项检查，{passed} 项通过；发现 {findings} 项问题（错误 {errors}，警告 {warnings}，提示 {infos}）",
        "unreadable_n": "；{0} 份无法读取",
    },
    "en": {
        "stated": "stated",
        "expected": "expected",
        "inputs": "inputs",
        "suggestion": "suggestion",
        "suggest_fmt": " (suggestion: {0})",
        "note": "note",
        "blame": "suspect figure",
        "waived": "waived",
        "unreadable": "unreadable",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "file": "file",
        "checks": "checks",
        "counts": "{0} finding(s) / {1} checks",
        "passed": "passed",
        "unjudged": "{} more figure(s) no check judged (vetlint extract --unparsed lists them)",
        "reports": "reports",
        "no_findings": "no findings",
        "section": "section",
        "page": "page {0}",
        "table": "table",
        "row": "row",
        "col": "col",
        "baseline": "{0} findings already in the baseline not shown",
        "summary": "{reports} report(s), {checks} checks, {passed} passed; {findings} finding(s) ({errors} error(s), {warnings} warning(s), {infos} info)",
        "unreadable_n": "; {0} unreadable",
    },
}

# The one escape every human-facing renderer uses (kept importable from here).
ESCAPES = escape.ESCAPES

# What each ReadError code means, for the line that says why a report was not checked
# (the error's own message, with its details, follows in English).
READ_ERRORS: dict[str, dict[str, str]] = {
    "wrong-format": {"zh": "文件内容与扩展名不符", "en": "the content is not what the extension says"},
    "unsupported-format": {"zh": "不支持的文件格式", "en": "unsupported format"},
    "too-large": {"zh": "文件超出大小限制", "en": "over the size limit"},
    "no-text": {"zh": "文件中没有可读的文字", "en": "no readable text"},
    "corrupt": {"zh": "文件已损坏", "en": "corrupt file"},
    "unsafe-file": {"zh": "文件可能有害，已拒绝读取", "en": "refused as unsafe"},
    "malformed": {"zh": "文件结构有误", "en": "malformed file"},
    "bad-structure": {"zh": "文件结构不符合要求", "en": "unexpected structure"},
    "not-text": {"zh": "不是文本文件", "en": "not a text file"},
    "bad-encoding": {"zh": "无法识别文字编码", "en": "unknown text encoding"},
    "encrypted": {"zh": "文件已加密", "en": "encrypted file"},
    "empty-file": {"zh": "文件为空", "en": "empty file"},
    "not-found": {"zh": "文件不存在", "en": "no such file"},
    "not-a-file": {"zh": "不是普通文件", "en": "not a regular file"},
    "link-outside": {"zh": "链接指向所给文件夹之外，未读取", "en": "a link out of the folder, not followed"},
    "io-error": {"zh": "读取文件出错", "en": "could not read the file"},
    "worker-died": {"zh": "检查进程意外退出", "en": "the checking process died"},
    "timeout": {"zh": "检查超时", "en": "took too long"},
    "internal-error": {"zh": "vetlint 内部错误", "en": "internal error"},
}


def read_error_line(error: dict[str, str], lang: str) -> str:
    """``文件已加密（the PDF is encrypted …）[encrypted]``: the meaning first, then the details."""
    code, message = error.get("code", ""), error.get("message", "")
    meaning = READ_ERRORS.get(code, {}).get(lang)
    if meaning is None or lang == "en":
        return f"{message} [{code}]"
    return f"{meaning}（{message}）[{code}]"


def lang_of(result: ReportResult, lang: str | None) -> str:
    """The language to speak for one report: the flag, else the report's own."""
    chosen = lang or result.language
    return chosen if chosen in WORDS else "en"


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


SEVERITIES = ("error", "warning", "info")


def severity_counts(results: list[ReportResult]) -> dict[str, int]:
    """Reported findings per severity (waived and baselined ones left out)."""
    from vetlint.baseline import reported

    counts = dict.fromkeys(SEVERITIES, 0)
    for r in results:
        for c in reported(r):
            counts[c.severity] = counts.get(c.severity, 0) + 1
    return counts


def message_with_suggestion(check: Check, lang: str) -> str:
    """The finding's message, plus its suggestion when it has one (one-line formats)."""
    text = check.text(lang)
    if check.suggestion:
        text += words(lang)["suggest_fmt"].format(check.suggestion)
    return text


def render(fmt: str, results: list[ReportResult], settings: Settings, **options: Any) -> str:
    """Render ``results`` in ``fmt`` (one of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"vetlint.render.{fmt}")
    return module.render(results, settings, **options)
