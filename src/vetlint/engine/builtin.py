"""Rules vetlint itself reports, outside any pack: documented and selectable like the rest.

``VL000 unused-waiver`` is raised by ``baseline.apply_waivers`` (a waiver whose finding is
gone), like ruff's unused ``noqa``. It has no check kind, so the engine never runs it;
``vetlint rules``, ``explain``, the rule pages and selector validation know it from here.
"""

from __future__ import annotations

from vetlint.engine.packs import Rule, RuleDocs

BUILTIN_PACK = "vetlint"

_WAIVER_FAIL = """\
```toml
# vetlint.toml
[[waivers]]
fingerprint = "0123456789abcdef0123"   # the finding it silenced was fixed long ago
reason = "the bureau's own rounding"
```
"""

_WAIVER_PASS = """\
```toml
# vetlint.toml: the stale waiver removed (or its fingerprint copied from today's output)
```
"""

UNUSED_WAIVER = Rule(
    code="VL000",
    name="unused-waiver",
    kind="waiver",
    severity="info",
    params={},
    message={
        "zh": "豁免 {fingerprint} 未匹配任何问题",
        "en": "waiver {fingerprint} matches no finding",
    },
    docs=RuleDocs(
        summary_i18n={
            "zh": "配置中的豁免没有匹配到任何问题",
            "en": "A waiver in the configuration matches no finding",
        },
        what_i18n={
            "zh": "每条 `[[waivers]]` 豁免按指纹静默一项问题；整次运行中没有匹配到任何问题的豁免会被报告，"
            "位置指向配置文件中该豁免所在的行。",
            "en": "Each `[[waivers]]` entry silences one finding by its fingerprint; a waiver "
            "that matches no finding anywhere in the run is reported, pointing at its line in "
            "the configuration file.",
        },
        why_i18n={
            "zh": "指纹涵盖所涉数字：数字改动或问题修复后，旧豁免便不再起作用，留着只会误导读者以为问题仍被接受。",
            "en": "A fingerprint covers the figures a finding judged: once they change or the "
            "finding is fixed the waiver does nothing, and keeping it misleads readers into "
            "thinking a problem is still accepted.",
        },
        fail=_WAIVER_FAIL,
        passing=_WAIVER_PASS,
    ),
    pack=BUILTIN_PACK,
    source="src/vetlint/engine/builtin.py",
    line=1,
)

BUILTIN_RULES: list[Rule] = [UNUSED_WAIVER]
