"""The inventory's admin: lists, history with revert, and versions of records."""

import itertools
from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from inventory.models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    MutualHealthOrganization,
    SupportDelegation,
    YearlyRecord,
)
from inventory.services import access, records
from organizations.models import Country, FocalPoint, Organization
from tests.factories import secretariat_member

pytestmark = pytest.mark.django_db
USER_NUMBERS = itertools.count(1)

YEAR = timezone.localdate().year - 1


def make_user(**fields):
    """A user without a password: hashing one takes most of a test's time."""
    fields.setdefault("email", f"user{next(USER_NUMBERS)}@example.org")
    return get_user_model().objects.create(**fields)


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:inventory_{name}", args=args)


def make_country(iso2):
    country, _ = Country.objects.get_or_create(
        iso2=iso2, defaults={"name_fr": iso2, "name_en": iso2, "region": "west-africa"}
    )
    return country


def make_mho(code, **fields):
    return MutualHealthOrganization.objects.create(
        code=code,
        name=fields.pop("name", f"Mutuelle {code}"),
        country=make_country(code[:2]),
        founded_year=2001,
        **fields,
    )


def make_record(mho, year=YEAR, **fields):
    return YearlyRecord.objects.create(
        mho=mho, year=year, members=100, beneficiaries=300, **fields
    )


def add_rows(number):
    """`number` more rows in every list, each with its related objects."""
    organization = Organization.objects.create(
        slug=f"org-{number}", name_fr="Org", name_en="Org", kind="ngo"
    )
    campaign = Campaign.objects.create(
        year=2000 + number,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
    )
    for index in range(number):
        mho = make_mho(f"SN-{number}{index:03d}")
        make_record(mho, state="validated")
        user = make_user()
        MHOManagement.objects.create(user=user, mho=mho, status="pending")
        SupportDelegation.objects.create(user=user, organization=organization)
        CampaignReminder.objects.create(campaign=campaign, mho=mho, recipients=1)


