"""The one scope resolver: whose figure a number is (region, institution, sector, subgroup).

A report covers one area (沧澜省) or one institution (鹭汀职业技术学院) and one sector (中职).
A figure is the report's own unless its words say otherwise:

* the subject of its clause, or of an earlier clause of its sentence: a named place
  (``澜州市办学规模…，在校生7.83万人``), a named institution (``县职业教育中心现有专任教师``),
  a region word of another level (``全国`` in a province's report); 全省/我市/我校 of the
  report's own level reset to the report's scope. A clause that starts with a preposition
  (在…中, 据, 按, 截至) names no subject;
* a sector word before it in its clause (``全省高中阶段教育招生30.26万人``: 高中阶段); a sector
  that is the report's own is no scope at all;
* 若计入/含 a sector (``若计入技工学校…，在校生为44.70万人``): the figure includes it (含技工).

Table cells take the place or institution their row names and the caption's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetlint.extract.lexicon import Lexicon
from vetlint.extract.memo import Memo

_PREPOSITION = re.compile(r"^(?:在|从|对|据|按照|按|根据|截至|截止|通过|围绕|面向|经过|依据|对照|为|随着|由于)")
_TIME_LEAD = re.compile(
    r"^(?:(?:19|20)\d{2}\s*(?:年度?|学年|届)?|上半年|下半年|年末|年底|年初|全年|当年|今年|目前|现|近年来"
    r"|同时|此外|另外|另|其中|并且|并|且|共|截至\S{0,12}?[,，])+"
)
_CJK = "\u4e00-\u9fff"
_WHITESPACE = re.compile(r"\s+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
LEVELS = ("自治区", "自治州", "省", "市", "县", "区", "州", "盟", "旗", "国")


@dataclass(frozen=True, slots=True)
class ReportScope:
    """What a report covers: its area (and that area's level), its institution, its sectors."""

    region: str | None = None
    level: str | None = None  # 省 / 市 / 县 …
    institution: str | None = None
    sectors: frozenset[str] = frozenset()

    @property
    def own_sectors(self) -> frozenset[str]:
        """The sectors that go without saying: all, when the report covers one sector (and
        its umbrella, 职业教育); only the umbrella when it covers several (中职 and 高职)."""
        specific = self.sectors - {"职业教育"}
        return self.sectors if len(specific) <= 1 else self.sectors - specific


@dataclass(frozen=True, slots=True)
class Subject:
    """What a clause is about: ``None`` fields are the report's own."""

    region: str | None = None
    institution: str | None = None
    sector: str | None = None
    unit: str | None = None  # a department of the institution (交通运输系)


class ScopeReader:
    """Reads scope words with one lexicon for one report."""

    def __init__(
        self,
        lexicon: Lexicon,
        report: ReportScope,
        institutions: frozenset[str] = frozenset(),
        places: frozenset[str] = frozenset(),
    ) -> None:
        self.lex = lexicon
        self.report = report
        self._levels = "".join(sorted({w[-1] for w in lexicon.words("scope.place_suffix")}))
        inst = sorted(lexicon.words("scope.institution_suffix"), key=len, reverse=True)
        self._institution = re.compile(rf"[{_CJK}“”]{{2,24}}?(?:{'|'.join(map(re.escape, inst))})")
        # institutions the report names in full (table rows, its title), by their key
        names = set(institutions) | ({report.institution} if report.institution else set())
        self.gazetteer = {self.institution_key(n): n for n in names if n}
        # places the report names as table rows (a prose subject must be one of them)
        self.places = set(places) | ({report.region} if report.region else set())
        self._subjects = Memo(self._subject)  # clauses read (their openings repeat)
        self._named = Memo(self._named_in)  # row labels read (tables repeat them)

    # --- words -------------------------------------------------------------------------
    def region_word(self, word: str) -> str | None:
        """``全省`` in a province's report is the report's own (None); ``全国`` is 全国."""
        level = next((lv for lv in LEVELS if word.endswith(lv)), None)
        if level is None or self.report.level is None or level == self.report.level:
            return None
        return "全国" if level == "国" else word

    def place(self, name: str) -> str | None:
        """A named place, or None when it is the report's own area."""
        if self.report.region and (name == self.report.region or self.report.region.endswith(name)):
            return None
        return name

    def institution(self, name: str) -> str | None:
        """A named institution, normalised (``县职业教育中心`` ≡ ``柘水县职业教育中心``), or None
        when it is the report's own."""
        key = self.institution_key(name)
        if self.report.institution and key == self.institution_key(self.report.institution):
            return None
        if self._generic(key):
            return key
        full = next((k for k in self.gazetteer if k.endswith(key) or key.endswith(k)), None)
        return full or key

    def _generic(self, key: str) -> bool:
        """``中等职业学校``, ``职业学校``: a kind of school, not a school's name."""
        if len(key) < 4 or self.lex.sector_of_word(key) or self.lex.is_word("scope.institution_suffix", key):
            return True
        core = key
        for suffix in self.lex.words("scope.institution_suffix"):
            if core.endswith(suffix):
                core = core[: -len(suffix)]
                break
        return not core or bool(self.lex.sector_regex.fullmatch(core)) or core in ("职业", "中等职业", "高等职业", "技工")

    def institution_key(self, name: str) -> str:
        """``柘水县职业教育中心`` and ``县职业教育中心`` share the key ``职业教育中心``."""
        key = name.replace("“", "").replace("”", "")
        region = self.report.region
        if region and key.startswith(region):
            key = key[len(region) :]
        else:
            key = re.sub(r"^(?:本|该|我)?(?:省|市|县|区)(?=[^级])", "", key)
        return key

    def sector(self, word: str) -> str | None:
        """The sector ``word`` names, None when it is the report's own (a 中职 report's
        中职在校生 are its 在校生); a report of several sectors keeps each apart."""
        sector = self.lex.sector_of_word(word)
        if sector is None or sector in self.report.own_sectors:
            return None
        return sector


    def last_sector(self, text: str, default: str | None = None) -> str | None:
        """The sector of the last sector word in ``text`` that says whose figure it is (None:
        the report's own), ``default`` when ``text`` has none."""
        hits = self._sector_hits(text)
        if not hits:
            return default
        return self.sector(text[hits[-1][0] : hits[-1][1]])

    def _sector_hits(self, text: str) -> list[tuple[int, int, str]]:
        """Sector words that say whose figure it is: not a destination (升入本科院校)."""
        hits = self.lex.sectors_in(text)
        if not hits:
            return hits
        goes = self.lex.regex("scope.destination")
        return [h for h in hits if not any(m.end() == h[0] for m in goes.finditer(text, max(0, h[0] - 4), h[0]))]

    # --- subjects ----------------------------------------------------------------------
    def subject(self, clause: str) -> Subject | None:
        """The scope a clause's start sets, or None when it names none (see the module docstring)."""
        return self._subjects[clause]

    def _subject(self, clause: str) -> Subject | None:
        text = clause.strip().lstrip("“")
        if not text or _PREPOSITION.match(text):
            return None
        text = _TIME_LEAD.sub("", text).lstrip("，,")
        if not text or _PREPOSITION.match(text):
            return None
        word = self.lex.starts("scope.region", text)
        if word:
            rest = text[word.end() :]
            return Subject(region=self.region_word(word.group()), sector=self._lead_sector(rest))
        word = self.lex.starts("scope.institution", text)
        name = self._institution_name(text)
        if word and not name:
            return Subject(sector=self._lead_sector(text[word.end() :]))
        if name:
            return Subject(institution=self.institution(name), sector=self._lead_sector(text[len(name) :]))
        unit = self.unit_name(text)
        if unit:
            return Subject(unit=unit)
        place = self._place_name(text)
        if place and self._known_place(place):
            rest = text[len(place) :]
            return Subject(region=self.place(place), sector=self._lead_sector(rest))
        return None

    def name_at_start(self, text: str) -> str | None:
        """The institution, department or known place that ``text`` begins with, as printed."""
        name = self._institution_name(text) or self.unit_name(text)
        if name:
            return name
        place = self._place_name(text)
        return place if place and self._known_place(place) else None

    def unit_name(self, text: str) -> str | None:
        """A department named at the start of ``text`` and standing apart from what follows
        (``交通运输系 222 名``, ``机电系共有``), not a word that ends in 系 (``体系建设``)."""
        m = self.lex.starts("scope.unit", text)
        if m is None:
            return None
        after = text[m.end() : m.end() + 2]
        if after and not (after[0].isspace() or after[0].isdigit() or after[0] in "，,：:、" or self.lex.starts("scope.topic", after)):
            return None
        return m.group()

    def _known_place(self, name: str) -> bool:
        return any(name == p or p.startswith(name) or name.startswith(p) for p in self.places)

    def _lead_sector(self, text: str) -> str | None:
        hits = self.lex.sectors_in(text[:12])
        if hits and hits[0][0] <= 2:
            return self.sector(text[hits[0][0] : hits[0][1]])
        return None

    def _place_name(self, text: str) -> str | None:
        """A place name at the start of ``text``: up to six characters and a level (澜州市)."""
        end = next((i + 1 for i, ch in enumerate(text[:8]) if i >= 1 and ch in self._levels), None)
        if end is None:
            return None
        while end < len(text) and text[end] in self._levels and end < 9:
            end += 1  # 澜州 + 市: a level character may end a name and start another
        name = text[:end]
        if not _CJK_RUN.fullmatch(name) or name[0] in "全各本该我某外省":
            return None
        if self.lex.is_word("scope.not_place", name) or self.lex.has("scope.not_place", name[-2:]):
            return None
        if self.lex.sectors_in(name):
            return None
        return name

    def _institution_name(self, text: str) -> str | None:
        """An institution named at the start of ``text``: one the report names in full
        elsewhere (a table row, its title), or a name that starts with a place
        (``澜州市第一职业中等专业学校``, ``获嘉县职业中等专业学校``). Generic phrases (公办学校,
        技工学校) and descriptions (具备招生资质的中等专业学校) are not names."""
        m = self._institution.match(text)
        if m is None:
            return None
        name = m.group()
        if self.lex.is_word("scope.institution", name) or self.lex.sector_of_word(name) or "的" in name:
            return None
        key = self.institution_key(name)
        if key in self.gazetteer:
            return name  # 县职业教育中心 for 柘水县职业教育中心
        if self._generic(key):
            return None
        if any(k.endswith(key) or key.endswith(k) for k in self.gazetteer if len(min(k, key, key=len)) >= 4):
            return name
        place = self._place_name(name)
        rest = name[len(place) :] if place else ""
        hits = self.lex.sectors_in(rest)
        known = place is not None and (self._known_place(place) or (len(place) <= 4 and place[-1] in "县市区"))
        if known and len(rest) >= 4 and not (hits and hits[0][0] == 0):
            return name
        return None

    def named_in(self, label: str) -> Subject | None:
        """A row label (or caption) that names a place or an institution."""
        return self._named[label]

    def _named_in(self, label: str) -> Subject | None:
        text = _WHITESPACE.sub("", label)
        if not text:
            return None
        if self.lex.is_word("table.total", text) or self.lex.is_word("table.subtotal", text):
            return None
        word = self.lex.starts("scope.region", text)
        if word:
            return Subject(region=self.region_word(word.group()))
        name = self._institution.search(text)
        if name and self._institution_name(name.group()):
            return Subject(institution=self.institution(name.group()))
        place = self._place_name(text)
        if place and len(place) >= len(text) - 2:
            return Subject(region=self.place(place))
        return None


def place_names(lexicon: Lexicon, labels: list[str]) -> frozenset[str]:
    """Row labels that are places (``澜州市``, ``柘水县``)."""
    levels = "".join(sorted({w[-1] for w in lexicon.words("scope.place_suffix")}))
    pattern = re.compile(rf"[{_CJK}]{{1,5}}[{levels}]")
    out = set()
    for label in labels:
        text = _WHITESPACE.sub("", label)
        if pattern.fullmatch(text) and not lexicon.is_word("scope.not_place", text) and text[0] not in "全各本我":
            out.add(text)
    return frozenset(out)


def _opening_region(lexicon: Lexicon, opening: str) -> tuple[str | None, str | None, set[str]]:
    """The education authority that issues the report (``新乡市教育局`` on its cover), else
    the place most often named right before a sector word (``郑州市中等职业教育``)."""
    text = re.sub(r"\s+", "", opening)
    authority = "|".join(re.escape(w) for w in lexicon.words("scope.authority"))
    if authority:
        issuer = re.search(rf"(?:^|\n)([{_CJK}]{{1,6}}?(省|市|县|区))(?:{authority})(?:\n|$)", opening)
    else:
        issuer = None
    sector_words = "|".join(re.escape(w) for w, _ in lexicon._sector_words if len(w) >= 2)
    counts: dict[tuple[str, str, str], int] = {}
    for m in re.finditer(rf"([{_CJK}]{{2,5}}?(省|市|县|区))({sector_words})", text):
        name = re.split(r"[年月日届]", m.group(1))[-1]  # 2021年郑州市: the place after the date
        if len(name) < 2 or name[0] in "全各本我该":
            continue  # 全市, 各县区: no named place
        key = (name, m.group(2), lexicon.sector_of_word(m.group(3)) or "")
        counts[key] = counts.get(key, 0) + 1
    if issuer is not None:  # its sector: the one most often named after any place
        by_sector: dict[str, int] = {}
        for (_, _, sector), n in counts.items():
            by_sector[sector] = by_sector.get(sector, 0) + n
        top = max(by_sector.items(), key=lambda kv: kv[1])[0] if by_sector else ""
        return issuer.group(1), issuer.group(2), {top} if top else set()
    if not counts:
        return None, None, set()
    (name, level, sector), _ = max(counts.items(), key=lambda kv: kv[1])
    return name, level, {sector} if sector else set()


def institution_names(lexicon: Lexicon, labels: list[str]) -> frozenset[str]:
    """Row labels that are institutions' full names (``柘水县启航职业技术学校``)."""
    suffixes = sorted(lexicon.words("scope.institution_suffix"), key=len, reverse=True)
    pattern = re.compile(rf"[{_CJK}“”]{{2,24}}(?:{'|'.join(map(re.escape, suffixes))})")
    out = set()
    for label in labels:
        text = _WHITESPACE.sub("", label)
        if pattern.fullmatch(text) and not lexicon.sector_of_word(text) and len(text) >= 6:
            out.add(text)
    return frozenset(out)


def report_scope(lexicon: Lexicon, title: str, opening: str = "") -> ReportScope:
    """The report's own scope from its title (``沧澜省中等职业教育质量年度报告``), else from the
    place its opening most often names before a sector (``郑州市中等职业教育``)."""
    text = re.sub(r"\s+", "", title)
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    text = re.sub(r"^(?:19|20)\d{2}(?:[-—–至](?:19|20)?\d{2})?(?:年度|学年度?|年)?", "", text)  # 2021年郑州市…
    sectors = {s for _, _, s in lexicon.sectors_in(text)}
    inst_suffixes = sorted(lexicon.words("scope.institution_suffix"), key=len, reverse=True)
    institution = None
    m = re.match(rf"^[{_CJK}]{{2,24}}?(?:{'|'.join(map(re.escape, inst_suffixes))})", text)
    if m and not lexicon.sector_of_word(m.group()):
        institution = m.group()
    region = None
    level = None
    place = re.match(rf"^[{_CJK}]{{1,8}}?(自治区|自治州|省|市|县|区|州|盟|旗)", text)
    if place and not lexicon.sector_of_word(place.group()):
        region, level = place.group(), place.group(1)
        if level == "州" and text[place.end() : place.end() + 1] in ("市", "县"):
            region, level = text[: place.end() + 1], text[place.end()]  # 郑州市, not 郑州
    if institution:
        sectors |= {s for _, _, s in lexicon.sectors_in(institution)}
        if "高职" not in sectors and re.search("职业技术学院|职业学院|高等专科", institution):
            sectors.add("高职")
        if not sectors & {"中职", "高职"} and re.search("职业学校|中专|职业中等|职业教育中心", institution):
            sectors.add("中职")
    if region is None and institution is None and opening:
        region, level, more = _opening_region(lexicon, opening)
        sectors |= more
    if "职业教育" in sectors and not sectors & {"高职"}:
        sectors.add("中职")  # a county's 职业教育 is its 中职 schools unless it says 高职
    if sectors & {"中职", "高职"}:
        sectors.add("职业教育")
    return ReportScope(region, level, institution, frozenset(sectors))
