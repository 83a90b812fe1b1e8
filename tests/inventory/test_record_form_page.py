"""The record form page: last year's value beside each input, in a number of
queries that does not grow with the mutual's history, and a year with no
open campaign said at once, before any figure is typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Campaign, MHOManagement

from .conftest import CAMPAIGN_YEAR, make_mho, make_record

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"
FORM_GET_QUERIES = 10  # measured on the pages of December 2026


def edit_url(mho, year=CAMPAIGN_YEAR, language="fr"):
    return f"/{language}/my/{mho.code}/{year}/"


@pytest.mark.parametrize(
    ("language", "members", "collected"),
    [
        ("fr", f"{CAMPAIGN_YEAR - 1}\u00a0: 400", f"2{NNBSP}000{NNBSP}000\u00a0XOF"),
        ("en", f"{CAMPAIGN_YEAR - 1}: 400", "2,000,000\u00a0XOF"),
    ],
)
def test_last_years_value_is_beside_each_input(
    client, manager_a, mho_a, campaign, language, members, collected
):
    client.force_login(manager_a)

    html = client.get(edit_url(mho_a, language=language)).content.decode()

    shown = dict(
        re.findall(
            r'<span class="previous-value" id="id_(\w+)_previous">([^<]*)</span>', html
        )
    )
    assert shown["members"] == members
    assert shown["contributions_collected"].endswith(collected)
    assert "covers_primary_care" in shown and "payment_mode" in shown
    described = re.search(r'<input[^>]*name="members"[^>]*>', html).group(0)
    assert 'aria-describedby="id_members_previous"' in described


def _form_get_queries(client, mho) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edit_url(mho))
    assert response.status_code == 200
    return len(queries)


def test_form_get_queries_do_not_grow_with_the_history(
    client, manager_a, mho_a, senegal, campaign
):
    long_history = make_mho("SN-0099", senegal)
    for year in range(CAMPAIGN_YEAR - 12, CAMPAIGN_YEAR):
        make_record(long_history, year)
    MHOManagement.objects.create(user=manager_a, mho=long_history, status="approved")
    make_record(long_history, CAMPAIGN_YEAR, state="draft")
    client.force_login(manager_a)
    client.get(edit_url(mho_a))  # the session and caches, once

    new_record = _form_get_queries(client, mho_a)
    draft_with_history = _form_get_queries(client, long_history)

    assert new_record == draft_with_history, (new_record, draft_with_history)
    assert new_record <= FORM_GET_QUERIES


@pytest.mark.parametrize(
    ("language", "message", "back"),
    [
        ("fr", "Aucune campagne n'est ouverte pour", "Retour à Mes mutuelles"),
        ("en", "No campaign is open for", "Back to My mutuals"),
    ],
)
def test_a_year_without_campaign_says_so_before_the_form(
    client, manager_a, mho_a, language, message, back
):
    Campaign.objects.all().delete()
    client.force_login(manager_a)

    response = client.get(edit_url(mho_a, language=language))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and back in html
    assert 'name="members"' not in html  # no form to fill in for nothing


def test_another_year_points_to_the_open_campaign(client, manager_a, mho_a, campaign):
    client.force_login(manager_a)

    html = client.get(edit_url(mho_a, year=CAMPAIGN_YEAR - 3)).content.decode()

    assert "Aucune campagne n'est ouverte pour" in html
    assert f'href="/fr/my/{mho_a.code}/{CAMPAIGN_YEAR}/"' in html
