"""Whole numbers typed by people, read as they meant them or refused.

A manager types "9 500 000", "9 500 000,00", "9.500.000" or "9,500,000";
the online form, the Excel template and the bulk import read each of them
with ``whole_number_parse``: digits grouped by three with spaces (also the
no-break U+00A0, the narrow no-break U+202F and the thin U+2009), points or
commas, and a decimal part of zeros, are read as the number meant. A single
point or comma followed by three digits is grouping unless it is the active
language's decimal mark ("1.500" is 1500 in French, "1,500" in English).
Anything else, and any non-zero decimals (amounts are whole units), is
refused with a message that says why: "9 500 000,50" is never 950000050.
"""

import re
import unicodedata

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from inventory.display import number_display

SPACES = " \u00a0\u202f\u2009"
_SHAPE = re.compile(r"[-+]?[0-9][0-9 .,]*")
_SEPARATOR = re.compile(r"[ .,]")
# More digits than any count or amount: no need to read further.
MAX_DIGITS = 30


class NumberRefused(ValueError):
    """``message`` says why the text is not a whole number, in the active
    language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _decimal_split(body: str) -> tuple[str, str]:
    """The whole part and the decimals (after a decimal mark) of ``body``."""
    last = max(body.rfind("."), body.rfind(","))
    if last < 0:
        return body, ""
    mark, tail = body[last], body[last + 1 :]
    if " " in tail:
        return body, ""
    once = body.count(mark) == 1
    other = "," if mark == "." else "."
    # Three digits after the language's decimal mark are decimals only in a
    # number not grouped otherwise: "9 500.000" is refused, not read as 9500.
    is_decimal = len(tail) != 3 or (
        once
        and not _SEPARATOR.search(body[:last])
        and mark == get_format("DECIMAL_SEPARATOR")
    )
    if once and other in body[:last]:
        is_decimal = True  # 9.500.000,50 or 9,500,000.50
    return (body[:last], tail) if is_decimal else (body, "")


def _grouped_digits(whole: str, text: str) -> str:
    separators = set(_SEPARATOR.findall(whole))
    if not separators:
        return whole
    groups = _SEPARATOR.split(whole)
    lead = groups[0].lstrip("+-")
    if (
        len(separators) > 1
        or not 1 <= len(lead) <= 3
        or lead.startswith("0")  # "0,100" or "01 000": no grouping begins so
        or any(len(group) != 3 for group in groups[1:])
    ):
        raise NumberRefused(
            _(
                "The digits of %(value)s are not grouped by three: type the "
                "number without separators, e.g. 9500000."
            )
            % {"value": text}
        )
    return "".join(groups)


def whole_number_parse(value) -> int | None:
    """The whole number ``value`` holds (None when empty); raises
    ``NumberRefused`` when it is not one."""
    if value is None or isinstance(value, bool):
        raise NumberRefused(_("Enter a whole number, e.g. 9 500 000."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        text = str(value)
    else:
        text = str(value).strip()
    if not text:
        return None
    # Digits of other scripts ("١٢٣") are the digits they stand for.
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    body = re.sub(f"[{SPACES}]+", " ", text)
    if not _SHAPE.fullmatch(body) or len(body) > 2 * MAX_DIGITS:
        raise NumberRefused(_("Enter a whole number, e.g. 9 500 000."))
    whole, decimals = _decimal_split(body)
    if decimals.strip("0"):
        raise NumberRefused(
            _(
                "%(value)s has decimals: amounts and counts are whole numbers "
                "(round it, e.g. %(rounded)s)."
            )
            % {"value": text, "rounded": _rounded(whole, decimals)}
        )
    if decimals and not decimals.isdigit():
        raise NumberRefused(_("Enter a whole number, e.g. 9 500 000."))
    digits = _grouped_digits(whole, text)
    if not re.fullmatch(r"[-+]?[0-9]+", digits):
        raise NumberRefused(_("Enter a whole number, e.g. 9 500 000."))
    return int(digits)


def _rounded(whole: str, decimals: str) -> str:
    try:
        digits = int(_SEPARATOR.sub("", whole) or "0")
    except ValueError:
        return whole
    return number_display(digits + 1 if decimals[:1] >= "5" else digits)
