"""Values shown as people read them (``inventory.display`` and the
``record_display`` filters): yes / no / not reported, grouped digits in the
language's way with the currency, translated choices, codes with their text,
and no "---------" in the record form's drop-downs."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from inventory import display
from inventory.validation import Issue

from .conftest import CAMPAIGN_YEAR, make_record

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"  # French digit grouping: a narrow no-break space


def render(source: str, **context) -> str:
    return Template("{% load record_display %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", f"9{NNBSP}500{NNBSP}000"), ("en", "9,500,000")],
)
def test_numbers_are_grouped_the_way_of_the_language(language, expected):
    with translation.override(language):
        assert display.number_display(9_500_000) == expected
        assert render("{{ n|grouped }}", n=9_500_000) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", f"2{NNBSP}400{NNBSP}000\u00a0XOF"),
        ("en", "2,400,000\u00a0XOF"),
    ],
)
def test_amounts_show_grouping_and_the_record_currency(mho_a, language, expected):
    record = make_record(mho_a, CAMPAIGN_YEAR - 5)
    with translation.override(language):
        assert display.record_value(record, "contributions_expected") == expected
        shown = render('{{ r|field_value:"contributions_expected" }}', r=record)
        assert shown == expected


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ("Oui", "Non", "Non renseigné", "Fonctionnelle", "Tiers payant")),
        ("en", ("Yes", "No", "Not reported", "Functional", "Third-party payment")),
    ],
)
def test_answers_choices_and_empty_values_are_words(mho_a, language, words):
    record = make_record(
        mho_a,
        CAMPAIGN_YEAR - 5,
        covers_primary_care=True,
        covers_surgery=False,
        covers_drugs=None,
        reserves=None,
    )
    yes, no, not_reported, functional, third_party = words
    with translation.override(language):
        assert display.record_value(record, "covers_primary_care") == yes
        assert display.record_value(record, "covers_surgery") == no
        assert display.record_value(record, "covers_drugs") == not_reported
        assert display.record_value(record, "reserves") == not_reported
        assert display.record_value(record, "status") == functional
        assert display.record_value(record, "payment_mode") == third_party
        assert render("{{ v|yes_no }}", v=None) == not_reported


def test_a_rule_code_is_never_shown_without_its_text():
    issue = Issue("W03", "warning", "contributions_collected", "Above expected.")
    assert display.issue_display(issue) == "Above expected. (W03)"
    assert render("{{ i|issue_text }}", i=issue) == "Above expected. (W03)"


@pytest.mark.parametrize(
    ("language", "empty"), [("fr", "Non renseigné"), ("en", "Not reported")]
)
def test_record_form_has_no_dashes_choice(
    client, campaign, mho_a, manager_a, language, empty
):
    client.force_login(manager_a)
    response = client.get(f"/{language}/my/{mho_a.code}/{CAMPAIGN_YEAR}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "---------" not in html
    unit = re.search(r'<select name="contribution_unit".*?</select>', html, re.S)
    assert f'<option value="">{empty}</option>' in unit.group(0)
