"""Generated values, each with what the portal must make of it.

A ``Token`` is what a person types (or a spreadsheet holds) together with its
meaning: the value the portal must store, ``INVALID`` when the portal must
refuse it, or ``FREE`` when several readings are acceptable and only the type
of what is stored is checked. The meanings are written here from the
documented behaviour (Django's form fields, the template's help texts), not
computed with the portal's own code.
"""

import re
from dataclasses import dataclass

from django.utils import translation
from hypothesis import strategies as st

from inventory.models import YearlyRecord
from inventory.models.record import TRI_STATE_FIELDS


class Sentinel:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


INVALID = Sentinel("INVALID")  # the portal must refuse the value
FREE = Sentinel("FREE")  # any reading will do, if the stored type is right
MISSING = Sentinel("MISSING")  # the field is not posted at all


@dataclass(frozen=True)
class Token:
    raw: object  # a str, MISSING, or a list of str (the same key posted twice)
    meaning: object


# Digits people may type; Python reads every Unicode decimal digit.
DIGITS = {
    "ascii": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "fullwidth": "０１２３４５６７８９",
    "devanagari": "०१२३४५६७८९",
}
BOUNDARIES = [
    0,
    1,
    2**31 - 1,
    2**31,
    2**32,
    2**63 - 1,
    2**63,
    2**64,
    10**20,
    -1,
    -(2**63),
    -(2**63) - 1,
]
# Text a form must never read as a whole number.
NOT_WHOLE_NUMBERS = [
    "1,5",
    "1.5",
    "0.999",
    "12abc",
    "abc",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e5",
    "1E3",
    "None",
    "null",
    "undefined",
    "0x1F",
    "0b101",
    "½",
    "²",
    "--1",
    "1-",
    "١٢٣.٥",
    "true",
    "[]",
    "{}",
    "'; DROP TABLE inventory_yearlyrecord; --",
    "<script>alert(1)</script>",
    "=1+1",
    "9" * 5000,  # more digits than Python converts
]
# A person's thousands separators: the form refuses them, the template accepts.
SEPARATORS = [" ", "\u00a0", "\u202f", "\u2009"]


def wild_integers():
    return st.one_of(
        st.integers(0, 2_000),
        st.integers(0, 10**7),
        st.integers(-(10**6), -1),
        st.sampled_from(BOUNDARIES),
        st.integers(-(10**30), 10**30),
    )


def _spell(number: int, digits: str) -> str:
    return "".join(digits[int(c)] for c in str(abs(number)))


DIGIT_SET = st.sampled_from(["ascii"] * 6 + ["arabic-indic", "fullwidth", "devanagari"])
PLUS = st.sampled_from(["", "", "", "+"])
SUFFIX = st.sampled_from(["", "", "", ".0", ".000"])
PADDING = st.sampled_from([("", "")] * 4 + [(" ", ""), ("", " "), ("\t", "\n")])
NOT_WHOLE_KIND = st.sampled_from(["listed", "comma", "point", "thousands"])
LISTED = st.sampled_from(NOT_WHOLE_NUMBERS)
SEPARATOR = st.sampled_from(SEPARATORS)
WILD_INTEGERS = wild_integers()


@st.composite
def spelled_integer(draw, numbers=None):
    """A whole number as a form field reads it: signs, padding, Unicode digits,
    a trailing ".0"."""
    number = draw(numbers if numbers is not None else WILD_INTEGERS)
    digits = DIGITS[draw(DIGIT_SET)]
    sign = "-" if number < 0 else draw(PLUS)
    before, after = draw(PADDING)
    text = sign + _spell(number, digits) + draw(SUFFIX)
    return Token(before + text + after, number)


@st.composite
def not_a_whole_number(draw):
    kind = draw(NOT_WHOLE_KIND)
    if kind == "listed":
        return Token(draw(LISTED), INVALID)
    whole = draw(st.integers(0, 10**6))
    if kind == "thousands":
        # Digits grouped by three are read as meant ("9 500"); other groups
        # are refused (inventory.numbers).
        part = draw(st.integers(0, 999))
        # No grouping begins with a zero ("0 100").
        meaning = whole * 1000 + part if 1 <= whole < 1000 else INVALID
        return Token(f"{whole}{draw(SEPARATOR)}{part:03d}", meaning)
    # One or two decimals: refused in either language. Three digits after a
    # single mark are grouping in the language whose decimal mark it is not
    # ("1,100" is 1100 in English): tests/inventory/test_numbers.py.
    fraction = draw(st.integers(1, 99))
    mark = "," if kind == "comma" else "."
    return Token(f"{whole}{mark}{fraction}", INVALID)


def free_text(max_size=12):
    return st.one_of(
        st.text(max_size=max_size),
        st.sampled_from(["", " ", "   ", "\t", "\n", "\u00a0"]),
    ).map(lambda text: Token(text, FREE))


