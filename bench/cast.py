"""The people and records the logged-in rows and the campaign day need, added
to the generated demo data as the secretariat and the users would have made
them: an open campaign, a manager, a delegate of a support organization with
200 MHOs, the focal points' reviewer accounts, a secretariat account, and a
country's review queue of submitted records (written through the services,
so with their history).

Every function is idempotent: a kept database (``--keep``, then ``--reuse``)
gets what is missing and nothing twice. Records for the campaign year are
only ever created on MHOs that have none, so each measurement writes on MHOs
of its own.
"""

import datetime
import math

from django.db import transaction

from .paths import COUNTRY

PASSWORD = "bench-manager-pass-9"
DOMAIN = "bench.example.org"
ROLES = {
    "manager": "Bench manager",
    "delegate": "Bench delegate",
    "reviewer": "Bench reviewer",
    "secretariat": "Bench secretariat",
    "queue": "Bench queue manager",
}
DELEGATE_MHOS = 200
# Share of the country's MHOs whose record of the campaign year waits in the
# review queue (about 400 of Senegal's 4,000 at full scale).
QUEUE_SHARE = 0.1
ORGANIZATION_SLUG = "bench-support-organization"
# The campaign day: managers and focal points at work in these countries.
CAMPAIGN_COUNTRIES = (COUNTRY, "ML")


def email(role: str) -> str:
    return f"bench-{role}@{DOMAIN}"


def _user(role: str, name: str):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    user = users.filter(email=email(role)).first()
    if user is None:
        user = users.create_user(
            email=email(role), password=PASSWORD, full_name=name, email_verified=True
        )
    return user


def open_campaign() -> int:
    """The campaign of this year, open since yesterday; its year."""
    from django.utils import timezone

    from inventory.models import Campaign

    today = timezone.localdate()
    dates = {
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=30),
    }
    campaign, created = Campaign.objects.get_or_create(year=today.year, defaults=dates)
    if not created and not campaign.opens_on <= today <= campaign.closes_on:
        Campaign.objects.filter(pk=campaign.pk).update(**dates)  # a kept database
    return campaign.year


def reviewer_of(iso2: str, role: str):
    """A reviewer account of ``iso2``'s focal point."""
    from organizations.models import FocalPoint

    user = _user(role, f"Bench reviewer {iso2}")
    focal_point = FocalPoint.objects.filter(country__iso2=iso2).order_by("pk").first()
    if focal_point is None:
        raise RuntimeError(f"no focal point in {iso2}: load_network first")
    focal_point.reviewers.add(user)
    return user


def manage(user, mhos) -> None:
    """Approved management of ``mhos`` by ``user``, as a focal point grants it."""
    from django.utils import timezone

    from inventory.models import MHOManagement
    from inventory.models.access import RequestStatus

    for mho in mhos:
        MHOManagement.objects.update_or_create(
            user=user,
            mho=mho,
            defaults={"status": RequestStatus.APPROVED, "decided_at": timezone.now()},
        )


def without_record(year: int):
    """Approved MHOs with no record for ``year``."""
    from inventory.models import MutualHealthOrganization

    return MutualHealthOrganization.objects.approved().exclude(records__year=year)


