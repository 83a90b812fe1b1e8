"""What each role may do with each URL of the portal: the expected-outcome
table of the permission matrix (tests/security/test_permission_matrix.py).

Roles: ``anonymous``; ``registered`` (an account and nothing more);
``applicant`` (an account whose requests to manage A and to act for A's
support organization wait for approval, and who registered two MHOs not yet
approved: every refusal of ``registered`` must hold for it too);
``manager`` (approved manager of MHO A, in Senegal); ``delegate`` (approved
delegate of the organization that supports A); ``focal`` (reviewer of A's
country); ``other_focal`` (reviewer of Mali, the country of MHO B); ``staff``
(a superuser); ``secretariat`` (the technical secretariat as the portal makes
it: staff in the Secretariat group, as ``seed_demo`` makes its account);
``bare_staff`` (staff status and no permission: the admin lets it in and shows
it nothing, the site treats it as ``registered``).

The secretariat's outcome is the superuser's unless a table names it: the
group holds every permission of the portal's apps, and only the admin of
accounts, groups and login logs tells them apart.

Pages are keyed by URL name. A URL that names an object has one case per
object: A's and B's (object-level permission), published and unpublished.
The admin is described by a rule per view kind with per-model exceptions:
every non-staff role is sent to the admin login, whatever the method; the
staff account without permissions gets in and is refused every model (403).
"""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from django.template.defaultfilters import floatformat
from django.utils import timezone, translation

from concertation.admin_site import SUPERUSER_ONLY_MODELS
from inventory.models.record import DATA_FIELDS

ROLES = (
    "anonymous",
    "registered",
    "applicant",
    "manager",
    "delegate",
    "focal",
    "other_focal",
    "staff",
    "secretariat",
    "bare_staff",
)

# Allowed: 2xx, or 3xx to anywhere but a login page; the database must be
# unchanged (a GET never writes), unless the table says WRITE.
OK = "allowed"
WRITE = "allowed, database changed"
# Refused: the database must be unchanged.
LOGIN = "login redirect"
ADMIN_LOGIN = "admin login redirect"
DENIED = "403"
HIDDEN = "404"
NOT_ALLOWED = "405"
INVALID = "400"
REFUSALS = frozenset({LOGIN, ADMIN_LOGIN, DENIED, HIDDEN, NOT_ALLOWED, INVALID})
OUTCOMES = REFUSALS | {OK, WRITE}


def roles(default: str, **by_role: str) -> dict[str, str]:
    """Every role's outcome: ``default`` unless named (the secretariat's:
    the superuser's unless named)."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    if "staff" in by_role:
        by_role.setdefault("secretariat", by_role["staff"])
    table = {role: by_role.get(role, default) for role in ROLES}
    assert set(table.values()) <= OUTCOMES, table
    return table


def members(outcome: str, **by_role: str) -> dict[str, str]:
    """Pages behind login_required: anonymous visitors are sent to log in."""
    return roles(outcome, anonymous=LOGIN, **by_role)


def editors_of_a(outcome: str) -> dict[str, str]:
    """MHO A's approved manager, its support organization's delegate, staff."""
    return members(HIDDEN, manager=outcome, delegate=outcome, staff=outcome)


def editors_of_b(outcome: str) -> dict[str, str]:
    """Nobody of A's side: the secretariat only."""
    return secretariat(outcome)


def secretariat(outcome: str) -> dict[str, str]:
    return members(HIDDEN, staff=outcome)


def reviewers_of_a(outcome: str) -> dict[str, str]:
    """The focal point of A's country and the secretariat."""
    return members(HIDDEN, focal=outcome, staff=outcome)


def reviewers_of_b(outcome: str) -> dict[str, str]:
    return members(HIDDEN, other_focal=outcome, staff=outcome)


@dataclass(frozen=True)
class Case:
    """One URL with its arguments, and the outcome of each method per role.

    ``kwargs(world)`` gives the URL's arguments, ``data(world)`` what a POST
    sends (valid where possible, so that a refusal is a real one). HEAD is
    tried where it matters (pages and files to read); None means "not tried".
    ``hides`` lists, per role, texts that an allowed GET must not show: the
    codes of MHOs, records and publications that are not theirs to see."""

    label: str = ""
    get: dict | None = None
    post: dict | None = None
    head: dict | None = None
    kwargs: object = None
    data: object = None
    query: object = ""  # a query string, or a function of the world giving one
    hides: dict | None = None


def everyone_hides(*texts: str) -> dict[str, tuple[str, ...]]:
    return {role: texts for role in ROLES}


# Figures of the submitted and draft records (see conftest): never published.
UNPUBLISHED_MEMBERS = 4321


def _as_shown(*numbers: int) -> tuple[str, ...]:
    """Numbers as files and the API write them, and as the French pages do."""
    with translation.override("fr"):
        return tuple(
            text
            for number in numbers
            for text in (str(number), str(floatformat(number, "0g")))
        )


# A's submitted members, and A's and B's together (a total that would count
# them): neither is ever published.
UNPUBLISHED = _as_shown(UNPUBLISHED_MEMBERS, 2 * UNPUBLISHED_MEMBERS)
PENDING_CODES = ("SN-0002", "ML-0002")
PROPOSED_EVENTS = ("proposed-event", "proposed-forum")  # their slugs


