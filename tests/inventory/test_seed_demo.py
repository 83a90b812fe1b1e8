import hashlib
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from inventory.models import MHOManagement, MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS
from organizations.models import Country, FocalPoint
from tests.factories import MHOFactory, YearlyRecordFactory

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1
CURRENCIES = {
    "SN": "XOF",
    "ML": "XOF",
    "BF": "XOF",
    "CI": "XOF",
    "BJ": "XOF",
    "TG": "XOF",
    "CM": "XAF",
    "GN": "GNF",
    "CD": "CDF",
    "RW": "RWF",
    "BI": "BIF",
    "MR": "MRU",
}
DEMO_EMAILS = {
    "manager@demo.concertation.local",
    "focal@demo.concertation.local",
    "secretariat@demo.concertation.local",
}


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_digest() -> str:
    """A fingerprint of every generated value (not of database ids)."""
    digest = hashlib.sha256()
    mhos = MutualHealthOrganization.objects.filter(is_demo=True).order_by("code")
    for mho in mhos.select_related("country", "network").prefetch_related(
        "support_organizations"
    ):
        supporters = sorted(org.slug for org in mho.support_organizations.all())
        network = mho.network.slug if mho.network else ""
        digest.update(
            repr(
                (
                    mho.code,
                    mho.name,
                    mho.acronym,
                    mho.country.iso2,
                    mho.locality,
                    mho.area,
                    mho.founded_year,
                    mho.type,
                    mho.membership_basis,
                    mho.legal_status,
                    mho.registration_number,
                    network,
                    supporters,
                )
            ).encode()
        )
    records = YearlyRecord.objects.filter(mho__is_demo=True).order_by(
        "mho__code", "year"
    )
    for values in records.values_list("mho__code", "year", "state", *DATA_FIELDS):
        digest.update(repr(values).encode())
    return digest.hexdigest()


def test_seed_demo_needs_the_directory(db):
    with pytest.raises(CommandError, match="load_network"):
        seed("--mhos", "5")

    assert not MutualHealthOrganization.objects.exists()


def test_seed_demo_creates_plausible_demo_mhos_over_focal_point_countries(network):
    output = seed("--mhos", "60", "--years", "8", "--seed", "7")

    mhos = MutualHealthOrganization.objects.select_related("country")
    focal_countries = set(
        Country.objects.filter(focal_points__isnull=False).values_list(
            "iso2", flat=True
        )
    )
    assert mhos.count() == 60
    assert re.search(r"60 MHOs, \d+ yearly records in [\d.]+ s", output)
    for mho in mhos:
        assert mho.is_demo and mho.approval == "approved"
        assert mho.country.iso2 in focal_countries
        assert re.fullmatch(rf"{mho.country.iso2}-\d{{4}}", mho.code)
        assert mho.name.startswith("Mutuelle")
        assert mho.locality and mho.locality in mho.name
        assert mho.founded_year <= LAST_YEAR
        for organization in mho.support_organizations.all():
            assert organization.kind in {"support-structure", "ngo", "promoter"}
    assert len({mho.country_id for mho in mhos}) >= 5


def test_seed_demo_records_are_validated_yearly_series(network):
    seed("--mhos", "60", "--years", "8", "--seed", "7")
    first_year = LAST_YEAR - 7

    records = YearlyRecord.objects.select_related("mho", "mho__country")
    assert records.exists()
    by_mho = {}
    for record in records:
        by_mho.setdefault(record.mho, []).append(record.year)
        assert record.state == "validated" and record.source == "demo"
        assert record.currency == CURRENCIES[record.mho.country.iso2]
        if record.status == "inactive":
            continue
        assert record.beneficiaries >= 1.5 * record.members * 0.99
        assert record.beneficiaries <= 5 * record.members
        assert record.target_population > record.beneficiaries
        assert record.new_members + record.renewing_members <= record.members
    for mho, years in by_mho.items():
        start = max(first_year, mho.founded_year)
        assert sorted(years) == list(range(start, start + len(years)))
        assert max(years) <= LAST_YEAR
    assert any(mho.founded_year > first_year for mho in by_mho)
    statuses = [record.status for record in records]
    assert statuses.count("functional") > len(statuses) / 2


def test_seed_demo_amounts_are_mostly_consistent(network):
    seed("--mhos", "80", "--years", "10")

    records = YearlyRecord.objects.exclude(status="inactive")
    total = records.count()
    collected_more = sum(
        r.contributions_collected > r.contributions_expected for r in records
    )
    paid_more = sum(r.benefits_paid > r.contributions_collected for r in records)
    assert collected_more < total * 0.1
    assert paid_more < total * 0.1
    for record in records:
        cost_ratio = record.operating_costs / record.contributions_collected
        assert 0.09 <= cost_ratio <= 0.31


