"""The world of the permission matrix: one of everything the URLconf can
point at, every role logged in on its own test client, and a digest of
the whole database to tell whether a request changed anything.

The world is built once per module inside a transaction that is rolled back
at the end; each request of the matrix runs in a savepoint rolled back after
its check, so every cell starts from the same world.
"""

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from concertation.services import email_verification_token_make
from editions.services import edition_publish
from inventory.models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    SupportDelegation,
)
from inventory.xlsx_template import template_workbook
from newsletter.models import Delivery, Dispatch
from newsletter.tokens import confirm_token_make, unsubscribe_token_make
from opendata.exports.build import data_build
from opendata.services.synthesis import synthesis_rebuild
from organizations.models import FocalPoint, GovernanceRole
from tests.factories import (
    CountryFactory,
    MHOFactory,
    NationalCommitteeFactory,
    OrganizationFactory,
    UserFactory,
    YearlyRecordFactory,
    secretariat_member,
)
from tests.forum.factories import (
    EventFactory,
    ForumEditionFactory,
    ProceedingsDocumentFactory,
)
from tests.newsletter.factories import (
    NewsFactory,
    SubscriptionFactory,
    issue_with_editions,
)
from tests.resources.factories import ResourceFactory, ThemeFactory

from .matrix import ROLES, UNPUBLISHED_MEMBERS

PASSWORD = "correct horse 42"  # UserFactory's
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Documentation addresses (RFC 5737): each role is its own API client for the
# anonymous rate limit, and no other test uses them.
ROLE_ADDRESSES = {role: f"192.0.2.{number}" for number, role in enumerate(ROLES, 1)}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    year: int  # of the open campaign
    password: str
    users: dict
    mho_a: object
    mho_b: object
    pending_a: object  # registered in A's country, waiting for approval
    pending_b: object
    records: dict  # (mho letter, year offset) -> record; offset 0 = campaign
    managements: dict  # requests to manage A and B: pending, and A's approved one
    organization: object  # supports A
    objects: dict = field(default_factory=dict)  # by name, for URL arguments
    template_a: bytes = b""
    template_b: bytes = b""
    clients: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)
    baseline: str = ""

    def record(self, letter: str, offset: int = 0):
        return self.records[letter, offset]


def _people():
    users = {
        "anonymous": None,
        "registered": UserFactory(email="registered@example.org"),
        "applicant": UserFactory(email="applicant@example.org"),
        "manager": UserFactory(email="manager.a@example.sn"),
        "delegate": UserFactory(email="delegate.a@example.org"),
        "focal": UserFactory(email="focal.sn@example.sn"),
        "other_focal": UserFactory(email="focal.ml@example.ml"),
        "staff": UserFactory(
            email="superuser@example.sn", is_staff=True, is_superuser=True
        ),
        "secretariat": secretariat_member(email="secretariat@example.sn"),
        "bare_staff": UserFactory(email="clerk@example.sn", is_staff=True),
        # Not roles: the people behind the world's requests and tokens.
        "manager_b": UserFactory(email="manager.b@example.ml"),
        "visitor": UserFactory(email="visitor@example.org"),
        "newcomer": UserFactory(
            email="newcomer@example.org", is_active=False, email_verified=False
        ),
    }
    return users