def form_data(response, **changes):
    """What the browser posts back from an admin change form, with changes."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.NullBooleanField):
            data[name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    data.update({name: str(value) for name, value in changes.items()})
    return data


@pytest.fixture
def secretary(db):
    return make_user(email="secretariat@example.sn", is_staff=True, is_superuser=True)


@pytest.fixture
def secretariat(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def inventory(db):
    thies = make_mho("SN-0001", name="Mutuelle de Thiès")
    make_mho("ML-0001", name="Mutuelle de Kayes", approval="pending")
    make_record(thies, YEAR - 1, state="validated")
    make_record(thies, YEAR, state="submitted")
    pamas = Organization.objects.create(
        slug="pamas", name_fr="PAMAS", name_en="PAMAS", acronym="PAMAS", kind="ngo"
    )
    awa = make_user(email="awa@example.sn")
    MHOManagement.objects.create(user=awa, mho=thies, status="approved")
    MHOManagement.objects.create(user=make_user(), mho=thies, status="pending")
    SupportDelegation.objects.create(user=awa, organization=pamas, status="approved")
    today = timezone.localdate()
    open_now = Campaign.objects.create(
        year=YEAR, opens_on=today - timedelta(days=5), closes_on=today
    )
    Campaign.objects.create(
        year=YEAR - 1,
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=300),
    )
    CampaignReminder.objects.create(campaign=open_now, mho=thies, recipients=1)
    return {"thies": thies, "sn": thies.country, "open": open_now}


LISTS = [
    ("mutualhealthorganization", "Thiès", lambda i: {"approval__exact": "pending"}, 1),
    ("yearlyrecord", "SN-0001", lambda i: {"year": str(YEAR)}, 1),
    ("yearlyrecord", "Thiès", lambda i: {"mho__country__id__exact": i["sn"].pk}, 2),
    ("mhomanagement", "awa@", lambda i: {"status__exact": "pending"}, 1),
    ("supportdelegation", "PAMAS", lambda i: {"status__exact": "approved"}, 1),
    ("campaign", str(YEAR), lambda i: {"open": "yes"}, 1),
    ("campaignreminder", "SN-0001", lambda i: {"campaign__id__exact": i["open"].pk}, 1),
]


@pytest.mark.parametrize(
    ("model", "search", "filters", "filtered"), LISTS, ids=[row[0] for row in LISTS]
)
def test_staff_open_search_and_filter_every_inventory_list(
    secretariat, inventory, model, search, filters, filtered
):
    url = admin_url(f"{model}_changelist")

    listing = secretariat.get(url)
    searched = secretariat.get(url, {"q": search})
    narrowed = secretariat.get(url, filters(inventory))

    assert listing.status_code == searched.status_code == narrowed.status_code == 200
    assert searched.context["cl"].result_count >= 1
    assert narrowed.context["cl"].result_count == filtered


def test_inventory_lists_run_the_same_number_of_queries_for_more_rows(
    secretariat, inventory
):
    models = [
        "mutualhealthorganization",
        "yearlyrecord",
        "mhomanagement",
        "supportdelegation",
        "campaignreminder",
    ]

    def queries():
        counts = {}
        for model in models:
            with CaptureQueriesContext(connection) as context:
                assert secretariat.get(admin_url(f"{model}_changelist")).status_code
            counts[model] = len(context)
        return counts

    add_rows(2)
    few = queries()
    add_rows(12)

    assert queries() == few


@pytest.mark.parametrize("model", ["mutualhealthorganization", "yearlyrecord"])
def test_import_and_export_pages_open(secretariat, inventory, model):
    assert secretariat.get(admin_url(f"{model}_import")).status_code == 200
    assert secretariat.get(admin_url(f"{model}_export")).status_code == 200


def test_registered_users_are_sent_to_the_admin_login(client, inventory):
    client.force_login(make_user())

    response = client.get(admin_url("yearlyrecord_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_mho_history_shows_a_service_change_with_its_author(secretariat, inventory):
    kayes = MutualHealthOrganization.objects.get(code="ML-0001")
    reviewer = make_user(email="focal.ml@example.ml", full_name="Mariam Traoré")
    FocalPoint.objects.create(country=kayes.country, contact_person="PF").reviewers.add(
        reviewer
    )
    access.mho_decide(mho=kayes, user=reviewer, approve=True)

    response = secretariat.get(admin_url("mutualhealthorganization_history", kayes.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mariam Traoré" in html
    assert "pending" in html and "&rarr;&nbsp;&nbsp;approved" in html


def test_record_history_lists_each_version_with_its_author(secretariat, inventory):
    record = YearlyRecord.objects.get(year=YEAR)
    reviewer = secretariat_member(full_name="Mariam Traoré")
    records.record_validate(record=record, user=reviewer, expected_version=1)

    response = secretariat.get(admin_url("yearlyrecord_history", record.pk))

    html = response.content.decode()
    assert "Mariam Traoré" in html and "validated" in html
    assert [row.version for row in response.context["page_obj"]] == [2, 1]


def test_admin_revert_restores_an_older_mho_name(secretariat, secretary, inventory):
    thies = inventory["thies"]
    first = thies.history.earliest()
    change = admin_url("mutualhealthorganization_change", thies.pk)
    secretariat.post(change, form_data(secretariat.get(change), name="Nouveau nom"))
    assert MutualHealthOrganization.objects.get(pk=thies.pk).name == "Nouveau nom"
    revert = admin_url("mutualhealthorganization_simple_history", thies.pk, first.pk)

    response = secretariat.post(revert, form_data(secretariat.get(revert)))

    thies.refresh_from_db()
    assert response.status_code == 302
    assert thies.name == "Mutuelle de Thiès"
    latest = thies.history.latest()
    assert (latest.history_user, latest.name) == (secretary, "Mutuelle de Thiès")


def test_record_created_in_the_admin_has_source_admin_and_its_author(
    secretariat, secretary, inventory
):
    data = {
        "mho": inventory["thies"].pk,
        "year": YEAR - 2,
        "status": "functional",
        "members": "50",
        "beneficiaries": "150",
        "currency": "XOF",
        "state": "draft",
        "general_assembly_held": "unknown",
        "accounts_approved": "unknown",
    }

    response = secretariat.post(admin_url("yearlyrecord_add"), data)

    record = YearlyRecord.objects.get(year=YEAR - 2)
    assert response.status_code == 302
    assert (record.source, record.version) == ("admin", 1)
    history = record.history.get()
    assert (history.history_user, history.history_change_reason) == (
        secretary,
        "admin",
    )


def test_admin_save_gives_a_new_version_so_an_open_manager_form_conflicts(
    secretariat, secretary, inventory
):
    record = YearlyRecord.objects.get(year=YEAR)
    record.state = "draft"
    record.save()
    opened_by_manager = record.version
    change = admin_url("yearlyrecord_change", record.pk)

    secretariat.post(change, form_data(secretariat.get(change), members=120))

    record.refresh_from_db()
    assert (record.members, record.version) == (120, opened_by_manager + 1)
    assert record.history.latest().history_user == secretary
    manager = MHOManagement.objects.get(status="approved").user
    with pytest.raises(records.RecordConflict):
        records.record_save_draft(
            record=record,
            user=manager,
            data={"members": 130},
            expected_version=opened_by_manager,
            source="form",
        )


def test_admin_form_opened_before_another_save_is_refused(secretariat, inventory):
    record = YearlyRecord.objects.get(year=YEAR)
    change = admin_url("yearlyrecord_change", record.pk)
    opened = form_data(secretariat.get(change), members=999)
    records.record_validate(
        record=record,
        user=secretariat_member(),
        expected_version=record.version,
    )

    response = secretariat.post(change, opened)

    record.refresh_from_db()
    assert response.status_code == 200
    assert "Someone saved this record after you opened it" in response.content.decode()
    assert (record.members, record.state) == (100, "validated")


def test_admin_revert_restores_older_figures_as_a_new_version(
    secretariat, secretary, inventory
):
    record = YearlyRecord.objects.get(year=YEAR)
    first = record.history.earliest()
    record.members, record.beneficiaries = 150, 400
    record.version += 1
    record.save()
    revert = admin_url("yearlyrecord_simple_history", record.pk, first.pk)

    response = secretariat.post(revert, form_data(secretariat.get(revert)))

    record.refresh_from_db()
    assert response.status_code == 302
    assert (record.members, record.beneficiaries, record.version) == (100, 300, 3)
    assert record.history.latest().history_user == secretary
