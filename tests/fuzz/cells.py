"""Spreadsheet cells for each kind of field of the template, with their meaning.

A ``Filled`` pairs a cell with what the portal must store from it, or
``INVALID`` when it must refuse it. The reading rules restated here are
the template's documented ones: labels or raw values of a list in either
language, Yes/No in either language, whole numbers with or without thousands
separators.
"""

import random
import re
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from hypothesis import strategies as st

from inventory.models import YearlyRecord
from inventory.models.record import DATA_FIELDS, TRI_STATE_FIELDS

from .oracle import NUMBER_FIELDS
from .values import (
    INVALID,
    NOT_WHOLE_NUMBERS,
    SEPARATORS,
    YES_NO_WORDS,
    choices,
    labels,
    plausible_values,
    spelled_integer,
    wild_integers,
    yes_no_meaning,
)
from .workbooks import EMPTY_CELL, Cell, boolean_cell, number_cell, text_cell

YES_NO_FIELDS = TRI_STATE_FIELDS
SPACES = str.maketrans("", "", "".join(SEPARATORS))


@dataclass(frozen=True)
class Filled:
    cell: Cell
    meaning: object


def _choice_lookup(name) -> dict[str, str]:
    lookup = {value.casefold(): value for value in choices(name)}
    for language in ("en", "fr"):
        with translation.override(language):
            for value, label in YearlyRecord._meta.get_field(name).choices:
                lookup[str(label).casefold()] = value
    return lookup


CHOICE_FIELDS = [n for n in DATA_FIELDS if YearlyRecord._meta.get_field(n).choices]
CHOICE_LOOKUPS = {name: _choice_lookup(name) for name in CHOICE_FIELDS}


def empty_meaning(name):
    """What an empty cell (or a missing row) stands for."""
    if name in CHOICE_LOOKUPS:
        return "" if YearlyRecord._meta.get_field(name).blank else INVALID
    return None