def _inventory(users, year):
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    supporter_a = OrganizationFactory(slug="support-a", countries=[senegal])
    supporter_b = OrganizationFactory(slug="support-b", countries=[mali])
    mho_a = MHOFactory(
        code="SN-0001", country=senegal, support_organizations=[supporter_a]
    )
    mho_b = MHOFactory(
        code="ML-0001", country=mali, support_organizations=[supporter_b]
    )
    pending_a = MHOFactory(
        code="SN-0002",
        country=senegal,
        approval="pending",
        created_by=users["applicant"],
    )
    pending_b = MHOFactory(
        code="ML-0002", country=mali, approval="pending", created_by=users["applicant"]
    )
    records = {}
    unpublished = {"members": UNPUBLISHED_MEMBERS, "beneficiaries": 9000}
    for letter, mho in (("A", mho_a), ("B", mho_b)):
        records[letter, -2] = YearlyRecordFactory(mho=mho, year=year - 2)
        records[letter, -1] = YearlyRecordFactory(
            mho=mho, year=year - 1, state="submitted", **unpublished
        )
        records[letter, 0] = YearlyRecordFactory(
            mho=mho, year=year, state="draft", **unpublished
        )
    # Validated, but its MHO is not approved yet: not public either.
    records["pending A", -2] = YearlyRecordFactory(mho=pending_a, year=year - 2)
    managements = {
        "A approved": MHOManagement.objects.create(
            user=users["manager"], mho=mho_a, status="approved"
        ),
        "A": MHOManagement.objects.create(user=users["applicant"], mho=mho_a),
        "B": MHOManagement.objects.create(user=users["applicant"], mho=mho_b),
    }
    MHOManagement.objects.create(user=users["manager_b"], mho=mho_b, status="approved")
    for mho in (pending_a, pending_b):
        MHOManagement.objects.create(user=users["applicant"], mho=mho)
    SupportDelegation.objects.create(
        user=users["delegate"], organization=supporter_a, status="approved"
    )
    SupportDelegation.objects.create(user=users["applicant"], organization=supporter_a)
    for country, user in ((senegal, users["focal"]), (mali, users["other_focal"])):
        focal_point = FocalPoint.objects.create(country=country, contact_person="PF")
        focal_point.reviewers.add(user)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        year=year,
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=60),
    )
    reminder = CampaignReminder.objects.create(
        campaign=campaign, mho=mho_a, recipients=1
    )
    return (mho_a, mho_b, pending_a, pending_b, records, managements, supporter_a), {
        "senegal": senegal,
        "campaign": campaign,
        "reminder": reminder,
        "committee": NationalCommitteeFactory(country=senegal, members=[supporter_a]),
        "role": GovernanceRole.objects.create(
            organization=supporter_a, body="steering-committee"
        ),
    }


def _publications(users):
    published_issue = issue_with_editions(number=101)
    draft_issue = issue_with_editions(number=102, is_published=False)
    for issue in (published_issue, draft_issue):
        edition = issue.editions.get(language="fr")
        edition.pdf.save(f"mail-{issue.number}.pdf", ContentFile(PDF))
    news = NewsFactory(slug="published-news")
    draft_news = NewsFactory(slug="draft-news", published_at=None)
    subscription = SubscriptionFactory(  # waiting for its confirmation
        email="reader@example.org",
        confirmation_sent_at=timezone.now(),
        confirmed_at=None,
    )
    dispatch = Dispatch.objects.create(
        issue=published_issue, language="fr", created_by=users["staff"]
    )
    delivery = Delivery.objects.create(dispatch=dispatch, subscription=subscription)
    event = EventFactory(slug="published-event")
    proposed_event = EventFactory(
        slug="proposed-event", status="proposed", proposed_by=users["visitor"]
    )
    edition = ForumEditionFactory(number=1, year=2010)
    draft_edition = ForumEditionFactory(
        number=2, year=2011, event__status="proposed", event__slug="proposed-forum"
    )
    theme = ThemeFactory(slug="financing")
    resource = ResourceFactory(
        slug="published-resource", link="", file=ContentFile(PDF, name="a.pdf")
    )
    proposed = ResourceFactory(
        slug="proposed-resource",
        link="",
        file=ContentFile(PDF, name="b.pdf"),
        status="proposed",
        published_at=None,
        proposed_by=users["visitor"],
    )
    return {
        "issue": published_issue,
        "draft_issue": draft_issue,
        "news": news,
        "draft_news": draft_news,
        "subscription": subscription,
        "confirm_token": confirm_token_make(subscription=subscription),
        "unsubscribe_token": unsubscribe_token_make(subscription=subscription),
        "dispatch": dispatch,
        "delivery": delivery,
        "event": event,
        "proposed_event": proposed_event,
        "edition": edition,
        "draft_edition": draft_edition,
        "document": ProceedingsDocumentFactory(edition=edition),
        "draft_document": ProceedingsDocumentFactory(edition=draft_edition),
        "theme": theme,
        "resource": resource,
        "proposed_resource": proposed,
    }


