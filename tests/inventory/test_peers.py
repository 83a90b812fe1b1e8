"""Each MHO beside its peers: the group (country, type and area, else the
sub-region), quartiles computed by the database and equal on SQLite and
PostgreSQL, only published data, and a page whose queries do not grow with
the number of mutuals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.selectors_peers import (
    COUNTRY,
    SUBREGION,
    _group,
    mho_peers,
    peer_figures,
)

from .conftest import make_country, make_mho, make_record

pytestmark = pytest.mark.django_db

YEAR = 2021
_codes = iter(range(1000, 9999))


def mutual(country, members_before, **figures):
    """An MHO with a validated record of YEAR and of the year before."""
    fields = {
        "area": figures.pop("area", "rural"),
        "type": figures.pop("type", "community"),
    }
    mho = make_mho(f"{country.iso2}-{next(_codes)}", country, **fields)
    make_record(mho, YEAR - 1, members=members_before, beneficiaries=members_before,
                renewing_members=0, new_members=0)  # fmt: skip
    figures.setdefault("members", 100)
    figures.setdefault("beneficiaries", max(figures["members"], 1200))
    figures.setdefault("renewing_members", min(80, figures["members"]))
    figures.setdefault("new_members", 0)
    make_record(mho, YEAR, **figures)
    return mho


@pytest.fixture
def senegal_peers(senegal):
    """Growth of the peers: 0, 100, 200, 300 and 900 % (members 100 → 100,
    200, 300, 400, 1000)."""
    return [mutual(senegal, 100, members=m) for m in (100, 200, 300, 400, 1000)]


def row(comparison, name):
    return next(line for line in comparison.rows if line.indicator.name == name)


def test_quartiles_of_an_odd_number_of_peers(senegal, senegal_peers):
    me = mutual(senegal, 100, members=150)

    comparison = mho_peers(mho=me, year=YEAR)

    assert (comparison.group, comparison.peers) == (COUNTRY, 5)
    growth = row(comparison, "growth")
    assert growth.own == pytest.approx(50)
    assert growth.peers == 5
    assert growth.first_quartile == pytest.approx(100)
    assert growth.median == pytest.approx(200)
    assert growth.third_quartile == pytest.approx(300)


@pytest.mark.parametrize("percentile_cont", [False, None])
def test_quartiles_interpolate_between_rows_as_percentile_cont(
    senegal, percentile_cont
):
    # Penetration 10, 20, 40 and 80 %: continuous quartiles at positions
    # 0.75, 1.5 and 2.25 → 17.5, 30 and 50 %.
    peers = [
        mutual(senegal, 100, beneficiaries=b, target_population=1000)
        for b in (100, 200, 400, 800)
    ]
    me = mutual(senegal, 100)

    quartiles, own = peer_figures(
        mho=me, year=YEAR, group=_group(me, COUNTRY), percentile_cont=percentile_cont
    )

    assert len(peers) == 4
    count, q1, median, q3 = quartiles["penetration"]
    assert count == 4
    assert (q1, median, q3) == pytest.approx((0.175, 0.3, 0.5))
    assert own["penetration"] == pytest.approx(1200 / 8000)


@pytest.mark.postgres
def test_percentile_cont_and_ranked_rows_agree_on_postgresql(senegal):
    assert connection.vendor == "postgresql"
    for index, members in enumerate((100, 130, 170, 220, 400, 950, 1000)):
        mutual(senegal, 90 + index * 7, members=members,
               contributions_expected=3_000_000 + index * 123_457,
               benefits_paid=500_000 + index * 77_777)  # fmt: skip
    me = mutual(senegal, 100)
    group = _group(me, COUNTRY)

    native = peer_figures(mho=me, year=YEAR, group=group, percentile_cont=True)
    ranked = peer_figures(mho=me, year=YEAR, group=group, percentile_cont=False)

    assert native[1] == ranked[1]
    assert native[0].keys() == ranked[0].keys()
    for name, figures in native[0].items():
        assert figures == pytest.approx(ranked[0][name], rel=1e-12), name


def test_fewer_than_five_peers_in_the_country_fall_back_to_the_subregion(senegal):
    mali = make_country("ML", "Mali")  # west-africa too
    kenya = make_country("KE", "Kenya")
    kenya.region = "east-africa"
    kenya.save()
    for _index in range(4):
        mutual(senegal, 100)
    for _index in range(3):
        mutual(mali, 100)
    mutual(kenya, 100)
    mutual(senegal, 100, type="company")  # another type
    mutual(senegal, 100, area="urban")  # another area
    me = mutual(senegal, 100)

    comparison = mho_peers(mho=me, year=YEAR)

    assert (comparison.group, comparison.peers) == (SUBREGION, 7)


def test_only_validated_records_of_approved_mutuals_are_peers(senegal, senegal_peers):
    draft = make_mho("SN-0900", senegal, area="rural")
    make_record(draft, YEAR, state="submitted")
    pending = mutual(senegal, 100)
    pending.approval = "pending"
    pending.save()
    me = mutual(senegal, 100)

    comparison = mho_peers(mho=me, year=YEAR)

    assert comparison.peers == 5
    assert row(comparison, "growth").peers == 5


def test_the_mho_page_shows_the_peers_in_a_captioned_table(
    client, senegal, senegal_peers
):
    me = mutual(senegal, 100, members=150)

    french = client.get(f"/fr/inventory/{me.code}/").content.decode()
    english = client.get(f"/en/inventory/{me.code}/").content.decode()

    assert 'id="peers"' in english and "<caption" in english
    assert "beside the 5 other mutuals of the same country (Sénégal)" in english
    assert "Compared with similar mutuals" in english
    assert "Comparaison avec des mutuelles semblables" in french
    assert 'role="img"' in english and "This mutual: 50.0 %" in english


def test_the_mho_page_queries_do_not_grow_with_the_number_of_peers(client, senegal):
    def queries(code):
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/en/inventory/{code}/").status_code == 200
        return len(context.captured_queries)

    for _index in range(6):
        mutual(senegal, 100)
    few = queries(mutual(senegal, 100).code)
    for _index in range(40):
        mutual(senegal, 100 + _index, members=120 + 3 * _index)
    many = queries(mutual(senegal, 100).code)

    assert few == many <= 10