def integer_token():
    """What may be posted in a count or amount field."""
    return st.one_of(
        spelled_integer(),
        spelled_integer(),
        not_a_whole_number(),
        st.just(Token("", None)),
        st.just(Token(MISSING, None)),
        free_text(),
    )


def choices(name):
    return [value for value, _label in YearlyRecord._meta.get_field(name).choices]


def labels(name):
    found = set()
    for language in ("en", "fr"):
        with translation.override(language):
            field = YearlyRecord._meta.get_field(name)
            found.update(str(label) for _value, label in field.choices)
    return sorted(found)


def choice_token(name):
    """What may be posted in a drop-down of choices."""
    values = choices(name)
    blank = "" if YearlyRecord._meta.get_field(name).blank else INVALID

    def swapped(value):
        text = value.swapcase()
        return Token(text, value if text == value else INVALID)

    return st.one_of(
        st.sampled_from(values).map(lambda value: Token(value, value)),
        st.sampled_from(values).map(lambda value: Token(value, value)),
        st.just(Token("", blank)),
        st.just(Token(MISSING, blank)),
        st.sampled_from(labels(name)).map(
            lambda label: Token(label, label if label in values else INVALID)
        ),
        st.sampled_from(values).map(swapped),
        st.sampled_from(values).map(lambda value: Token(f" {value}", INVALID)),
        st.sampled_from(values).map(lambda value: Token(value + "\x00", INVALID)),
        free_text(),
    )


def checkbox_token():
    """A ticked or unticked box (Django reads "false" and "0" as unticked): the
    confirmation of warnings."""
    return st.one_of(
        st.sampled_from(
            [
                Token("on", True),
                Token(MISSING, False),
                Token("", False),
                Token("false", False),
                Token("False", False),
                Token("true", True),
                Token("1", True),
            ]
        ),
        free_text(),
    )


# Yes / no / not reported as the portal documents them for every write path
# (form, template, import): any case, spaces around; "1.0" reads as "1".
YES_NO_WORDS = {
    **dict.fromkeys(["true", "1", "yes", "y", "oui", "o", "vrai", "x"], True),
    **dict.fromkeys(["false", "0", "no", "n", "non", "faux"], False),
    **dict.fromkeys(
        ["", "none", "null", "unknown", "not reported", "non renseigné"], None
    ),
}


def yes_no_meaning(text: str):
    """What the portal must make of ``text`` in a yes / no / not reported field."""
    word = re.sub(r"^([01])\.0+$", r"\1", text.strip().casefold())
    return YES_NO_WORDS.get(word, INVALID)


def yes_no_token():
    """The Yes / No / Not reported drop-down, or what a crafted post holds."""
    return st.one_of(
        st.sampled_from(
            [
                Token("true", True),
                Token("false", False),
                Token("", None),
                Token(MISSING, None),
                Token("True", True),
                Token("0", False),
                Token(" Oui ", True),
                Token("Non renseigné", None),
                Token("on", INVALID),  # a check box's value
                Token("2", INVALID),
                Token("1.5", INVALID),
            ]
        ),
        st.sampled_from(sorted(YES_NO_WORDS)).map(
            lambda word: Token(word.upper(), YES_NO_WORDS[word])
        ),
        st.text(max_size=12).map(lambda text: Token(text, yes_no_meaning(text))),
    )


@st.composite
def posted_twice(draw, token_strategy):
    """The same key posted twice: a form reads the last value."""
    token = draw(token_strategy)
    if not isinstance(token.raw, str):
        return token
    first = draw(st.text(max_size=8))
    return Token([first, token.raw], token.meaning)


def plausible_values(rng) -> dict:
    """The figures of a careful manager (they mostly pass the rules), drawn
    with ``rng`` (a random.Random)."""

    def maybe(top):
        return None if rng.random() < 0.2 else rng.randint(0, top)

    status = rng.choice(["functional"] * 5 + choices("status"))
    members = 0 if status == "project" else rng.randint(0, 3000)
    expected = rng.randint(0, 10**7)
    collected = rng.randint(0, expected + expected // 4)
    values = {
        "status": status,
        "members": members,
        "beneficiaries": rng.randint(members, 4 * members + 1),
        "target_population": maybe(10**6),
        "new_members": rng.randint(0, members),
        "renewing_members": maybe(members),
        "provider_agreements": maybe(40),
        "currency": rng.choice(choices("currency")),
        "entry_fee": maybe(5000),
        "contribution_amount": maybe(10_000),
        "contribution_unit": rng.choice(["", *choices("contribution_unit")]),
        "contribution_periodicity": rng.choice(
            ["", *choices("contribution_periodicity")]
        ),
        "contributions_expected": expected,
        "contributions_collected": collected,
        "benefits_paid": rng.randint(0, collected + collected // 4),
        "operating_costs": maybe(10**6),
        "subsidies": maybe(10**6),
        "reserves": maybe(10**7),
        "payment_mode": rng.choice(["", *choices("payment_mode")]),
    }
    for name in TRI_STATE_FIELDS:
        values[name] = rng.choice([True, False, None])
    return values