def public(**extra) -> Case:
    """A read-only public page that accepts a POST and changes nothing. (HEAD,
    which Django answers with the GET's view, is tried on files and data.)"""
    return Case(get=roles(OK), post=roles(OK), **extra)


def public_file(**extra) -> Case:
    """A public file or feed that accepts any method: HEAD is tried too."""
    return Case(get=roles(OK), head=roles(OK), post=roles(OK), **extra)


def hidden_file(**extra) -> Case:
    return Case(get=roles(HIDDEN), head=roles(HIDDEN), post=roles(HIDDEN), **extra)


def read_only(**extra) -> Case:
    """A public page or file that refuses any method but GET and HEAD."""
    return Case(get=roles(OK), head=roles(OK), post=roles(NOT_ALLOWED), **extra)


def hidden(**extra) -> Case:
    """An unpublished object: 404 for everyone, whatever the method."""
    return Case(get=roles(HIDDEN), post=roles(HIDDEN), **extra)


def record_data(record, **changes):
    """What the record form posts: the record's figures and its version."""
    data = {"version": record.version}
    for name in DATA_FIELDS:
        value = changes.get(name, getattr(record, name))
        if isinstance(value, bool):
            data[name] = "true" if value else "false"
        elif value is not None:
            data[name] = str(value)
    return data


def template_upload(workbook: bytes):
    file = BytesIO(workbook)
    file.name = "filled-in.xlsx"
    return {"file": file, "action": "draft"}


def event_proposal(world):
    starts_on = timezone.localdate() + timedelta(days=20)
    return {
        "text_language": "fr",
        "title": "Formation des gérants de mutuelles",
        "kind": "training",
        "starts_on": starts_on.isoformat(),
        "ends_on": (starts_on + timedelta(days=2)).isoformat(),
        "country": "SN",
        "city": "Kaolack",
        "organizers_text": "Union des mutuelles de Kaolack",
        "languages": ["fr", "en"],
        "link": "https://example.org/formation",
        "description": "Trois jours sur la **gestion** d'une mutuelle.",
    }


RESOURCE_PROPOSAL = {
    "title": "Étude de cas : la mutuelle de Thiès",
    "type": "case-study",
    "language": "fr",
    "year": "2006",
    "link": "https://example.org/thies.pdf",
}


def mho_registration(world):
    return {
        "name": "Mutuelle de santé de Mbour",
        "country": world.mho_a.country_id,
        "locality": "Mbour",
        "founded_year": "2010",
        "type": "community",
        "legal_status": "none",
        "support_organizations": [world.organization.pk],
    }


def _code(mho):
    return lambda world: {"code": getattr(world, mho).code}


def _edit(letter):
    mho = {"A": "mho_a", "B": "mho_b"}.get(letter, letter)
    return lambda world: {"code": getattr(world, mho).code, "year": world.year}


def _record(letter, offset):
    return lambda world: {"pk": world.record(letter, offset).pk}


def _object(name, field="pk", kwarg="pk"):
    """An argument from one of the world's objects (``field=""``: the object)."""

    def kwargs(world):
        value = world.objects[name]
        return {kwarg: getattr(value, field) if field else value}

    return kwargs


def _pdf(issue):
    """The French edition's PDF of an issue."""
    return lambda world: {"number": world.objects[issue].number, "language": "fr"}


def _data_edition(**extra):
    """The world's published edition of the inventory, and more arguments."""
    return lambda world: {
        "identifier": world.objects["data_edition"].identifier,
        **extra,
    }


def _history_revert(letter):
    def data(world):
        record = world.record(letter, -2)
        return {"history_id": record.history.earliest("history_id").history_id}

    return data


def _review(letter):
    return lambda world: {"version": world.record(letter, -1).version, "validate": "1"}


APPROVE = {"decision": "approve"}

# --- Pages -------------------------------------------------------------------

