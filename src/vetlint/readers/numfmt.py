"""Excel number formats: a value as Excel prints it (``0.0%`` → ``5.5%``, ``#,##0`` → ``1,286``).

The checks judge rounding from the printed precision, so a spreadsheet cell or a chart's
data label is read as printed, never as the float behind it. Shared by the .xlsx reader
and the chart reader (a chart's cached values carry the workbook's format codes).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_FMT_LITERAL = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.')


def _round(value: float, decimals: int) -> Decimal:
    try:
        d = Decimal(repr(value))
    except InvalidOperation:  # inf/nan never reach here through openpyxl, but be safe
        return Decimal(0)
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _general(value: float) -> str:
    """Excel's General format: integers bare, otherwise up to 15 significant digits."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def format_number(value: float, number_format: str | None) -> str:
    """``value`` as Excel prints it with ``number_format`` (first section; common codes)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt.strip().lower() in ("general", "@", ""):
        return _general(value)
    prefix_suffix: list[str] = []

    def literal(m: re.Match[str]) -> str:
        text = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        prefix_suffix.append(text)
        return "\x00" if text else ""

    code = _FMT_LITERAL.sub(literal, fmt)
    numeric = re.search(r"[0#?][0#?,.]*(?:[eE][+-]0+)?|\.[0#?]+", code)
    if numeric is None:
        return _general(value)
    spec = numeric.group()
    percent = code.count("%")
    scaled = value * (100**percent)
    trailing_commas = len(spec) - len(spec.rstrip(","))
    spec = spec.rstrip(",")
    scaled /= 1000**trailing_commas
    if "e" in spec.lower():
        mantissa = spec.lower().split("e")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        body = format(scaled, f".{decimals}E").replace("E+0", "E+").replace("E-0", "E-")
    else:
        int_part, _, frac = spec.partition(".")
        fixed = frac.count("0")
        optional = len(frac) - fixed
        rounded = _round(scaled, fixed + optional)
        body = f"{abs(rounded):,f}" if "," in int_part else f"{abs(rounded):f}"
        if optional and "." in body:
            whole, _, digits = body.partition(".")
            digits = digits.rstrip("0")
            digits = digits + "0" * max(0, fixed - len(digits))
            body = f"{whole}.{digits}" if digits else whole
        if int_part and set(int_part.replace(",", "")) <= {"#"} and body.startswith("0."):
            body = body[1:]
        if rounded < 0 or (rounded == 0 and scaled < 0 and body.strip("0.,") != ""):
            body = "-" + body
    out = code[: numeric.start()] + body + code[numeric.end() :]
    pieces = iter(prefix_suffix)
    out = re.sub("\x00", lambda _m: next(pieces, ""), out)
    return out.strip()


def format_cell(value: object, number_format: str | None) -> str:
    """Any cell value as printed text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(float(value), number_format) if isinstance(value, float) or (
            number_format and number_format != "General"
        ) else str(value)
    return str(value).strip()