def _delegate() -> str:
    """A delegate of a support organization that supports 200 MHOs, most of
    them in the country of the rows."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    from inventory.models import MutualHealthOrganization, SupportDelegation
    from inventory.models.access import RequestStatus
    from organizations.models import Country, Organization

    organization, created = Organization.objects.get_or_create(
        slug=ORGANIZATION_SLUG,
        defaults={
            "name_fr": "Structure d'appui du banc d'essai",
            "name_en": "Benchmark support organization",
            "kind": Organization.Kind.SUPPORT_STRUCTURE,
        },
    )
    if created:
        organization.countries.add(Country.objects.get(iso2=COUNTRY))
    links = MutualHealthOrganization.support_organizations.through
    if not links.objects.filter(organization=organization).exists():
        mhos = (
            MutualHealthOrganization.objects.approved()
            .annotate(
                elsewhere=Case(
                    When(country__iso2=COUNTRY, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("elsewhere", "code")
            .values_list("pk", flat=True)[:DELEGATE_MHOS]
        )
        links.objects.bulk_create(
            [
                links(mutualhealthorganization_id=pk, organization=organization)
                for pk in mhos
            ]
        )
    user = _user("delegate", ROLES["delegate"])
    SupportDelegation.objects.update_or_create(
        user=user,
        organization=organization,
        defaults={"status": RequestStatus.APPROVED, "decided_at": timezone.now()},
    )
    return user.email


def _secretariat() -> str:
    from concertation.permissions import secretariat_group_sync

    user = _user("secretariat", ROLES["secretariat"])
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(secretariat_group_sync())
    return user.email


def _submit(record, *, user, members: int, draft_first: bool) -> None:
    from inventory.models import YearlyRecord
    from inventory.services import records

    data = {"status": "functional", "members": members, "beneficiaries": members * 3}
    source = YearlyRecord.Source.FORM
    if draft_first:  # a record with a few versions, for the history page
        for extra in (0, 1):
            records.record_save_draft(
                record=record,
                user=user,
                data={**data, "members": members + extra},
                expected_version=record.version,
                source=source,
            )
    records.record_submit(
        record=record,
        user=user,
        data=data,
        expected_version=record.version,
        source=source,
        confirm_warnings=True,
    )


def _queue(year: int) -> tuple[int, int]:
    """The country's review queue: about QUEUE_SHARE of its MHOs with a
    submitted record of ``year``; returns (a queued record, one with history)."""
    from inventory.models import MutualHealthOrganization, YearlyRecord
    from inventory.services import records

    country = MutualHealthOrganization.objects.approved().filter(country__iso2=COUNTRY)
    wanted = max(5, math.ceil(country.count() * QUEUE_SHARE))
    queued = YearlyRecord.objects.filter(
        mho__country__iso2=COUNTRY,
        year=year,
        state=YearlyRecord.State.SUBMITTED,
        submitted_by__email=email("queue"),
    )
    missing = wanted - queued.count()
    if missing > 0:
        user = _user("queue", ROLES["queue"])
        mhos = list(
            without_record(year).filter(country__iso2=COUNTRY).order_by("-pk")[:missing]
        )
        manage(user, mhos)
        for index, mho in enumerate(mhos):
            record = records.record_for_edit(mho=mho, year=year)
            with transaction.atomic():
                _submit(record, user=user, members=100 + index, draft_first=index < 3)
    first = queued.order_by("submitted_at").values_list("pk", flat=True).first()
    # Saved as a draft twice before it was submitted: three versions.
    drafted = YearlyRecord.history.filter(
        id__in=queued.values("pk"), history_change_reason="draft"
    )
    with_history = drafted.order_by("id").values_list("id", flat=True).first()
    return first, with_history or first


def private_cast(*, forms: int) -> dict:
    """Users and placeholders of the logged-in rows and the form submit;
    ``forms`` MHOs without a record this year for the manager to submit."""
    from inventory.models import MutualHealthOrganization
    from organizations.models import Country

    year = open_campaign()
    reviewer_of(COUNTRY, "reviewer")
    review_pk, history_pk = _queue(year)
    manager = _user("manager", ROLES["manager"])
    mhos = list(without_record(year).order_by("pk")[: forms + 1])
    manage(manager, mhos)
    code = (
        MutualHealthOrganization.objects.approved()
        .filter(country__iso2=COUNTRY)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    return {
        "emails": {
            "manager": manager.email,
            "delegate": _delegate(),
            "reviewer": email("reviewer"),
            "secretariat": _secretariat(),
        },
        "values": {
            "country": COUNTRY,
            "country_pk": Country.objects.get(iso2=COUNTRY).pk,
            "code": code,
            # The first one is the form the GET row opens; the others are
            # submitted by the form row.
            "form_code": mhos[0].code,
            "year": year,
            "last_year": year - 1,
            "review_pk": review_pk,
            "history_pk": history_pk,
        },
        "form_codes": [mho.code for mho in mhos[1:]],
    }


def campaign_cast(*, records: int) -> dict:
    """For each campaign country: a manager of ``records`` MHOs without a
    record this year, and a reviewer of the country."""
    year = open_campaign()
    countries = {}
    for iso2 in CAMPAIGN_COUNTRIES:
        manager = _user(f"campaign-manager-{iso2.lower()}", f"Manager {iso2}")
        mhos = list(
            without_record(year).filter(country__iso2=iso2).order_by("-pk")[:records]
        )
        manage(manager, mhos)
        reviewer = reviewer_of(iso2, f"campaign-reviewer-{iso2.lower()}")
        countries[iso2] = {
            "manager": manager.email,
            "reviewer": reviewer.email,
            "codes": [mho.code for mho in mhos],
        }
    return {"year": year, "countries": countries}