PAGES: dict[str, list[Case]] = {
    "healthz": [Case(get=roles(OK), post=roles(NOT_ALLOWED), head=roles(OK))],
    "home": [public()],
    "about": [public()],
    # --- Accounts
    "register": [
        Case(
            get=roles(OK),  # members are sent to their account page
            post=roles(OK, anonymous=WRITE),
            data=lambda w: {
                "email": "new.member@example.org",
                "full_name": "New member",
                "language": "fr",
                "password1": "a long passphrase 731",
                "password2": "a long passphrase 731",
            },
        )
    ],
    "verify_email": [
        Case(
            get=roles(WRITE),  # the link in the mail: a GET that verifies
            post=roles(WRITE),
            kwargs=_object("verify_token", field="", kwarg="token"),
        )
    ],
    "login": [
        Case(
            get=roles(OK),
            post=roles(OK, anonymous=WRITE),  # members are sent on
            data=lambda w: {"username": "visitor@example.org", "password": w.password},
        )
    ],
    "logout": [Case(get=roles(NOT_ALLOWED), post=roles(WRITE, anonymous=OK))],
    "account": [
        Case(
            get=members(OK),
            post=members(WRITE),
            data=lambda w: {"full_name": "Another name", "language": "en"},
        )
    ],
    "password_reset": [
        Case(
            get=roles(OK),
            post=roles(OK),  # a mail, no row
            data=lambda w: {"email": "visitor@example.org"},
        )
    ],
    "password_reset_done": [Case(get=roles(OK), post=roles(NOT_ALLOWED))],
    "password_reset_complete": [Case(get=roles(OK), post=roles(NOT_ALLOWED))],
    "password_reset_confirm": [
        Case(
            # The token goes into the session (a row), then to the
            # set-password page.
            get=roles(WRITE),
            post=roles(WRITE),
            kwargs=lambda w: {
                "uidb64": w.objects["reset_uid"],
                "token": w.objects["reset_token"],
            },
        )
    ],
    # --- Directory
    "organizations:focal_point_list": [public()],
    "organizations:organization_list": [public()],
    "organizations:organization_detail": [
        public(kwargs=lambda w: {"slug": w.organization.slug})
    ],
    "organizations:committee_list": [public()],
    "organizations:governance": [public()],
    # --- Inventory: public pages
    "inventory:mho_list": [public(hides=everyone_hides(*UNPUBLISHED, *PENDING_CODES))],
    "inventory:mho_detail": [
        public(label="A", kwargs=_code("mho_a"), hides=everyone_hides(*UNPUBLISHED)),
        hidden(label="pending", kwargs=_code("pending_a")),
    ],
    "inventory:synthesis_list": [
        public(
            query=lambda w: f"year={w.year - 1}",  # A's and B's submitted year
            hides=everyone_hides(*UNPUBLISHED),
        )
    ],
    "inventory:synthesis_country": [
        public(kwargs=lambda w: {"iso2": "SN"}, hides=everyone_hides(*UNPUBLISHED))
    ],
    # A country over time (require_safe): the public data only.
    "long_view:country": [
        read_only(kwargs=lambda w: {"iso2": "SN"}, hides=everyone_hides(*UNPUBLISHED))
    ],
    # --- Fact sheets (PDF, require_safe): public data only, pending MHOs hidden
    "outreach:country_fact_sheet": [read_only(kwargs=lambda w: {"iso2": "SN"})],
    "outreach:mho_fact_sheet": [
        read_only(label="A", kwargs=_code("mho_a")),
        Case(
            label="pending",
            kwargs=_code("pending_a"),
            get=roles(HIDDEN),
            head=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
        ),
    ],
    # --- Inventory: managers and delegates
    "inventory:my_mutuals": [
        Case(
            get=members(OK),
            post=members(OK),
            hides={"manager": ("ML-0001",), "delegate": ("ML-0001",)},
        )
    ],
    "inventory:mho_register": [
        Case(get=members(OK), post=members(WRITE), data=mho_registration)
    ],
    "inventory:management_request": [
        Case(
            get=members(OK),
            # Already approved, or already waiting: nothing new.
            post=members(WRITE, manager=OK, applicant=OK),
            data=lambda w: {"code": w.mho_a.code, "message": "I keep its books."},
        )
    ],
    "inventory:delegation_request": [
        Case(
            get=members(OK),
            post=members(WRITE, delegate=OK, applicant=OK),
            data=lambda w: {"organization": w.organization.pk, "message": "Hi"},
        )
    ],
    "inventory:record_edit": [
        Case(
            label="A",
            get=editors_of_a(OK),
            post=editors_of_a(WRITE),
            kwargs=_edit("A"),
            data=lambda w: record_data(w.record("A"), members=410),
        ),
        Case(
            label="B",
            get=editors_of_b(OK),
            post=editors_of_b(WRITE),
            kwargs=_edit("B"),
            data=lambda w: record_data(w.record("B"), members=410),
        ),
        # An MHO waiting for approval: not even its registrant edits it yet.
        Case(
            label="pending A",
            get=secretariat(OK),
            post=secretariat(WRITE),
            kwargs=_edit("pending_a"),
            # A new record for the year: no version seen yet.
            data=lambda w: {**record_data(w.record("pending A", -2)), "version": 0},
        ),
        # A validated record is locked: its editors are told so, and only the
        # secretariat changes it.
        Case(
            label="A validated",
            get=editors_of_a(OK),
            post=members(HIDDEN, manager=OK, delegate=OK, staff=WRITE),
            kwargs=lambda w: {"code": w.mho_a.code, "year": w.year - 2},
            data=lambda w: record_data(w.record("A", -2), members=410),
        ),
    ],
    "inventory:template_download": [
        Case(
            label=letter,
            get=editors(OK),
            post=members(NOT_ALLOWED),
            head=editors(OK),  # require_safe: HEAD answers as GET does
            kwargs=_edit(letter),
        )
        for letter, editors in (("A", editors_of_a), ("B", editors_of_b))
    ],
    "inventory:template_upload": [
        Case(
            label="A",
            get=editors_of_a(OK),
            post=editors_of_a(WRITE),
            kwargs=_edit("A"),
            data=lambda w: template_upload(w.template_a),
        ),
        Case(
            label="B",
            get=editors_of_b(OK),
            post=editors_of_b(WRITE),
            kwargs=_edit("B"),
            data=lambda w: template_upload(w.template_b),
        ),
        # B's workbook sent to A's page: the file names another MHO.
        Case(
            label="A with B's file",
            post=members(HIDDEN, manager=INVALID, delegate=INVALID, staff=INVALID),
            kwargs=_edit("A"),
            data=lambda w: template_upload(w.template_b),
        ),
    ],
    "inventory:record_detail": [
        # The read-only record: its editors, its country's focal points and
        # the secretariat, in every state; nobody writes through it.
        Case(
            label=f"{letter} {offset}",
            get=readers(OK),
            head=readers(OK),
            post=members(NOT_ALLOWED),
            kwargs=_record(letter, offset),
        )
        for letter, readers in (
            (
                "A",
                lambda outcome: members(
                    HIDDEN,
                    manager=outcome,
                    delegate=outcome,
                    focal=outcome,
                    staff=outcome,
                ),
            ),
            ("B", lambda outcome: members(HIDDEN, other_focal=outcome, staff=outcome)),
        )
        for offset in (0, -1, -2)
    ],
    "inventory:record_history": [
        # Editors and reviewers read the history; only the secretariat reverts.
        Case(
            label="A",
            get=members(HIDDEN, manager=OK, delegate=OK, focal=OK, staff=OK),
            post=members(
                HIDDEN, manager=DENIED, delegate=DENIED, focal=DENIED, staff=WRITE
            ),
            kwargs=_record("A", -2),
            data=_history_revert("A"),
        ),
        Case(
            label="B",
            get=members(HIDDEN, other_focal=OK, staff=OK),
            post=members(HIDDEN, other_focal=DENIED, staff=WRITE),
            kwargs=_record("B", -2),
            data=_history_revert("B"),
        ),
    ],
    # --- Inventory: focal points and the secretariat
    "inventory:review_queue": [
        Case(
            get=members(DENIED, focal=OK, other_focal=OK, staff=OK),
            post=members(DENIED, focal=OK, other_focal=OK, staff=OK),
            hides={
                "focal": ("ML-0001", "ML-0002"),
                "other_focal": ("SN-0001", "SN-0002"),
            },
        )
    ],
    "inventory:record_review": [
        Case(
            label="A",
            get=reviewers_of_a(OK),
            post=reviewers_of_a(WRITE),
            kwargs=_record("A", -1),
            data=_review("A"),
        ),
        Case(
            label="B",
            get=reviewers_of_b(OK),
            post=reviewers_of_b(WRITE),
            kwargs=_record("B", -1),
            data=_review("B"),
        ),
    ],
    # A country's dashboard and its reminders: its focal points and the
    # secretariat. SN's only managed MHO (A) was reminded by the world already:
    # reminding SN again writes nothing; ML's (B) is reminded.
    "inventory:country_dashboard": [
        Case(
            label=country,
            get=reviewers(OK),
            head=reviewers(OK),
            post=members(NOT_ALLOWED),
            kwargs=lambda w, country=country: {"iso2": country},
            hides=hides,
        )
        for country, reviewers, hides in (
            ("SN", reviewers_of_a, {"focal": ("ML-0001",)}),
            ("ML", reviewers_of_b, {"other_focal": ("SN-0001",)}),
        )
    ],
    "inventory:country_remind": [
        Case(
            label="SN",
            get=members(NOT_ALLOWED),
            post=reviewers_of_a(OK),
            kwargs=lambda w: {"iso2": "SN"},
            data=lambda w: {"year": w.objects["campaign"].year},
        ),
        Case(
            label="ML",
            get=members(NOT_ALLOWED),
            post=reviewers_of_b(WRITE),
            kwargs=lambda w: {"iso2": "ML"},
            data=lambda w: {"year": w.objects["campaign"].year},
        ),
    ],
    "inventory:management_decide": [
        Case(
            label=letter,
            get=members(NOT_ALLOWED),
            post=reviewers(WRITE),
            kwargs=lambda w, letter=letter: {"pk": w.managements[letter].pk},
            data=lambda w: APPROVE,
        )
        for letter, reviewers in (("A", reviewers_of_a), ("B", reviewers_of_b))
    ]
    + [
        # Revoking an approved manager is the focal point's too.
        Case(
            label="A approved",
            post=reviewers_of_a(WRITE),
            kwargs=lambda w: {"pk": w.managements["A approved"].pk},
            data=lambda w: {"decision": "reject"},
        )
    ],
    "inventory:mho_decide": [
        Case(
            label=letter,
            get=members(NOT_ALLOWED),
            post=reviewers(WRITE),
            kwargs=_code(mho),
            data=lambda w: APPROVE,
        )
        for letter, mho, reviewers in (
            ("A", "pending_a", reviewers_of_a),
            ("B", "pending_b", reviewers_of_b),
        )
    ],
    # --- Newsletter
    "newsletter:archive": [public(hides=everyone_hides("Numéro 102"))],
    "newsletter:issue_detail": [
        public(label="published", kwargs=_object("issue", "number", "number")),
        hidden(label="draft", kwargs=_object("draft_issue", "number", "number")),
    ],
    "newsletter:edition_pdf": [
        read_only(label="published", kwargs=_pdf("issue")),
        Case(
            label="draft",
            get=roles(HIDDEN),
            head=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
            kwargs=_pdf("draft_issue"),
        ),
    ],
    "newsletter:subscribe": [
        Case(
            get=roles(OK),
            post=roles(WRITE),
            data=lambda w: {"email": "new.reader@example.org", "language": "en"},
        )
    ],
    "newsletter:confirm": [
        Case(
            get=roles(OK),
            post=roles(WRITE),
            kwargs=_object("confirm_token", "", "token"),
        )
    ],
    "newsletter:unsubscribe": [
        Case(
            get=roles(OK),
            post=roles(WRITE),
            kwargs=_object("unsubscribe_token", "", "token"),
        )
    ],
    "newsletter:subscription": [
        Case(
            get=members(OK),
            post=members(WRITE),
            data=lambda w: {"language": "en", "flash_news": "on"},
        )
    ],
    "newsletter:subscription_cancel": [
        # Every role's account has a subscription to cancel.
        Case(get=members(NOT_ALLOWED), post=members(WRITE))
    ],
    "newsletter:news_list": [public(hides=everyone_hides("draft-news"))],
    "newsletter:news_feed": [public_file(hides=everyone_hides("draft-news"))],
    "newsletter:news_detail": [
        public(label="published", kwargs=_object("news", "slug", "slug")),
        hidden(label="draft", kwargs=_object("draft_news", "slug", "slug")),
    ],
    # --- Calendar and forums
    "forum:event_list": [public(hides=everyone_hides(*PROPOSED_EVENTS))],
    "forum:event_calendar": [public_file(hides=everyone_hides(*PROPOSED_EVENTS))],
    "forum:event_propose": [
        Case(get=members(OK), post=members(WRITE), data=event_proposal)
    ],
    "forum:event_ical": [
        public_file(label="published", kwargs=_object("event", "slug", "slug")),
        hidden_file(label="proposed", kwargs=_object("proposed_event", "slug", "slug")),
    ],
    "forum:event_detail": [
        public(label="published", kwargs=_object("event", "slug", "slug")),
        hidden(label="proposed", kwargs=_object("proposed_event", "slug", "slug")),
    ],
    "forum:forum_list": [public(hides=everyone_hides("/forums/2011/"))],
    "forum:forum_detail": [
        public(label="published", kwargs=_object("edition", "year", "year")),
        hidden(label="proposed", kwargs=_object("draft_edition", "year", "year")),
    ],
    "forum:document_download": [
        public_file(label="published", kwargs=_object("document")),
        hidden_file(label="proposed", kwargs=_object("draft_document")),
    ],
    # --- Resource library: its pages answer GET and HEAD (require_safe).
    "resources:resource_list": [
        Case(
            get=roles(OK),
            post=roles(NOT_ALLOWED),
            hides=everyone_hides("proposed-resource"),
        )
    ],
    "resources:resource_propose": [
        Case(
            get=members(OK),
            post=members(WRITE),
            data=lambda w: RESOURCE_PROPOSAL,
        )
    ],
    **{
        f"resources:{name}": [
            Case(
                label="published",
                get=roles(OK),
                post=roles(NOT_ALLOWED),
                kwargs=_object("resource", "slug", "slug"),
            ),
            Case(
                label="proposed",  # the secretariat reviews proposals
                get=roles(HIDDEN, staff=OK),
                post=roles(NOT_ALLOWED),
                kwargs=_object("proposed_resource", "slug", "slug"),
            ),
        ]
        for name in ("resource_detail", "resource_download")
    },
    # --- Open data (require_safe): the page, under the language prefix, and
    # /data/, which redirects to it.
    "inventory:data_home": [read_only()],
    "data:home": [read_only()],
    "data:inventory_filtered": [
        read_only(
            query="country=SN",
            hides=everyone_hides(*UNPUBLISHED, *PENDING_CODES),
        )
    ],
    "data:inventory_csv": [
        read_only(hides=everyone_hides(*UNPUBLISHED, *PENDING_CODES))
    ],
    "data:inventory_xlsx": [read_only()],
    "data:synthesis_csv": [read_only(hides=everyone_hides(*UNPUBLISHED))],
    "data:organizations_csv": [read_only()],
    "data:datapackage": [read_only()],
    # --- Editions of the inventory: frozen, public, read-only (require_safe);
    # only the secretariat withdraws one (the permission, not staff status).
    "editions:index": [read_only()],
    "editions:feed": [public_file()],
    "editions:detail": [read_only(kwargs=_data_edition())],
    "editions:changes": [read_only(kwargs=_data_edition())],
    "editions:citation": [
        read_only(label=extension, kwargs=_data_edition(extension=extension))
        for extension in ("bib", "ris", "csl.json", "datacite.json")
    ],
    "editions:withdraw": [
        Case(
            get=roles(NOT_ALLOWED),
            post=roles(DENIED, staff=WRITE),
            kwargs=_data_edition(),
            data=lambda w: {"reason": "Une erreur dans les effectifs."},
        )
    ],
    # Their stable addresses (not language-prefixed): redirects, and the files.
    "edition_files:index": [read_only()],
    "edition_files:detail": [read_only(kwargs=_data_edition())],
    "edition_files:file": [
        read_only(
            label=name,
            kwargs=_data_edition(name=name),
            hides=everyone_hides(*UNPUBLISHED, *PENDING_CODES),
        )
        for name in ("inventory.csv", "synthesis.csv", "datapackage.json")
    ],
    # --- API: anonymous for everyone (no authentication), read-only
    "api:api-root": [read_only()],
    "api:country-list": [read_only()],
    "api:country-detail": [read_only(kwargs=lambda w: {"iso2": "SN"})],
    "api:mho-list": [read_only(hides=everyone_hides(*PENDING_CODES))],
    "api:mho-detail": [
        read_only(label="A", kwargs=_code("mho_a"), hides=everyone_hides(*UNPUBLISHED)),
        Case(
            label="pending",
            get=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
            kwargs=_code("pending_a"),
        ),
    ],
    "api:record-list": [read_only(hides=everyone_hides(*UNPUBLISHED, *PENDING_CODES))],
    "api:record-detail": [
        read_only(label="validated", kwargs=_record("A", -2)),
        Case(
            label="submitted",
            get=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
            kwargs=_record("A", -1),
        ),
        Case(
            label="draft",
            get=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
            kwargs=_record("A", 0),
        ),
        Case(
            label="validated, MHO pending",
            get=roles(HIDDEN),
            post=roles(NOT_ALLOWED),
            kwargs=_record("pending A", -2),
        ),
    ],
    "api:synthesis-list": [read_only(hides=everyone_hides(*UNPUBLISHED))],
    "api:schema": [read_only()],
    "api:docs": [read_only()],
}

