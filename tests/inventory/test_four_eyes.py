"""Four eyes: nobody decides on their own request or registration, nobody
validates a record they submitted or changed since its last validation; the
page says who must act instead, and the secretariat can."""

import pytest
from django.urls import reverse
from django.utils import translation

from inventory.models import (
    MHOManagement,
    MutualHealthOrganization,
    SupportDelegation,
    YearlyRecord,
)
from inventory.services import records
from organizations.models import FocalPoint, Organization
from tests.factories import UserFactory, secretariat_member
from tests.inventory.conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

pytestmark = pytest.mark.django_db

ONLY_SECRETARIAT = "A second reviewer must validate this record: the technical "
WITH_COLLEAGUE = (
    "A second reviewer must validate this record: another focal point of "
    "Sénégal or the technical secretariat."
)


def edit_url(mho, language="en"):
    return f"/{language}/my/{mho.code}/{CAMPAIGN_YEAR}/"


def review_url(record, language="en"):
    with translation.override(language):
        return reverse("inventory:record_review", args=[record.pk])


def validate(client, record, language="en"):
    return client.post(
        review_url(record, language),
        {"version": record.version, "validate": "1"},
        follow=True,
    )


def fresh(record):
    return YearlyRecord.objects.get(pk=record.pk)


@pytest.fixture
def focal_manager(focal_sn, mho_a):
    """The focal point of Senegal, who also manages one of its mutuals."""
    MHOManagement.objects.create(user=focal_sn, mho=mho_a, status="approved")
    return focal_sn


@pytest.fixture
def colleague(senegal):
    """A second reviewer account of Senegal's focal point."""
    user = UserFactory(email="second.focal@example.sn")
    FocalPoint.objects.get(country=senegal).reviewers.add(user)
    return user