def _accounts(users):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    visitor = users["visitor"]
    attempt = {"user_agent": "matrix", "ip_address": "192.0.2.99", "username": "x"}
    return {
        "group": Group.objects.create(name="Editors"),
        "access_attempt": AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        "access_log": AccessLog.objects.create(**attempt),
        "access_failure_log": AccessFailureLog.objects.create(**attempt),
        "verify_token": email_verification_token_make(user=users["newcomer"]),
        "reset_uid": urlsafe_base64_encode(force_bytes(visitor.pk)),
        "reset_token": default_token_generator.make_token(visitor),
    }


def world_build(year: int) -> World:
    users = _people()
    inventory, objects = _inventory(users, year)
    mho_a, mho_b, pending_a, pending_b, records, managements, supporter = inventory
    objects.update(_publications(users))
    objects.update(_accounts(users))
    synthesis_rebuild()
    objects["data_build"] = data_build()
    # An edition of the inventory, for its pages, files and admin: the year
    # whose records are validated (it has no campaign and is over).
    objects["data_edition"] = edition_publish(year=year - 2, user=users["secretariat"])
    # The reference figures the portal ships (the long series, their admin).
    call_command("loaddata", "reference_figures", verbosity=0)
    # Every account has a subscription, for the pages that change or cancel it.
    for user in users.values():
        if user is not None:
            SubscriptionFactory(email=user.email, user=user)
    objects["mho_content_type"] = ContentType.objects.get_for_model(mho_a).pk
    world = World(
        year=year,
        password=PASSWORD,
        users=users,
        mho_a=mho_a,
        mho_b=mho_b,
        pending_a=pending_a,
        pending_b=pending_b,
        records=records,
        managements=managements,
        organization=supporter,
        objects=objects,
        template_a=_filled_template(records["A", 0]),
        template_b=_filled_template(records["B", 0]),
    )
    for role in ROLES:
        client = Client(REMOTE_ADDR=ROLE_ADDRESSES[role])
        if users[role] is not None:
            client.force_login(users[role])
        world.clients[role] = client
        world.cookies[role] = copy.deepcopy(client.cookies)
    return world


def _table_digest_sql(model, vendor: str, quote) -> str:
    """One SELECT giving a table's name, row count and every row as text."""
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    name = model._meta.db_table
    if vendor == "postgresql":
        rows = f"md5(COALESCE(string_agg(t::text, '|' ORDER BY t.{pk}), ''))"
        return f"SELECT '{name}', COUNT(*), {rows} FROM {table} AS t"
    columns = " || ',' || ".join(
        f"quote({quote(column.column)})" for column in model._meta.concrete_fields
    )
    return (
        f"SELECT '{name}', COUNT(*), group_concat({columns}, '|') "
        f"FROM (SELECT * FROM {table} ORDER BY {pk})"
    )


def database_digest() -> str:
    """Every row of every table (sessions, history and join tables included),
    read in one query so that it can follow each request of the matrix."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    sql = " UNION ALL ".join(
        _table_digest_sql(model, connection.vendor, connection.ops.quote_name)
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    assert len(rows) == len(models)
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def _filled_template(record):
    """The record's template with one figure changed: an upload that changes
    nothing writes nothing, and the matrix must tell a refusal from a write."""
    filled = copy.copy(record)
    filled.provider_agreements = (record.provider_agreements or 0) + 1
    return template_workbook(record=filled)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    year = timezone.localdate().year - 1
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHER),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        cache.delete_many([f"throttle_anon_{ip}" for ip in ROLE_ADDRESSES.values()])
        built = world_build(year)
        built.baseline = database_digest()
        yield built
        transaction.set_rollback(True)