# --- Admin site ------------------------------------------------------------------


def admin_roles(staff: str, **by_role: str) -> dict[str, str]:
    """The admin's own pages: every staff account gets in (a staff account
    without permissions as the superuser, unless named), the others are sent
    to the admin login."""
    by_role.setdefault("bare_staff", staff)
    return roles(ADMIN_LOGIN, staff=staff, **by_role)


def staff_only(get: str, post: str | None) -> Case:
    return Case(
        get=admin_roles(get),
        post=None if post is None else admin_roles(post),
    )


ADMIN_SITE: dict[str, list[Case]] = {
    "admin:index": [staff_only(OK, OK)],
    # Non-staff see the form (and are told they lack access); staff go to the
    # index. Posting a non-staff account's valid password opens nothing.
    "admin:login": [
        Case(
            get=roles(OK),
            post=roles(OK),
            data=lambda w: {"username": "visitor@example.org", "password": w.password},
        )
    ],
    # Non-staff are sent to the admin index (and from there to its login),
    # still logged in: nothing changes.
    "admin:logout": [
        Case(
            get=roles(OK, staff=NOT_ALLOWED, bare_staff=NOT_ALLOWED),
            post=roles(OK, staff=WRITE, bare_staff=WRITE),
        )
    ],
    "admin:password_change": [
        Case(
            get=admin_roles(OK),  # their own password
            post=admin_roles(WRITE),
            data=lambda w: {
                "old_password": w.password,
                "new_password1": "a new long passphrase 5",
                "new_password2": "a new long passphrase 5",
            },
        )
    ],
    "admin:password_change_done": [staff_only(OK, NOT_ALLOWED)],
    "admin:autocomplete": [
        Case(
            # Without the permission to view MHOs, nothing to complete.
            get=admin_roles(OK, bare_staff=DENIED),
            post=admin_roles(NOT_ALLOWED),
            query="app_label=inventory&model_name=yearlyrecord&field_name=mho&term=SN",
        )
    ],
    "admin:jsi18n": [staff_only(OK, NOT_ALLOWED)],
    "admin:app_list": [
        Case(
            # No permission in the app: the admin says it has no such page.
            get=admin_roles(OK, bare_staff=HIDDEN),
            post=admin_roles(OK, bare_staff=HIDDEN),
            kwargs=lambda w: {"app_label": "inventory"},
        )
    ],
    "admin:view_on_site": [
        Case(
            get=admin_roles(OK),  # to the MHO's public page
            post=admin_roles(OK),
            kwargs=lambda w: {
                "content_type_id": w.objects["mho_content_type"],
                "object_id": w.mho_a.pk,
            },
        )
    ],
    # Publishing an edition of the inventory: the secretariat's permission.
    "admin:editions_edition_publish": [
        Case(
            get=admin_roles(OK, bare_staff=DENIED),
            post=admin_roles(WRITE, bare_staff=DENIED),
            data=lambda w: {"year": _year(w, -2)},
        )
    ],
    # The admin's last pattern: any other address under admin/.
    "admin:<catch-all>": [
        Case(
            get=admin_roles(HIDDEN),
            post=admin_roles(HIDDEN),
            kwargs=lambda w: {"url": "no-such-page/"},
        )
    ],
}

