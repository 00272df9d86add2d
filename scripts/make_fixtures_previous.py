"""Build the previous-year fixture pair under fixtures/previous/.

``vetlint check 2021.docx --previous 2020.docx`` needs two reports of one
city a year apart. The 2020 report is the Zhengzhou seed (000) as Word, built
exactly as ``make_fixtures_office.py`` builds it. The 2021 report is derived
from the same seed: its tables move one year on (2019–2020 becomes
2020–2021), so their 2020 columns repeat the 2020 report's figures, and its
prose quotes last year's figures (``比上年（9456人）``). In four places the
2021 report disagrees with the 2020 report; ``manifest.json`` records them,
and the previous-year check must find exactly those.

    .venv/bin/python scripts/make_fixtures_previous.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_fixtures_office import (  # a sibling script, not a package
    LEFT,
    UP,
    ZZ_T1_1,
    ZZ_T1_6,
    ZZ_T3_6,
    ZZ_T6_1,
    Seed,
    Spec,
    build_docx,
    zhengzhou_specs,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "previous"
SEED = "zhengzhou-2020-secondary-vet-quality.txt"

# The disagreements planted in the 2021 report: (where, label, period, 2021 says, 2020 said).
PLANTED = [
    {"where": "表1-6 专任教师数 / 2020年", "label": "专任教师数", "period": "2020",
     "current": "7010", "previous": "7100"},
    {"where": "表6-1 2020年 / 助学金 / 人次", "label": "助学金 / 人次", "period": "2020",
     "current": "60023", "previous": "60032"},
    {"where": "1.3教师队伍 prose: 专业课教师 比上年（…）", "label": "专业课教师", "period": "2020",
     "current": "3750人", "previous": "3700人"},
    {"where": "表3-6 二等奖 / 河南省 / 2019年", "label": "二等奖 / 河南省", "period": "2019",
     "current": "38", "previous": "36"},
]


def _column(rows: list[list[str]], header: str) -> int:
    return next(i for i, h in enumerate(rows[0]) if h == header)


def _plant(table: list[list[str]], row_label: str, col: int, planted: dict) -> None:
    """Replace one cell, checking it held what last year's report printed."""
    for row in table:
        if row_label in row[:2]:
            assert row[col] == planted["previous"], (row, planted)
            row[col] = planted["current"]
            return
    raise SystemExit(f"no row {row_label!r}")


def table_1_1() -> list[list[str]]:
    """Schools: the 2020 row as printed last year, a new 2021 row."""
    return [ZZ_T1_1[0], ZZ_T1_1[1], list(ZZ_T1_1[3]), ["2021", "56", "19", "0", "37", "-2.6%"]]


def table_1_6() -> list[list[str]]:
    """Teachers: 2020年 column from last year's report, 2021年 new, growth from the two."""
    new_2021 = ["9610", "21.35:1", "7215", "3788", "1906", "856", "5402", "957", "452", "1120",
                "1010", "1206"]
    c2020 = _column(ZZ_T1_6, "2020年")
    rows = [["序号", "项  目", "2020年", "2021年", "增长率"]]
    for row, value in zip(ZZ_T1_6[1:], new_2021, strict=True):
        rows.append([row[0], row[1], row[c2020], value, ""])
    _plant(rows, "专任教师数", 2, PLANTED[0])
    for row in rows[1:]:
        if ":" in row[2]:
            row[4] = "降低"
        else:
            old, new = float(row[2]), float(row[3])
            row[4] = f"{(new - old) / old * 100:.1f}%"
    return rows


def table_3_6() -> list[list[str]]:
    """Skills contest: 2019年 and 2020年 columns as last year, 2021年 new."""
    new_2021 = ["20", "9", "3", "3", "100.00％", "4", "8", "50.00％", "2", "7", "28.57％",
                "9", "18", "50.00％"]
    rows = [["", LEFT, "2019年", "2020年", "2021年"]]
    for row, value in zip(ZZ_T3_6[1:], new_2021, strict=True):
        rows.append([row[0], row[1], row[3], row[4], value])
    for row in rows:
        if row[0] == UP and row[1] == "河南省" and row[2] == "36":
            row[2] = PLANTED[3]["current"]
            break
    else:
        raise SystemExit("表3-6: 二等奖 / 河南省 2019 not found")
    return rows


def table_6_1() -> list[list[str]]:
    """Student aid: the 2020年 row as last year, a new 2021年 row that adds up."""
    rows = [list(r) for r in ZZ_T6_1[:2]] + [list(ZZ_T6_1[3])]
    rows.append(["2021年", "321480", "28933.2", "61205", "6120.5", "251", "150.6", "35204.3"])
    _plant(rows, "2020年", 3, PLANTED[1])
    return rows


def specs_2021() -> list[Spec]:
    s = Seed(SEED)
    intro = s.line("2020年，郑州市中等职业教育以")
    assert intro.startswith("2020年，")
    return [
        Spec("heading", "前  言", level=1),
        Spec("para", "2021年，" + intro.removeprefix("2020年，")),
        Spec("para", "根据《河南省教育厅办公室关于做好2021年职业教育质量报告编制发布和报送工作的通知》"
                     "精神，就郑州市中等职业教育学校发展情况、人才培养质量、质量保障措施等维度发布"
                     "2021年郑州市中等职业教育质量年度报告。"),
        Spec("heading", "1.1规模和结构", level=2),
        Spec("para", "2021年，郑州市具备招生资质的中等专业学校共有56所，其中公办学校19所，"
                     "民办学校37所。"),
        Spec("caption", "表1-1：郑州市中等职业教育公办与民办学校数量一览表"),
        Spec("table", rows=table_1_1()),
        Spec("para", s.line("注：表中统计数据不含省属学校")),
        Spec("heading", "1.3教师队伍", level=2),
        Spec("para", "2021年，郑州市中等职业学校教职工9610人，比上年（9456人）增加154人，"
                     "生师比21.35:1；专任教师7215人，比上年（7100人）增加115人，占教职工数的75.1%；"
                     f"专业课教师人数为3788人，比上年（{PLANTED[2]['current']}）增加38人。"),
        Spec("caption", "表1-6：2020—2021年 郑州市中等职业学校教师基本情况（单位：人）"),
        Spec("table", rows=table_1_6()),
        Spec("heading", "3.2质量保证", level=2),
        Spec("para", "国赛再创佳绩。2021年，郑州市中等职业学校在全国职业院校技能大赛中获得"
                     "一等奖3个、二等奖4个、三等奖2个。"),
        Spec("caption", "表3-6：2019—2021年郑州市中等职业学校参加全国职业院校技能大赛获奖情况",
             style="Caption"),
        Spec("table", rows=table_3_6()),
        Spec("heading", "第六部分  政府履责", level=1),
        Spec("heading", "6.1经费", level=2),
        Spec("para", "2021年郑州市中等职业教育总投入18.02亿元，比上年（17.26亿元）增长4.4%。"),
        Spec("caption", "表6-1  2020—2021年郑州市中等职业学校资助发放情况"),
        Spec("table", rows=table_6_1()),
    ]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "zhengzhou-2020.docx": build_docx(zhengzhou_specs()),
        "zhengzhou-2021.docx": build_docx(specs_2021()),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"wrote fixtures/previous/{name} ({len(data):,} bytes)")
    manifest = {
        "current": "zhengzhou-2021.docx",
        "previous": "zhengzhou-2020.docx",
        "rule": "VL501",
        "planted": PLANTED,
    }
    (OUT / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print("wrote fixtures/previous/manifest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
