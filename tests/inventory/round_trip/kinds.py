"""Every kind of value a record or an MHO may hold, for the round-trip tests.

Each kind is a complete, valid set of the fields a person edits: answers yes,
no, not reported or mixed; zero; empty; every value of every choice; the
largest figure each column takes; text at its maximum length, accented, or
starting like a spreadsheet formula.
"""

from django.db import connection

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    DATA_FIELDS,
    TRI_STATE_FIELDS,
)

Record = YearlyRecord
MHO = MutualHealthOrganization


def _choices(model, name) -> list[str]:
    return [value for value, _label in model._meta.get_field(name).choices]


def _largest(internal_type: str) -> int:
    return connection.ops.integer_field_range(internal_type)[1]


RECORD_CHOICE_FIELDS = [n for n in DATA_FIELDS if Record._meta.get_field(n).choices]

TYPICAL_RECORD = {
    "status": "functional",
    "members": 400,
    "beneficiaries": 1200,
    "target_population": 8000,
    "new_members": 60,
    "renewing_members": 320,
    "provider_agreements": 3,
    "currency": "XOF",
    "entry_fee": 1000,
    "contribution_amount": 500,
    "contribution_unit": "person",
    "contribution_periodicity": "monthly",
    "contributions_expected": 2_400_000,
    "contributions_collected": 2_000_000,
    "benefits_paid": 1_500_000,
    "operating_costs": 300_000,
    "subsidies": 50_000,
    "reserves": 900_000,
    "payment_mode": "third-party",
    **dict.fromkeys(TRI_STATE_FIELDS, True),
}
assert set(TYPICAL_RECORD) == set(DATA_FIELDS)


def _answers(*cycle) -> dict:
    return {
        name: cycle[index % len(cycle)] for index, name in enumerate(TRI_STATE_FIELDS)
    }


def _choice_kind(number: int) -> dict:
    """The ``number``-th value of every choice (the last one for short lists)."""
    figures = dict(TYPICAL_RECORD)
    for name in RECORD_CHOICE_FIELDS:
        values = _choices(Record, name)
        figures[name] = values[min(number, len(values) - 1)]
    if figures["status"] == Record.Status.PROJECT:
        # A mutual that is still a project has no members yet (rule E03).
        figures.update(members=0, new_members=0, renewing_members=0)
    return figures


def _record_kinds() -> dict[str, dict]:
    kinds = {
        "answers yes": {**TYPICAL_RECORD, **_answers(True)},
        "answers no": {**TYPICAL_RECORD, **_answers(False)},
        "answers not reported": {**TYPICAL_RECORD, **_answers(None)},
        "answers mixed": {**TYPICAL_RECORD, **_answers(True, False, None)},
        "zero": {
            **TYPICAL_RECORD,
            **dict.fromkeys([*COUNT_FIELDS, *AMOUNT_FIELDS], 0),
            **_answers(False),
        },
        "empty": {
            **TYPICAL_RECORD,
            **dict.fromkeys([*COUNT_FIELDS, *AMOUNT_FIELDS]),
            **{
                name: ""
                for name in RECORD_CHOICE_FIELDS
                if Record._meta.get_field(name).blank
            },
            **_answers(None),
        },
        "largest": {
            **TYPICAL_RECORD,
            **dict.fromkeys(COUNT_FIELDS, _largest("PositiveIntegerField")),
            **dict.fromkeys(AMOUNT_FIELDS, _largest("PositiveBigIntegerField")),
        },
    }
    longest_list = max(len(_choices(Record, n)) for n in RECORD_CHOICE_FIELDS)
    for number in range(longest_list):
        kinds[f"choices {number + 1}"] = _choice_kind(number)
    return kinds


RECORD_KINDS = _record_kinds()


# --- MHOs --------------------------------------------------------------------------

MHO_CHOICE_FIELDS = ["area", "type", "membership_basis", "legal_status", "approval"]
MHO_TEXT_FIELDS = [
    "name",
    "acronym",
    "region",
    "locality",
    "registration_number",
    "contact_phone",
    "postal_address",
]

TYPICAL_MHO = {
    "name": "Mutuelle de santé de Thiès",
    "acronym": "MST",
    "region": "Thiès",
    "locality": "Thiès",
    "area": "urban",
    "founded_year": 2001,
    "type": "community",
    "membership_basis": "family",
    "legal_status": "recognized",
    "registration_number": "042/2001",
    "contact_email": "contact@mutuelle-thies.sn",
    "contact_phone": "+221 33 951 00 00",
    "postal_address": "BP 42, Thiès",
    "approval": "approved",
    "is_demo": False,
    # Organizations by slug (see the fixture ``organizations``).
    "network": "union-thies",
    "support_organizations": ["pamas", "wsm"],
}


def _max_length(name) -> int:
    return MHO._meta.get_field(name).max_length


def _mho_choice_kind(number: int) -> dict:
    values = dict(TYPICAL_MHO)
    for name in MHO_CHOICE_FIELDS:
        choices = _choices(MHO, name)
        values[name] = choices[min(number, len(choices) - 1)]
    return values


def _mho_kinds() -> dict[str, dict]:
    kinds = {
        "typical": dict(TYPICAL_MHO),
        "empty": {
            **TYPICAL_MHO,
            **dict.fromkeys([*MHO_TEXT_FIELDS, "contact_email"], ""),
            "name": "M",
            "area": "",
            "membership_basis": "",
            "founded_year": None,
            "network": None,
            "support_organizations": [],
        },
        "longest text": {
            **TYPICAL_MHO,
            **{name: "é" * _max_length(name) for name in MHO_TEXT_FIELDS},
            "contact_email": f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 58}.sn",
            "founded_year": 2100,
        },
        "accents and quotes": {
            **TYPICAL_MHO,
            "name": "Mutuelle « Jàmm » d'Oussouye – Santé pour tous",
            "acronym": "MJÖ",
            "region": "Ziguinchor",
            "locality": "Oussouye",
            "postal_address": "Quartier Kàddu, rue 12 ; BP 7",
            "founded_year": 1900,
            "is_demo": True,
        },
        "text like a formula": {
            **TYPICAL_MHO,
            "name": '=HYPERLINK("http://example.org","Mutuelle")',
            "acronym": "@SUM",
            "region": "-Thiès",
            "locality": "+Thiès",
            "registration_number": "=1+1",
            "contact_phone": "+221 77 000 00 00",
        },
    }
    longest_list = max(len(_choices(MHO, name)) for name in MHO_CHOICE_FIELDS)
    for number in range(longest_list):
        kinds[f"choices {number + 1}"] = _mho_choice_kind(number)
    return kinds


MHO_KINDS = _mho_kinds()