# What a superuser (and the secretariat, in the portal's own apps) may do with
# each kind of ModelAdmin view (GET, POST).
# POST data: the staff's own GET of the page, resubmitted (see
# test_permission_matrix.post_data), so that it is valid.
ADMIN_KINDS: dict[str, tuple[str, str]] = {
    "changelist": (OK, WRITE),  # the "delete selected" action, confirmed
    "add": (OK, WRITE),
    "change": (OK, WRITE),
    "delete": (OK, WRITE),
    "history": (OK, OK),
    "object": (OK, OK),  # <object_id>/ redirects to the change page
    "import": (OK, OK),  # no file: the form again
    "process_import": (NOT_ALLOWED, OK),
    "export": (OK, OK),  # a file
    "simple_history": (OK, WRITE),  # revert to that version
    "password_change": (OK, WRITE),  # the user admin's "set password"
    "preview": (OK, OK),  # an issue's mail preview
    # The desk's pages (kernel.admin_desk): a button on an object's page
    # (POST only), the preview of the unsaved form (POST only), an issue's
    # sending (confirmation page, then the dispatch) and its progress.
    "desk_action": (NOT_ALLOWED, WRITE),
    "desk_preview": (NOT_ALLOWED, OK),
    "send": (OK, WRITE),
    "dispatches": (OK, OK),
}