def meaning_of(name, value):
    """The meaning of a value as a spreadsheet reader returns it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return empty_meaning(name)
    if name in YES_NO_FIELDS:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return bool(value) if value in (0, 1) else INVALID
        return yes_no_meaning(str(value))
    if name in CHOICE_LOOKUPS:
        return CHOICE_LOOKUPS[name].get(str(value).strip().casefold(), INVALID)
    if isinstance(value, bool | datetime):
        return INVALID
    if isinstance(value, float):
        return int(value) if value.is_integer() else INVALID
    if isinstance(value, int):
        return value
    # Thousands separators dropped, then read as Django's IntegerField does.
    text = re.sub(r"\.0*\s*$", "", str(value).translate(SPACES))
    try:
        return int(text)
    except ValueError:
        return INVALID


# --- cells ---------------------------------------------------------------------------


def _xml_safe(text: str) -> str:
    """Only the characters an XML text may hold (a reader turns \\r into \\n)."""
    return "".join(
        ch
        for ch in text
        if ch in "\t\n"
        or "\x20" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or ch >= "\U00010000"
    )


def safe_text():
    return st.text(max_size=16).map(_xml_safe)


# Characters of long texts: scripts, accents, symbols, XML's special characters.
TEXT_POOL = "aZ9 é€ñßøœ中文字العربية한글ΩЖ<>&\"'\t\n=+-@;,.%$#!?"


@st.composite
def long_text(draw):
    """Thousands of characters, repetitive (they compress very well) or not."""
    length = draw(st.sampled_from([1_000, 40_000, 150_000]))
    if draw(st.booleans()):
        pattern = draw(st.sampled_from(["9", "a", "Oui", "é", "1 000 "]))
        return (pattern * length)[:length]
    rng = random.Random(draw(st.integers(0, 2**16)))
    return "".join(rng.choices(TEXT_POOL, k=length))


def error_cell():
    return st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?"]).map(
        lambda code: Cell(f"<v>{code}</v>", "e", code)
    )


def date_cell():
    return st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)).map(
        lambda moment: Cell(
            f"<v>{moment.replace(microsecond=0).isoformat()}</v>",
            "d",
            moment.replace(microsecond=0),
        )
    )


def formula_cell(value):
    """A formula with the result Excel cached, as a reader with data_only sees."""
    if isinstance(value, str):
        quoted = escape(value).replace('"', "&quot;")
        return Cell(
            f"<f>TRIM(&quot;{quoted}&quot;)</f><v>{escape(value)}</v>", "str", value
        )
    return Cell(f"<f>{value}+0</f><v>{value}</v>", None, value)


FORMULA_WITHOUT_RESULT = Cell("<f>SUM(Z1:Z9)</f>", None, None)
EMPTY_CELLS = [EMPTY_CELL, text_cell(""), text_cell("   "), FORMULA_WITHOUT_RESULT]


def _odd_cells():
    """Cells of the wrong kind for any field."""
    return st.one_of(
        st.sampled_from(EMPTY_CELLS),
        st.booleans().map(boolean_cell),
        error_cell(),
        date_cell(),
        long_text().map(text_cell),
        safe_text().map(text_cell),
    )


ODD_CELLS = _odd_cells()


@st.composite
def _thousands(draw):
    number = draw(st.integers(1_000, 10**9))
    return f"{number:,}".replace(",", draw(st.sampled_from(SEPARATORS)))


def number_field_cells():
    floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
    return st.one_of(
        wild_integers().map(lambda n: number_cell(str(n), n)),
        st.integers(0, 5_000).map(lambda n: number_cell(str(n), n)),
        st.integers(0, 5_000).map(lambda n: number_cell(f"{n}.0", float(n))),
        floats.map(lambda x: number_cell(repr(x), x)),
        spelled_integer().map(lambda token: text_cell(token.raw)),
        _thousands().map(text_cell),
        st.sampled_from(NOT_WHOLE_NUMBERS).map(text_cell),
        # One or two decimals after a comma: refused in either language ("1,100"
        # is 1100 in English, refused in French: tests/inventory/test_numbers.py).
        st.tuples(st.integers(0, 10**6), st.integers(1, 99)).map(
            lambda parts: text_cell(f"{parts[0]},{parts[1]}")
        ),
        st.integers(0, 10**6).map(formula_cell),
        ODD_CELLS,
    )


CASES = st.sampled_from([str, str.upper, str.lower, str.title])
PADDINGS = st.sampled_from([("", ""), (" ", ""), ("", "  "), ("\t", "")])
CHOICE_KINDS = st.sampled_from(["label", "label", "value", "formula", "number", "odd"])
YES_NO_KINDS = st.sampled_from(["word", "word", "number", "boolean", "odd"])
YES_NO_TEXTS = st.sampled_from(
    [*YES_NO_WORDS, "Not reported", "1.0", "maybe", "peut-être", "2", "oui non"]
)
YES_NO_NUMBERS = st.sampled_from([0, 1, 2, -1, 0.0, 1.0])
SMALL_NUMBERS = st.integers(-5, 5)


def _variant(draw, text):
    before, after = draw(PADDINGS)
    return before + draw(CASES)(text) + after


@st.composite
def choice_field_cells(draw, name, pools):
    kind = draw(CHOICE_KINDS)
    if kind in {"label", "value", "formula"}:
        text = _variant(draw, draw(pools[kind == "value"]))
        return formula_cell(text.strip()) if kind == "formula" else text_cell(text)
    if kind == "number":
        number = draw(SMALL_NUMBERS)
        return number_cell(str(number), number)
    return draw(ODD_CELLS)


@st.composite
def yes_no_field_cells(draw):
    kind = draw(YES_NO_KINDS)
    if kind == "word":
        return text_cell(_variant(draw, draw(YES_NO_TEXTS)))
    if kind == "number":
        number = draw(YES_NO_NUMBERS)
        return number_cell(str(number), number)
    if kind == "boolean":
        return boolean_cell(draw(st.booleans()))
    return draw(ODD_CELLS)


def field_cells(name):
    """Cells a person (or a program) may leave in the value column of ``name``."""
    if name in NUMBER_FIELDS:
        cells = number_field_cells()
    elif name in YES_NO_FIELDS:
        cells = yes_no_field_cells()
    else:
        pools = {
            False: st.sampled_from(labels(name)),
            True: st.sampled_from(choices(name)),
        }
        cells = choice_field_cells(name, pools)
    return cells.map(lambda cell: Filled(cell, meaning_of(name, cell.value)))


def plausible_cells(seed: int) -> dict[str, Filled]:
    """A template filled in completely, as a careful manager would: numbers as
    numbers or typed with thousands separators, labels in either language and
    any case, Yes, No and Not reported (Oui, Non, Non renseigné). Drawn from
    one seed, for speed."""
    rng = random.Random(seed)
    language = rng.choice(["en", "fr"])
    cells = {}
    for name, value in plausible_values(rng).items():
        if name in YES_NO_FIELDS and (value is not None or rng.random() < 0.5):
            with translation.override(language):
                word = str(
                    {True: _("Yes"), False: _("No")}.get(value, _("Not reported"))
                )
            cell = text_cell(rng.choice([word, word.upper(), f" {word} "]))
        elif value is None or value == "":
            cell = rng.choice(EMPTY_CELLS)
        elif name in CHOICE_FIELDS:
            with translation.override(language):
                field = YearlyRecord._meta.get_field(name)
                label = str(dict(field.choices)[value])
            cell = text_cell(rng.choice([label, label.lower(), value]))
        elif rng.random() < 0.7:
            cell = number_cell(str(value), value)
        else:
            cell = text_cell(f"{value:,}".replace(",", rng.choice(SEPARATORS)))
        cells[name] = Filled(cell, meaning_of(name, cell.value))
    return cells