def test_seed_demo_records_pass_the_validation_rules(network):
    seed("--mhos", "40", "--years", "10")

    records = list(YearlyRecord.objects.select_related("mho").order_by("pk"))
    for record in records[::4]:
        record.full_clean()


def test_seed_demo_is_deterministic_for_the_same_arguments(network):
    seed("--mhos", "50", "--years", "6", "--seed", "3")
    first = demo_digest()
    seed("--mhos", "50", "--years", "6", "--seed", "3")
    again = demo_digest()
    seed("--mhos", "50", "--years", "6", "--seed", "4")
    other_seed = demo_digest()

    assert first == again
    assert other_seed != first


def test_seed_demo_twice_replaces_the_demo_data_without_duplicates(network):
    real = MHOFactory(country=Country.objects.get(iso2="SN"), code="SN-0001")
    real_record = YearlyRecordFactory(mho=real, year=LAST_YEAR)
    seed("--mhos", "50", "--years", "5")
    counts = (MutualHealthOrganization.objects.count(), YearlyRecord.objects.count())
    edited = YearlyRecord.objects.filter(mho__is_demo=True).first()
    edited.members += 1
    edited.save()  # as if someone tried the form on demo data: a history row
    seed("--mhos", "50", "--years", "5")

    assert (
        MutualHealthOrganization.objects.count(),
        YearlyRecord.objects.count(),
    ) == counts
    assert MutualHealthOrganization.objects.filter(is_demo=True).count() == 50
    real.refresh_from_db()
    assert not real.is_demo
    assert YearlyRecord.objects.filter(pk=real_record.pk).exists()
    senegal_codes = MutualHealthOrganization.objects.filter(
        is_demo=True, country__iso2="SN"
    ).values_list("code", flat=True)
    assert "SN-0001" not in senegal_codes
    assert min(senegal_codes) == "SN-0002"
    demo_history = YearlyRecord.history.exclude(mho_id=real.pk)
    assert not demo_history.exists()  # no audit rows left for generated data


def test_seed_demo_with_accounts_creates_the_three_demo_accounts(network):
    output = seed("--mhos", "30", "--with-accounts", "--password", "demo pass 42")

    users = get_user_model().objects.filter(email__in=DEMO_EMAILS)
    assert users.count() == 3
    assert all(user.check_password("demo pass 42") for user in users)
    first_senegal = (
        MutualHealthOrganization.objects.filter(is_demo=True, country__iso2="SN")
        .order_by("code")
        .first()
    )
    management = MHOManagement.objects.get(
        user__email="manager@demo.concertation.local"
    )
    assert management.mho == first_senegal and management.status == "approved"
    senegal_point = FocalPoint.objects.get(country__iso2="SN")
    assert senegal_point.reviewers.filter(email="focal@demo.concertation.local")
    secretariat = users.get(email="secretariat@demo.concertation.local")
    # Staff in the Secretariat group: its powers come from the group.
    assert secretariat.is_staff and not secretariat.is_superuser
    assert list(secretariat.groups.values_list("name", flat=True)) == ["Secretariat"]
    assert secretariat.has_perm("inventory.review_record")
    for email in DEMO_EMAILS:
        assert email in output


def test_seed_demo_with_accounts_again_keeps_the_manager_on_a_demo_mho(network):
    seed("--mhos", "30", "--with-accounts", "--password", "demo pass 42")
    seed("--mhos", "30", "--with-accounts", "--password", "demo pass 43")

    manager = get_user_model().objects.get(email="manager@demo.concertation.local")
    assert manager.check_password("demo pass 43")
    assert manager.mho_managements.get().mho.is_demo
    assert get_user_model().objects.filter(email__in=DEMO_EMAILS).count() == 3


def test_seed_demo_with_accounts_needs_a_password(network):
    with pytest.raises(CommandError, match="--password"):
        seed("--mhos", "5", "--with-accounts")

    assert not MutualHealthOrganization.objects.exists()


@override_settings(PRODUCTION=True)
def test_seed_demo_refuses_demo_accounts_in_production(network):
    with pytest.raises(CommandError, match="production"):
        seed("--mhos", "5", "--with-accounts", "--password", "demo pass 42")

    assert not MutualHealthOrganization.objects.exists()
    assert not get_user_model().objects.filter(email__in=DEMO_EMAILS).exists()