# The button each model's desk_action row presses on the world's first row:
# each takes a published row off the site.
DESK_ACTIONS = {
    "newsletter.issue": "unpublish",
    "newsletter.news": "unpublish",
    "forum.event": "unpublish",
    "resources.resource": "unpublish",
}

# Exceptions by "app_label.model_name:kind": models the secretariat reads but
# does not write (reminders sent, deliveries, axes' logs), and rows that other
# rows protect from deletion (the admin then lists what stands in the way).
ADMIN_EXCEPTIONS: dict[str, tuple[str, str]] = {
    # Its MHOs and focal points protect a country in use.
    "organizations.country:changelist": (OK, OK),
    "organizations.country:delete": (OK, OK),
    # Yearly records protect their MHO.
    "inventory.mutualhealthorganization:changelist": (OK, OK),
    "inventory.mutualhealthorganization:delete": (OK, OK),
    # Deleting a campaign would delete its reminders, which nobody may delete.
    "inventory.campaign:changelist": (OK, DENIED),
    "inventory.campaign:delete": (OK, DENIED),
    # A dispatched issue is protected by its dispatch.
    "newsletter.issue:changelist": (OK, OK),
    "newsletter.issue:delete": (OK, OK),
    "inventory.campaignreminder:add": (DENIED, DENIED),
    "inventory.campaignreminder:change": (OK, DENIED),
    "inventory.campaignreminder:delete": (DENIED, DENIED),
    "inventory.campaignreminder:changelist": (OK, OK),
    "newsletter.dispatch:add": (DENIED, DENIED),
    # A dispatch and its deliveries record who was sent what: never deleted.
    "newsletter.dispatch:delete": (DENIED, DENIED),
    "newsletter.dispatch:changelist": (OK, OK),
    "newsletter.delivery:add": (DENIED, DENIED),
    "newsletter.delivery:change": (OK, DENIED),
    # The world's first news item is no flash news: nothing is mailed.
    "newsletter.news:send": (OK, OK),
    # An edition is never added by hand (it is published) nor deleted: its
    # page only records its DOI, once (see ADMIN_CHANGE_DATA).
    "editions.edition:add": (DENIED, DENIED),
    "editions.edition:delete": (DENIED, DENIED),
    "editions.edition:changelist": (OK, OK),  # no "delete selected" action
    "axes.accessattempt:add": (DENIED, DENIED),
    "axes.accesslog:add": (DENIED, DENIED),
    "axes.accessfailurelog:add": (DENIED, DENIED),
}


