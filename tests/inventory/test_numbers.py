"""Numbers typed the French or the English way are read as meant or refused
with a message that says why, never silently read as another number: in the
reading itself, the online form, the Excel template and the bulk import."""

import pytest
from django.utils import translation

from inventory.imports.base import WholeNumberWidget
from inventory.models import YearlyRecord
from inventory.numbers import NumberRefused, whole_number_parse

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

SPACES = [" ", "\u00a0", "\u202f"]
MEANT = 9_500_000


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("space", SPACES)
def test_spaces_between_groups_of_three_are_read_as_meant(language, space):
    with translation.override(language):
        assert whole_number_parse(f"9{space}500{space}000") == MEANT
        assert whole_number_parse(f"9{space}500{space}000,00") == MEANT
        assert whole_number_parse(f"9{space}500{space}000.00") == MEANT


@pytest.mark.parametrize("language", ["fr", "en"])
def test_points_or_commas_between_groups_are_read_as_meant(language):
    with translation.override(language):
        assert whole_number_parse("9.500.000") == MEANT
        assert whole_number_parse("9,500,000") == MEANT
        assert whole_number_parse("9500000") == MEANT


def test_digits_of_other_scripts_are_the_digits_they_stand_for():
    assert whole_number_parse("١٢٣") == 123


def test_a_single_point_or_comma_follows_the_language():
    with translation.override("fr"):
        assert whole_number_parse("1.500") == 1500
        with pytest.raises(NumberRefused, match="a des décimales"):
            whole_number_parse("1,500")
    with translation.override("en"):
        assert whole_number_parse("1,500") == 1500
        with pytest.raises(NumberRefused, match="has decimals"):
            whole_number_parse("1.500")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "a des décimales : les montants et les effectifs sont des nombres"),
        ("en", "has decimals: amounts and counts are whole numbers"),
    ],
)
@pytest.mark.parametrize("space", SPACES)
def test_decimals_are_refused_never_glued_to_the_number(language, message, space):
    text = f"9{space}500{space}000,50"
    with translation.override(language), pytest.raises(NumberRefused) as refused:
        whole_number_parse(text)
    assert message in refused.value.message.replace("\u00a0", " ")
    proposed = refused.value.message.replace("\u202f", "").replace(",", "")
    assert "9500001" in proposed  # the rounding it proposes


def test_no_grouping_begins_with_a_zero():
    # Found by the fuzzed uploads: "0,100" in English was read as 100.
    with translation.override("en"), pytest.raises(NumberRefused):
        whole_number_parse("0,100")


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "ne sont pas groupés par trois"), ("en", "are not grouped by three")],
)
@pytest.mark.parametrize(
    "text", ["95 00 000", "9 500.000", "9.50.000", "1 5", "01 000", "0 100"]
)
def test_digits_grouped_oddly_are_refused(language, message, text):
    with translation.override(language), pytest.raises(NumberRefused) as refused:
        whole_number_parse(text)
    assert message in refused.value.message


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Saisissez un nombre entier"), ("en", "Enter a whole number")],
)
@pytest.mark.parametrize("text", ["12a", "1e3", "12-3", "--1", "9 500 000 FCFA"])
def test_what_is_no_number_is_refused(language, message, text):
    with translation.override(language), pytest.raises(NumberRefused) as refused:
        whole_number_parse(text)
    assert message in refused.value.message


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_bulk_import_reads_numbers_the_same_way(language):
    widget = WholeNumberWidget()
    with translation.override(language):
        assert widget.clean("9\u202f500\u202f000") == MEANT
        assert widget.clean("9.500.000") == MEANT
        with pytest.raises(ValueError, match="9.500.001"):
            widget.clean("9 500 000,50")


def edit_url(mho, language):
    return f"/{language}/my/{mho.code}/{CAMPAIGN_YEAR}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "a des décimales"), ("en", "has decimals")],
)
def test_the_online_form_reads_french_numbers_and_refuses_decimals(
    client, manager_a, mho_a, campaign, language, message
):
    client.force_login(manager_a)
    typed = {
        "contributions_expected": "9\u202f500\u202f000",
        "contributions_collected": "9.500.000",
        "benefits_paid": "1 500 000,00",
        "draft": "1",
    }
    saved = client.post(
        edit_url(mho_a, language), form_data(LAST_YEAR_FIGURES, 0, **typed)
    )
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    refused = client.post(
        edit_url(mho_a, language),
        form_data(LAST_YEAR_FIGURES, record.version, reserves="9 500 000,50"),
    )

    assert saved.status_code in (200, 302)
    assert record.contributions_expected == MEANT
    assert record.contributions_collected == MEANT
    assert record.benefits_paid == 1_500_000
    assert refused.status_code == 400
    assert message in refused.context["form"].errors["reserves"][0]
    record.refresh_from_db()
    assert record.reserves is None  # never 950000050