def submit_as(client, user, mho, version=0, **changes):
    client.force_login(user)
    data = form_data(LAST_YEAR_FIGURES, version, submit="1", **changes)
    response = client.post(edit_url(mho), {**data, "confirm_warnings": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return YearlyRecord.objects.get(mho=mho, year=CAMPAIGN_YEAR)


# --- records ---------------------------------------------------------------------


def test_a_focal_point_cannot_validate_the_record_he_submitted(
    client, focal_manager, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)

    page = client.get(review_url(record))
    response = validate(client, record)

    assert fresh(record).state == "submitted"
    assert ONLY_SECRETARIAT in page.content.decode()
    assert 'name="validate"' not in page.content.decode()
    assert ONLY_SECRETARIAT in response.content.decode()
    published = client.get(f"/api/v1/records/?mho={mho_a.code}&year={CAMPAIGN_YEAR}")
    assert published.json()["count"] == 0


def test_the_page_names_the_other_focal_point_of_the_country_in_french(
    client, focal_manager, colleague, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)

    page = client.get(review_url(record, "fr")).content.decode()
    english = client.get(review_url(record)).content.decode()

    assert (
        "Un second vérificateur doit valider cette fiche : un autre point focal du "
        "pays (Sénégal) ou le secrétariat technique." in page
    )
    assert WITH_COLLEAGUE in english


def test_another_focal_point_of_the_country_validates_it(
    client, focal_manager, colleague, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)
    client.force_login(colleague)

    validate(client, record)

    assert fresh(record).state == "validated"
    assert fresh(record).reviewed_by == colleague


def test_the_secretariat_validates_what_the_only_focal_point_submitted(
    client, focal_manager, staff, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)
    client.force_login(staff)

    page = client.get(review_url(record)).content.decode()
    validate(client, record)

    assert 'name="validate"' in page
    assert fresh(record).state == "validated"
    assert fresh(record).reviewed_by == staff


def test_a_reviewer_who_changed_the_record_since_its_validation_cannot_validate_it(
    client, focal_manager, manager_a, mho_a, campaign
):
    # The focal point saves a draft; the manager then submits it.
    client.force_login(focal_manager)
    client.post(edit_url(mho_a), form_data(LAST_YEAR_FIGURES, 0, draft="1"))
    record = submit_as(client, manager_a, mho_a, version=1, members=410)
    assert record.submitted_by == manager_a
    client.force_login(focal_manager)

    response = validate(client, record)

    assert fresh(record).state == "submitted"
    assert ONLY_SECRETARIAT in response.content.decode()


def test_changes_made_before_the_last_validation_do_not_count(
    client, focal_manager, manager_a, staff, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)
    client.force_login(staff)
    validate(client, record)
    # Reopened by the secretariat, corrected and submitted by the manager.
    records.record_return(
        record=fresh(record), user=staff, expected_version=2, comment="Membres ?"
    )
    record = submit_as(client, manager_a, mho_a, version=3, members=390)
    client.force_login(focal_manager)

    validate(client, record)

    assert fresh(record).state == "validated"
    assert fresh(record).reviewed_by == focal_manager


def test_returning_a_record_is_not_a_change_of_it(
    client, manager_a, focal_sn, mho_a, campaign
):
    record = submit_as(client, manager_a, mho_a)
    records.record_return(
        record=record, user=focal_sn, expected_version=1, comment="Cotisations ?"
    )
    record = submit_as(client, manager_a, mho_a, version=2, members=390)
    client.force_login(focal_sn)

    validate(client, record)

    assert fresh(record).state == "validated"


def test_its_submitter_may_return_a_record_publishing_nothing(
    client, focal_manager, mho_a, campaign
):
    record = submit_as(client, focal_manager, mho_a)

    client.post(
        review_url(record),
        {"version": record.version, "return": "1", "comment": "Je corrige."},
    )

    assert fresh(record).state == "returned"


def test_a_template_upload_counts_as_a_submission(
    client, focal_manager, mho_a, campaign
):
    record = records.record_for_edit(mho=mho_a, year=CAMPAIGN_YEAR)
    records.record_submit(
        record=record,
        user=focal_manager,
        data=dict(LAST_YEAR_FIGURES),
        expected_version=0,
        source=YearlyRecord.Source.TEMPLATE,
        confirm_warnings=True,
    )

    with pytest.raises(records.permissions.SecondPersonRequired):
        records.record_validate(record=record, user=focal_manager, expected_version=1)

    assert fresh(record).state == "submitted"


def test_a_secretariat_member_cannot_validate_his_own_change(
    client, manager_a, staff, focal_sn, mho_a, campaign
):
    record = submit_as(client, manager_a, mho_a)
    # The secretariat may edit a submitted record: it then is theirs.
    client.force_login(staff)
    client.post(
        edit_url(mho_a),
        {
            **form_data(LAST_YEAR_FIGURES, 1, members=405, submit="1"),
            "confirm_warnings": "on",
        },
    )

    response = validate(client, fresh(record))

    assert fresh(record).state == "submitted"
    assert (
        "A second reviewer must validate this record: a focal point of Sénégal or "
        "another member of the technical secretariat." in response.content.decode()
    )
    client.force_login(focal_sn)
    validate(client, fresh(record))
    assert fresh(record).state == "validated"


def test_the_queue_shows_own_records_as_waiting_for_someone_else(
    client, focal_manager, manager_a, mho_a, mho_b, campaign
):
    MHOManagement.objects.create(user=manager_a, mho=mho_b, status="approved")
    own = submit_as(client, focal_manager, mho_a)
    other = submit_as(client, manager_a, mho_b)
    client.force_login(focal_manager)

    queue = client.get("/en/review/")

    rows = {record.pk: record.who_else for record in queue.context["records"]}
    assert rows == {own.pk: "the technical secretariat", other.pk: ""}
    assert "Waiting for a second reviewer" in queue.content.decode()


def test_the_queue_asks_a_fixed_number_of_queries_whoever_submitted(
    client, focal_manager, senegal, campaign, django_assert_max_num_queries
):
    from tests.inventory.conftest import make_mho

    def submit_mutuals(first, count):
        for number in range(first, first + count):
            mho = make_mho(f"SN-{number:04d}", senegal)
            MHOManagement.objects.create(user=focal_manager, mho=mho, status="approved")
            submit_as(client, focal_manager, mho)

    submit_mutuals(10, 2)
    client.force_login(focal_manager)
    client.get("/en/review/")  # sessions and caches warm
    with django_assert_max_num_queries(30) as few:
        client.get("/en/review/")
    queries_for_two = len(few)
    submit_mutuals(20, 8)
    client.force_login(focal_manager)
    with django_assert_max_num_queries(queries_for_two):
        response = client.get("/en/review/")
    assert len(response.context["records"]) == 10


# --- revert ----------------------------------------------------------------------


def test_a_restored_validated_version_waits_for_a_second_reviewer(
    client, manager_a, focal_sn, staff, mho_a, campaign
):
    record = submit_as(client, manager_a, mho_a)
    client.force_login(focal_sn)
    validate(client, record)
    validated = fresh(record).history.latest("history_id")
    record = submit_as(client, staff, mho_a, version=2, members=380)
    client.force_login(staff)

    response = client.post(
        f"/en/records/{record.pk}/history/",
        {"history_id": validated.history_id},
        follow=True,
    )

    restored = fresh(record)
    assert (restored.members, restored.state) == (400, "submitted")
    assert restored.submitted_by == staff
    assert "The earlier version is restored." in response.content.decode()
    assert "A second reviewer must validate this record" in response.content.decode()
    client.force_login(focal_sn)
    validate(client, restored)
    assert fresh(record).state == "validated"


# --- requests and registrations ----------------------------------------------------


def test_a_focal_point_cannot_decide_on_his_own_request_to_manage(
    client, focal_sn, colleague, mho_b, campaign
):
    client.force_login(focal_sn)
    client.post("/en/my/request/", {"code": mho_b.code, "message": "Trésorier"})
    management = MHOManagement.objects.get(user=focal_sn)

    queue = client.get("/en/review/").content.decode()
    approve = client.post(
        f"/en/review/managements/{management.pk}/", {"decision": "approve"}, follow=True
    )
    reject = client.post(
        f"/en/review/managements/{management.pk}/", {"decision": "reject"}
    )

    management.refresh_from_db()
    assert management.status == "pending" and reject.status_code == 302
    assert (
        "This is your own request: a second reviewer decides on it: another focal "
        "point of Sénégal or the technical secretariat." in queue
    )
    assert "This is your own request" in approve.content.decode()
    assert client.get(f"/en/my/{mho_b.code}/{CAMPAIGN_YEAR}/").status_code == 404
    client.force_login(colleague)
    client.post(f"/en/review/managements/{management.pk}/", {"decision": "approve"})
    management.refresh_from_db()
    assert management.status == "approved" and management.decided_by == colleague


def test_a_focal_point_cannot_approve_the_mutual_he_registered(
    client, focal_sn, staff, senegal, campaign
):
    client.force_login(focal_sn)
    client.post(
        "/en/my/register/",
        {
            "name": "Mutuelle de santé de Mbour",
            "country": senegal.pk,
            "type": "community",
            "legal_status": "none",
        },
    )
    mho = MutualHealthOrganization.objects.get(name="Mutuelle de santé de Mbour")

    queue = client.get("/en/review/").content.decode()
    response = client.post(
        f"/en/review/mhos/{mho.code}/", {"decision": "approve"}, follow=True
    )

    mho.refresh_from_db()
    assert mho.approval == "pending"
    assert "You registered this mutual: a second reviewer decides on it" in queue
    assert "You registered this mutual" in response.content.decode()
    assert client.get(f"/en/inventory/{mho.code}/").status_code == 404
    client.force_login(staff)
    client.post(f"/en/review/mhos/{mho.code}/", {"decision": "approve"})
    mho.refresh_from_db()
    assert mho.approval == "approved"
    # The registrant's request to manage it was decided with it.
    assert MHOManagement.objects.get(user=focal_sn, mho=mho).status == "approved"


# --- the admin's forms ------------------------------------------------------------


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def admin_form(client, url, **changes):
    """The admin form as the page shows it, with some values changed."""
    from tests.inventory.test_admin import form_data as admin_data

    return admin_data(client.get(url), **changes)


@pytest.fixture
def other_secretary(db):
    return secretariat_member(email="other.secretary@example.sn")


def test_admin_refuses_to_validate_a_record_its_saver_submitted(
    client, staff, other_secretary, mho_a, campaign
):
    record = submit_as(client, staff, mho_a)
    client.force_login(staff)
    change = admin_url("inventory_yearlyrecord_change", record.pk)

    response = client.post(change, admin_form(client, change, state="validated"))

    assert response.status_code == 200
    assert ONLY_SECRETARIAT.replace("the technical ", "") in response.content.decode()
    assert fresh(record).state == "submitted"
    client.force_login(other_secretary)
    client.post(change, admin_form(client, change, state="validated"))
    assert fresh(record).state == "validated"


def test_admin_refuses_changed_figures_saved_as_validated(
    client, manager_a, focal_sn, staff, mho_a, campaign
):
    record = submit_as(client, manager_a, mho_a)
    client.force_login(focal_sn)
    validate(client, record)
    client.force_login(staff)
    change = admin_url("inventory_yearlyrecord_change", record.pk)

    refused = client.post(change, admin_form(client, change, members=999))
    comment = client.post(change, admin_form(client, change, review_comment="Vu."))
    submitted = client.post(
        change, admin_form(client, change, members=999, state="submitted")
    )

    assert "You changed the figures of this record" in refused.content.decode()
    assert comment.status_code == submitted.status_code == 302
    assert (fresh(record).members, fresh(record).state) == (999, "submitted")


def test_admin_refuses_a_record_added_as_validated(client, staff, mho_a):
    client.force_login(staff)
    add = admin_url("inventory_yearlyrecord_add")

    response = client.post(
        add,
        admin_form(
            client,
            add,
            mho=mho_a.pk,
            year=CAMPAIGN_YEAR - 3,
            members=50,
            beneficiaries=150,
            state="validated",
        ),
    )

    assert "You changed the figures of this record" in response.content.decode()
    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR - 3).exists()


def test_admin_refuses_to_approve_a_mutual_its_registrant_registered(
    client, staff, other_secretary, senegal
):
    mho = MutualHealthOrganization.objects.create(
        code="SN-0042",
        name="Mutuelle de Joal",
        country=senegal,
        approval="pending",
        created_by=staff,
    )
    change = admin_url("inventory_mutualhealthorganization_change", mho.pk)
    client.force_login(staff)

    response = client.post(change, admin_form(client, change, approval="approved"))

    mho.refresh_from_db()
    assert "You registered this mutual" in response.content.decode()
    assert mho.approval == "pending"
    client.force_login(other_secretary)
    client.post(change, admin_form(client, change, approval="approved"))
    mho.refresh_from_db()
    assert mho.approval == "approved"


@pytest.mark.parametrize("kind", ["management", "delegation"])
def test_admin_refuses_a_decision_on_ones_own_request(
    client, staff, other_secretary, mho_a, kind
):
    if kind == "management":
        request = MHOManagement.objects.create(user=staff, mho=mho_a)
    else:
        organization = Organization.objects.create(
            slug="appui", name_fr="Appui", name_en="Support", kind="support-structure"
        )
        request = SupportDelegation.objects.create(
            user=staff, organization=organization
        )
    model = type(request)._meta.model_name
    change = admin_url(f"inventory_{model}_change", request.pk)
    client.force_login(staff)

    response = client.post(change, admin_form(client, change, status="approved"))

    request.refresh_from_db()
    assert "This is your own request" in response.content.decode()
    assert request.status == "pending"
    client.force_login(other_secretary)
    client.post(change, admin_form(client, change, status="approved"))
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", other_secretary)


def test_admin_refuses_to_add_ones_own_request_already_approved(client, staff, mho_a):
    client.force_login(staff)
    add = admin_url("inventory_mhomanagement_add")

    response = client.post(
        add, admin_form(client, add, user=staff.pk, mho=mho_a.pk, status="approved")
    )

    assert "This is your own request" in response.content.decode()
    assert not MHOManagement.objects.filter(user=staff).exists()