# A staff account without permissions is refused every ModelAdmin view but
# <object_id>/, a redirect to the change page (which refuses it in turn).
BARE_STAFF_KINDS: dict[str, tuple[str, str]] = {
    **{kind: (DENIED, DENIED) for kind in ADMIN_KINDS},
    "object": (OK, OK),
    "process_import": (NOT_ALLOWED, DENIED),
    "preview": (HIDDEN, HIDDEN),
    "desk_action": (NOT_ALLOWED, DENIED),
    "desk_preview": (NOT_ALLOWED, DENIED),
}

# The Secretariat group reads the accounts and has no permission on groups
# and login logs: the superusers' (see concertation.permissions).
SECRETARIAT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "changelist": (OK, OK),  # the "delete selected" action is not offered
    "change": (OK, DENIED),  # read only
    "history": (OK, OK),
    "object": (OK, OK),
}


def _secretariat(model_label: str, kind: str, superuser: tuple[str, str]):
    if model_label == "concertation.user":
        return SECRETARIAT_ACCOUNTS.get(kind, (DENIED, DENIED))
    if model_label.split(".")[0] in {"auth", "axes"}:
        return (OK, OK) if kind == "object" else (DENIED, DENIED)
    if model_label in SUPERUSER_ONLY_MODELS and kind not in {"object", "delete"}:
        return (DENIED, DENIED)  # the admin shows the secretariat's work only
    return superuser


