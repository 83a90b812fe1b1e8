"""Fuzzing the yearly record form through its real view.

Each example posts generated values for every field of the form (plausible
figures with some fields replaced by wild ones: negative, huge, decimal with a
comma, Unicode digits, text, empty, missing, posted twice), a mangled version
and action, extra fields, as the manager or the secretariat, to a mutual and a
year in any situation (new, draft, submitted, returned, founded later, not
managed, years outside the campaign). Invariants: never a server error; an
answer that does not save leaves the records, their history and the synthesis
marks as they were and tells why; a save stores exactly the values posted, in
a record that satisfies the validation rules. When every value has a known
meaning the outcome itself is predicted.
"""

import random
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import example, given, note
from hypothesis import strategies as st

from inventory.models import YearlyRecord
from inventory.models.record import (
    DATA_FIELDS,
    FIRST_YEAR,
    LAST_YEAR,
    TRI_STATE_FIELDS,
)
from inventory.services.records import record_previous
from inventory.validation import record_warnings

from .conftest import CAMPAIGN_YEAR, fuzz_settings, required_examples
from .oracle import (
    NUMBER_FIELDS,
    assert_stored,
    form_accepts,
    record_with,
    rules_accept,
)
from .support import (
    Tally,
    flash_messages,
    inventory_state,
    rolled_back,
)
from .values import (
    FREE,
    INVALID,
    MISSING,
    Token,
    checkbox_token,
    choice_token,
    free_text,
    integer_token,
    plausible_values,
    posted_twice,
    spelled_integer,
    yes_no_token,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 2000
# Keys a crafted request may add to take over what only the services set.
TAKEOVER_KEYS = [
    "state",
    "source",
    "mho",
    "mho_id",
    "year",
    "id",
    "pk",
    "submitted_by",
    "reviewed_by",
    "confirmed_warnings",
    "review_comment",
    "updated_at",
]
ACTIONS = [
    {"draft": "1"},
    {"submit": "1"},
    {"submit": ""},
    {},
    {"draft": "1", "submit": "1"},
    {"action": "validate"},
    {"validate": "1"},
    {"submit": ["1", "1"]},
]
# (mutual, year) the form is posted to.
TARGETS = {
    "new": ("reported", CAMPAIGN_YEAR),
    "draft": ("draft", CAMPAIGN_YEAR),
    "submitted": ("submitted", CAMPAIGN_YEAR),
    "returned": ("returned", CAMPAIGN_YEAR - 2),
    "founded later": ("late", CAMPAIGN_YEAR),
    "not managed": ("stranger", CAMPAIGN_YEAR),
    "last year (validated)": ("reported", CAMPAIGN_YEAR - 1),
    "next year": ("reported", CAMPAIGN_YEAR + 1),
    "before the first year": ("reported", FIRST_YEAR - 1),
    "year zero": ("reported", 0),
    "far future": ("reported", 99_999),
    "huge year": ("reported", 10**25),
}


@dataclass
class FormCase:
    target: str
    as_staff: bool
    fields: dict[str, Token]
    version: Token
    action: dict
    confirm: Token
    extra: dict[str, str] = field(default_factory=dict)

    def meanings(self) -> dict:
        return {name: token.meaning for name, token in self.fields.items()}

    @property
    def submit(self) -> bool:
        return "submit" in self.action

    def body(self) -> str:
        """The request body, urlencoded as a browser posts this form."""
        pairs = []
        posted = {**self.fields, "version": self.version}
        posted["confirm_warnings"] = self.confirm
        for name, token in posted.items():
            if token.raw is MISSING:
                continue
            values = token.raw if isinstance(token.raw, list) else [token.raw]
            pairs.extend((name, value) for value in values)
        for name, value in {**self.extra, **self.action}.items():
            values = value if isinstance(value, list) else [value]
            pairs.extend((name, v) for v in values)
        return urlencode(pairs)


# --- generation ------------------------------------------------------------------


def _as_tokens(figures: dict) -> dict[str, Token]:
    tokens = {}
    for name, value in figures.items():
        if name in TRI_STATE_FIELDS:
            tokens[name] = Token({True: "true", False: "false"}.get(value, ""), value)
        elif value is None:
            tokens[name] = Token("", None)
        else:
            tokens[name] = Token(str(value), value)
    return tokens


def plausible_figures(seed: int) -> dict[str, Token]:
    """Figures a careful manager would enter, drawn from one seed: thirty draws
    of Hypothesis each would cost more than the request they feed."""
    return _as_tokens(plausible_values(random.Random(seed)))


def wild_token(name):
    if name in NUMBER_FIELDS:
        single = integer_token()
    elif name in TRI_STATE_FIELDS:
        single = yes_no_token()
    else:
        single = choice_token(name)
    return st.one_of(single, single, single, posted_twice(single))


WILD = {name: wild_token(name) for name in DATA_FIELDS}


def version_token(current: int):
    return st.one_of(
        st.just(Token(str(current), current)),
        st.just(Token(str(current), current)),
        spelled_integer(st.just(current)),
        st.integers(0, 5).map(lambda n: Token(str(n), n)),
        st.sampled_from([2**31, 2**63, 10**30]).map(lambda n: Token(str(n), n)),
        st.sampled_from(["", MISSING, "-1", "1.5", "abc", "None"]).map(
            lambda raw: Token(raw, INVALID)
        ),
        free_text(),
    )


# Strategies are built once: building one costs more than drawing from it.
FIELD = st.sampled_from(DATA_FIELDS)
WILD_FIELDS = st.one_of(
    st.just(set()),
    st.sets(FIELD, min_size=1, max_size=3),
    st.sets(FIELD, max_size=8),
)
POSTED_KEYS = {*DATA_FIELDS, "version", "confirm_warnings", "submit", "draft"}
EXTRA = st.dictionaries(
    st.one_of(
        st.sampled_from(TAKEOVER_KEYS),
        st.text(min_size=1, max_size=12).filter(lambda key: key not in POSTED_KEYS),
    ),
    st.text(max_size=20),
    max_size=3,
)


def post_cases(versions: dict[str, int]):
    target_strategy = st.sampled_from(list(TARGETS))
    version_tokens = {name: version_token(versions[name]) for name in TARGETS}
    seeds, actions, confirms = (
        st.integers(0, 2**32 - 1),
        st.sampled_from(ACTIONS),
        checkbox_token(),
    )

    @st.composite
    def build(draw):
        target = draw(target_strategy)
        fields = plausible_figures(draw(seeds))
        for name in sorted(draw(WILD_FIELDS)):
            fields[name] = draw(WILD[name])
        return FormCase(
            target=target,
            as_staff=draw(st.integers(0, 4)) == 0,
            fields=fields,
            version=draw(version_tokens[target]),
            action=draw(actions),
            confirm=draw(confirms),
            extra=draw(EXTRA),
        )

    return build()


# --- the oracle ------------------------------------------------------------------


def predict(case: FormCase, *, mho, year, current, user) -> str | None:
    """The outcome the view must give, or None when a FREE value leaves it open."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return "not found"  # no record can be about that year: no form either
    if not user.is_staff and mho.code == "SN-0006":
        return "not found"
    known = [case.version.meaning, case.confirm.meaning]
    known += [token.meaning for token in case.fields.values()]
    if any(meaning is FREE for meaning in known):
        return None
    if not user.is_staff and current is not None and current.is_locked:
        return "locked"  # with the form's errors or not: the page says it is locked
    version = case.version.meaning
    if version is INVALID or version < 0 or not form_accepts(case.meanings()):
        return "refused"
    if not user.is_staff:
        returned = current is not None and current.state == "returned"
        if not returned and year != CAMPAIGN_YEAR:
            return "closed"
    record = record_with(case.meanings(), mho=mho, year=year)
    if not rules_accept(record, draft=not case.submit):
        return "refused"
    unconfirmed = case.submit and not case.confirm.meaning
    if unconfirmed and record_warnings(record, record_previous(record)):
        return "warnings"
    if case.version.meaning != (current.version if current else 0):
        return "conflict"
    unchanged = current is not None and current.state == "draft" and not case.submit
    if unchanged and all(
        getattr(current, name) == meaning for name, meaning in case.meanings().items()
    ):
        return "unchanged"  # a draft saved again with its own figures
    return "saved"


def observe(response, before, after) -> str:
    """What the view did, read from its answer and the database."""
    status = response.status_code
    assert status < 500, response.content.decode()[:2000]
    html = response.content.decode()
    if before != after and status == 200:
        assert "The draft is saved, but it cannot be submitted" in html
        return "saved"  # with the errors to correct before submitting
    if before != after:
        # A draft goes back to My mutuals, a submission to its read-only page.
        where = response["Location"]
        assert status == 302, status
        assert where == "/en/my/" or where.startswith("/en/records/"), where
        assert any("saved" in m or "submitted" in m for m in flash_messages(response))
        return "saved"
    if status == 404:
        return "not found"
    if status == 302:
        (message,) = flash_messages(response)
        if response["Location"] == "/en/my/" and "Nothing changed" in message:
            return "unchanged"
        if response["Location"] == "/en/my/":
            assert "No campaign is open" in message
            return "closed"
        assert "/en/my/SN-" in response["Location"]
        assert "under review" in message
        return "locked"
    if status == 409:
        assert "Someone changed this record" in html
        return "conflict"
    assert status == 400, status
    if "This record is under review or validated" in html:
        return "locked"
    if 'id="warning-W' in html:
        return "warnings"
    assert 'class="errorlist' in html, html[html.find("<main") :][:3000]
    return "refused"


# --- what a save must leave ------------------------------------------------------


def check_saved(case: FormCase, *, mho, year, current, user, before):
    record = YearlyRecord.objects.get(mho=mho, year=year)
    assert_stored(record, case.meanings())
    # The workflow fields are the services', whatever the request added.
    assert record.source == "form"
    assert record.version == (current.version + 1 if current else 1)
    assert record.state == ("submitted" if case.submit else "draft")
    if case.submit:
        assert record.submitted_by == user
        codes = [w.code for w in record_warnings(record, record_previous(record))]
        assert record.confirmed_warnings == ",".join(codes)
        assert not codes or case.confirm.meaning is not False
    history = record.history.order_by("-history_id")
    earlier = [row for row in before[1] if row[0] == record.pk]
    assert history.count() == len(earlier) + 1
    latest = history.first()
    assert latest.history_user == user
    assert latest.history_change_reason == ("submitted" if case.submit else "draft")
    # No other record changed.
    others = [row for row in inventory_state()[0] if row[0] != record.pk]
    assert others == [row for row in before[0] if row[0] != record.pk]


# --- the test ----------------------------------------------------------------------


def regression(target, *, as_staff=False, version="0"):
    """A case this test found a bug with: valid figures, saved as a draft."""
    fields = plausible_figures(0)
    fields["status"] = Token("functional", "functional")
    meaning = INVALID if version is MISSING else int(version)
    return FormCase(
        target=target,
        as_staff=as_staff,
        fields=fields,
        version=Token(version, meaning),
        action={"draft": "1"},
        confirm=Token(MISSING, False),
    )


def test_record_form_survives_generated_posts(
    mutuals, manager_a, staff, plain_templates, quiet_client_errors
):
    clients = {False: Client(), True: Client()}
    clients[False].force_login(manager_a)
    clients[True].force_login(staff)
    targets = {
        name: (getattr(mutuals, mho), year) for name, (mho, year) in TARGETS.items()
    }
    currents = {
        name: YearlyRecord.objects.filter(mho=mho, year=year).first()
        if year < 10**6
        else None
        for name, (mho, year) in targets.items()
    }
    versions = {
        name: record.version if record else 0 for name, record in currents.items()
    }
    tally = Tally()
    initial = inventory_state()  # every example starts from it (rolled back)

    # Regressions, each found by this test: a rule on the year (not a field of
    # the form) made the view crash for a mutual founded after the campaign
    # year and for the secretariat on a year out of range; a request without
    # its version was refused without any message.
    @fuzz_settings(EXAMPLES)
    @example(case=regression("founded later"))
    @example(case=regression("before the first year", as_staff=True))
    @example(case=regression("far future", as_staff=True))
    @example(case=regression("new", version=MISSING))
    @given(case=post_cases(versions))
    def post(case):
        mho, year = targets[case.target]
        user = staff if case.as_staff else manager_a
        current = currents[case.target]
        note(repr(case))
        client = clients[case.as_staff]
        client.cookies.pop("messages", None)
        with rolled_back():
            response = client.post(
                f"/en/my/{mho.code}/{year}/",
                case.body(),
                content_type="application/x-www-form-urlencoded",
            )
            after = inventory_state()
            outcome = observe(response, initial, after)
            expected = predict(case, mho=mho, year=year, current=current, user=user)
            if expected is not None:
                assert outcome == expected, (outcome, expected)
            if outcome == "saved":
                check_saved(
                    case, mho=mho, year=year, current=current, user=user, before=initial
                )
        tally[outcome] += 1

    post()
    print(tally.report("record form"))
    assert tally.total >= required_examples(EXAMPLES)
    assert tally["saved"] and tally["refused"] and tally["warnings"]