def admin_case(model_label: str, kind: str) -> Case | None:
    """The admin rule for one view of one ModelAdmin (None: no rule)."""
    outcomes = ADMIN_EXCEPTIONS.get(f"{model_label}:{kind}") or ADMIN_KINDS.get(kind)
    if outcomes is None:
        return None
    secretariat = _secretariat(model_label, kind, outcomes)
    bare_staff = BARE_STAFF_KINDS[kind]
    return Case(
        **{
            method: admin_roles(
                outcomes[index],
                secretariat=secretariat[index],
                bare_staff=bare_staff[index],
            )
            for index, method in enumerate(("get", "post"))
        }
    )


def _year(world, offset):
    return str(world.year + offset)


# Valid data for each admin add form, over what the form shows by default.
ADMIN_ADD_DATA = {
    "auth.group": lambda w: {"name": "Reviewers"},
    "concertation.user": lambda w: {
        "email": "new.user@example.org",
        "full_name": "New user",
        "language": "fr",
        "usable_password": "true",
        "password1": "a long passphrase 731",
        "password2": "a long passphrase 731",
    },
    "organizations.country": lambda w: {
        "iso2": "BF",
        "name_fr": "Burkina Faso",
        "name_en": "Burkina Faso",
        "region": "west-africa",
    },
    "organizations.organization": lambda w: {
        "slug": "new-organization",
        "name_fr": "Nouvelle organisation",
        "name_en": "New organization",
        "kind": "ngo",
    },
    "organizations.focalpoint": lambda w: {
        "country": w.mho_a.country_id,
        "contact_person": "Nouveau point focal",
    },
    "organizations.nationalcommittee": lambda w: {
        "slug": "new-committee",
        "country": w.mho_a.country_id,
        "name_fr": "Comité",
        "name_en": "Committee",
    },
    "organizations.governancerole": lambda w: {
        "body": "promoter",
        "organization": w.organization.pk,
    },
    "inventory.mutualhealthorganization": lambda w: {
        "code": "SN-0099",
        "name": "Mutuelle de Rufisque",
        "country": w.mho_a.country_id,
        "founded_year": "2004",
        "type": "community",
        "approval": "approved",
    },
    "inventory.yearlyrecord": lambda w: {
        "mho": w.mho_a.pk,
        "year": _year(w, -3),
        "status": "functional",
        "members": "100",
        "beneficiaries": "300",
        "currency": "XOF",
        "state": "draft",
    },
    "inventory.mhomanagement": lambda w: {
        "user": w.users["visitor"].pk,
        "mho": w.mho_a.pk,
        "status": "pending",
    },
    "inventory.supportdelegation": lambda w: {
        "user": w.users["visitor"].pk,
        "organization": w.organization.pk,
        "status": "pending",
    },
    "inventory.campaign": lambda w: {
        "year": _year(w, 1),
        "opens_on": f"{w.year + 1}-01-01",
        "closes_on": f"{w.year + 1}-03-31",
    },
    "newsletter.issue": lambda w: {
        "number": "103",
        "date": "2009-05-01",
        "editions-TOTAL_FORMS": "1",
        "editions-0-language": "fr",
        "editions-0-title": "Numéro 103",
        "editions-0-summary": "Les unions de mutuelles.",
        "editions-0-body": "Éditorial.",
    },
    "newsletter.news": lambda w: {
        "slug": "new-news",
        "title_fr": "Nouvelle",
        "body_fr": "Texte.",
    },
    "newsletter.subscription": lambda w: {
        "email": "new.subscriber@example.org",
        "language": "fr",
    },
    "forum.event": lambda w: {
        "status": "published",
        "slug": "new-event",
        "kind": "workshop",
        "title_fr": "Atelier",
        "starts_on": "2030-05-01",
        "ends_on": "2030-05-02",
        "date_precision": "day",
    },
    "forum.forumedition": lambda w: {
        "number": "3",
        "year": str(w.objects["event"].starts_on.year),
        "event": w.objects["event"].pk,
    },
    "forum.proceedingsdocument": lambda w: {
        "edition": w.objects["edition"].pk,
        "slug": "new-document",
        "title_fr": "Actes",
        "language": "fr",
        "url": "https://example.org/actes-2010.pdf",
    },
    "editions.referencefigure": lambda w: {
        "key": "new-reference-figure",
        "year": "2000",
        "scope_fr": "Afrique de l'Ouest",
        "scope_en": "West Africa",
        "indicator": "mhos_functional",
        "value": "100",
        "source": "Concertation, Inventaire 2000.",
    },
    "resources.theme": lambda w: {
        "slug": "new-theme",
        "name_fr": "Thème",
        "name_en": "Theme",
    },
    "resources.resource": lambda w: {
        "title": "Guide",
        "slug": "new-resource",
        "type": "guide",
        "language": "fr",
        "link": "https://example.org/guide.pdf",
    },
}


# What an admin change form changes, over the form as the staff sees it: the
# admin's own form resubmitted unchanged would write nothing for these.
ADMIN_CHANGE_DATA = {
    "editions.edition": lambda w: {"doi": "10.5281/zenodo.1234567"},
}
