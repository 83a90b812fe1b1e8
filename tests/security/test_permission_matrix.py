"""The permission matrix: every URL of the URLconf crossed with every role.

Each pattern of the URLconf (pages under /fr/, the admin, the API, the open
data, downloads and uploads) is requested by each role with GET, HEAD (on pages
and files to read) and POST, and the answer is compared with the table of
``tests/security/matrix.py``. A refused POST must leave the database exactly as
it was (a digest of every row of every table); an allowed write must change
it. A pattern missing from the table fails the test.
"""

import copy
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from . import matrix
from .conftest import database_digest
from .html_forms import form_data

pytestmark = pytest.mark.django_db
LANGUAGE = "fr"


# --- The URLconf ---------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the table's key: "namespace:name"
    name: str | None  # for reverse()
    model: str = ""  # "app_label.model_name" for a ModelAdmin's views
    kind: str = ""  # the ModelAdmin view: changelist, add, change...


def _admin_models() -> dict[str, str]:
    return {
        f"{model._meta.app_label}/{model._meta.model_name}/": model._meta.label_lower
        for model in admin.site._registry
    }


def _route(pattern: URLPattern, namespace: str, model: str) -> Route:
    name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
    if not model:
        return Route(key=name or f"{namespace}:<catch-all>", name=name)
    app_label, model_name = model.split(".")
    if pattern.name is None:  # <object_id>/ redirects to the change page
        return Route(
            key=f"admin:{app_label}_{model_name}_<object>",
            name=None,
            model=model,
            kind="object",
        )
    kind = pattern.name.removeprefix(f"{app_label}_{model_name}_")
    if pattern.name == "auth_user_password_change":  # Django's name for any user model
        kind = "password_change"
    return Route(key=name, name=name, model=model, kind=kind)


def urlconf_routes(resolver=None, namespace="", model="") -> list[Route]:
    """Every pattern of the URLconf, admin views tagged with their model."""
    resolver = resolver or get_resolver()
    routes = []
    admin_models = _admin_models()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            inner_model = model
            if inner == "admin" and not model:
                inner_model = admin_models.get(str(pattern.pattern), "")
            routes += urlconf_routes(pattern, inner, inner_model)
        else:
            routes.append(_route(pattern, namespace, model))
    return routes


with translation.override(LANGUAGE):
    ROUTES = urlconf_routes()


def cases_for(route: Route) -> list[matrix.Case] | None:
    if route.key in matrix.PAGES:
        return matrix.PAGES[route.key]
    if route.key in matrix.ADMIN_SITE:
        return matrix.ADMIN_SITE[route.key]
    if route.model:
        case = matrix.admin_case(route.model, route.kind)
        return None if case is None else [case]
    return None


def test_every_url_has_an_expected_outcome():
    missing = sorted({route.key for route in ROUTES if cases_for(route) is None})
    assert not missing, f"URLs missing from tests/security/matrix.py: {missing}"
    keys = {route.key for route in ROUTES}
    stale = sorted((set(matrix.PAGES) | set(matrix.ADMIN_SITE)) - keys)
    assert not stale, f"Entries of the table for no URL: {stale}"


# --- Building the requests ---------------------------------------------------------


def _admin_object(world, route):
    from django.apps import apps

    model = apps.get_model(route.model)
    found = model._default_manager.order_by("pk").first()
    assert found is not None, f"the world has no {route.model} for the admin"
    return found


def url_of(world, route: Route, case: matrix.Case) -> str:
    with translation.override(LANGUAGE):
        if route.model:
            return _admin_url(world, route)
        kwargs = case.kwargs(world) if case.kwargs else {}
        if route.key == "admin:<catch-all>":
            url = reverse("admin:index") + kwargs["url"]
        else:
            url = reverse(route.name, kwargs=kwargs)
    query = case.query(world) if callable(case.query) else case.query
    return f"{url}?{query}" if query else url


def _admin_url(world, route: Route) -> str:
    app_label, model_name = route.model.split(".")
    prefix = f"admin:{app_label}_{model_name}"
    found = _admin_object(world, route)
    if route.kind in {
        "changelist",
        "add",
        "import",
        "process_import",
        "export",
        "desk_preview",
    }:
        return reverse(route.name)
    if route.kind in {"send", "dispatches"}:
        return reverse(route.name, kwargs={"pk": found.pk})
    if route.kind == "desk_action":
        action = matrix.DESK_ACTIONS[route.model]
        return reverse(route.name, kwargs={"object_id": found.pk, "action": action})
    if route.kind == "object":
        return reverse(f"{prefix}_change", args=[found.pk]).removesuffix("change/")
    if route.kind == "simple_history":
        version = found.history.order_by("-history_id").first()
        return reverse(route.name, args=[found.pk, version.history_id])
    if route.kind == "preview":
        return reverse(route.name, kwargs={"pk": found.pk, "language": LANGUAGE})
    if route.kind == "password_change":
        return reverse(route.name, kwargs={"id": found.pk})
    return reverse(route.name, kwargs={"object_id": found.pk})


def post_data(world, route: Route, case: matrix.Case, staff_page) -> dict:
    """What a POST sends: the table's data, or for the admin the secretariat's
    own form resubmitted (with valid values for an add form)."""
    if case.data is not None:
        return case.data(world)
    if not route.model:
        return {}
    if route.kind == "changelist":
        found = _admin_object(world, route)
        return {
            "action": "delete_selected",
            "_selected_action": [found.pk],
            "post": "yes",
        }
    if route.kind == "delete":
        return {"post": "yes"}
    if staff_page is None or staff_page.status_code != 200:
        return {}
    content = staff_page.content.decode()
    data = form_data(content, form_id=f"{route.model.split('.')[1]}_form")
    if route.kind == "add":
        data.update(matrix.ADMIN_ADD_DATA.get(route.model, lambda w: {})(world))
    if route.kind == "password_change":
        data.update(
            password1="a new long passphrase 5",
            password2="a new long passphrase 5",
            usable_password="true",
        )
    if route.kind in {"add", "change", "simple_history"}:
        data["_save"] = "Save"
    return data


# --- Judging a cell ---------------------------------------------------------------

GRANTED = {"answered", "redirect"}


@dataclass
class Cell:
    route: Route
    label: str
    role: str
    method: str
    expected: str
    status: int = 0
    location: str = ""
    changed: bool = False
    error: str = ""
    shown: tuple = ()  # texts of the case's ``hides`` that the page showed

    def actual(self) -> str:
        if self.error:
            return f"error {self.error}"
        status = self.status
        if 300 <= status < 400:
            with translation.override(LANGUAGE):
                if self.location.startswith(resolve_url("login") + "?"):
                    return matrix.LOGIN
                if self.location.startswith(reverse("admin:login") + "?"):
                    return matrix.ADMIN_LOGIN
            return "redirect"
        named = {
            400: matrix.INVALID,
            403: matrix.DENIED,
            404: matrix.HIDDEN,
            405: matrix.NOT_ALLOWED,
        }
        if status in named:
            return named[status]
        return "answered" if 200 <= status < 300 else f"status {status}"

    def _changed_wrongly(self) -> bool:
        return self.changed and self.expected != matrix.WRITE

    def problem(self) -> str | None:
        actual = self.actual()
        if self.expected in matrix.REFUSALS:
            good = actual == self.expected
        else:
            good = actual in GRANTED
        if self._changed_wrongly():
            good = False
        if not self.changed and self.expected == matrix.WRITE:
            good = False
        if good and not self.shown:
            return None
        note = ", database changed" if self.changed else ", database unchanged"
        if self.shown:
            note += f", showing {', '.join(self.shown)}"
        return f"expected {self.expected}, got {actual} ({self.status}{note})"

    def is_leak(self) -> bool:
        """Access granted, data changed or shown where the table refuses it."""
        refused_but_granted = (
            self.expected in matrix.REFUSALS and self.actual() in GRANTED
        )
        return refused_but_granted or self._changed_wrongly() or bool(self.shown)

    def __str__(self):
        where = f"{self.route.key}[{self.label}]" if self.label else self.route.key
        return f"{where} {self.role} {self.method}: {self.problem()}"


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


class StatementWatcher:
    """Notes whether a request sent the database anything but reads."""

    READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK")

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(self.READS):
            self.wrote = True
        return execute(sql, params, many, context)


def request(world, role, method, url, data, *, always_digest, hides=()) -> dict:
    """One request in a savepoint rolled back after the check; the client's
    cookies are restored too (a login or a logout changes them).

    The database is compared with the world's digest after every POST, and
    after a GET or HEAD that sent anything but reads."""
    client = world.clients[role]
    outcome = {}
    watcher = StatementWatcher()
    with transaction.atomic():
        try:
            with connection.execute_wrapper(watcher):
                if method == "POST":
                    response = client.post(url, data)
                else:
                    response = getattr(client, method.lower())(url)
            outcome["status"] = response.status_code
            outcome["location"] = response.get("Location", "")
            outcome["response"] = response
            if hides and 200 <= response.status_code < 300:
                body = _body(response)
                outcome["shown"] = tuple(text for text in hides if text in body)
            if always_digest or watcher.wrote:
                outcome["changed"] = database_digest() != world.baseline
        except Exception as error:  # a 500: reported as the cell's outcome
            outcome["error"] = f"{error.__class__.__name__}: {error}"
        finally:
            transaction.set_rollback(True)
            client.cookies = copy.deepcopy(world.cookies[role])
    return outcome


def _ordered_roles():
    # The secretariat first: its GET of an admin page gives the form to POST.
    return ["staff", *(role for role in matrix.ROLES if role != "staff")]


def run_cells(world, route: Route, case: matrix.Case) -> list[Cell]:
    url = url_of(world, route, case)
    methods = [("GET", case.get), ("HEAD", case.head), ("POST", case.post)]
    cells = []
    staff_page = None
    for role in _ordered_roles():
        for method, outcomes in methods:
            if outcomes is None:
                continue
            data = None
            if method == "POST":
                data = post_data(world, route, case, staff_page)
            hides = (case.hides or {}).get(role, ()) if method == "GET" else ()
            outcome = request(
                world,
                role,
                method,
                url,
                data,
                always_digest=method == "POST",
                hides=hides,
            )
            response = outcome.pop("response", None)
            if role == "staff" and method == "GET":
                staff_page = response
            cells.append(
                Cell(route, case.label, role, method, outcomes[role], **outcome)
            )
    return cells


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_permission_matrix(route, world, record_property):
    cases = cases_for(route)
    assert cases is not None, f"{route.key} is missing from tests/security/matrix.py"
    assert database_digest() == world.baseline, "the world changed between cells"
    cells = [cell for case in cases for cell in run_cells(world, route, case)]
    wrong = [cell for cell in cells if cell.problem()]
    leaks = [cell for cell in wrong if cell.is_leak()]
    # Summed over the run and printed at its end (see tests/conftest.py).
    record_property("total: permission matrix cells checked", len(cells))
    record_property("total: permission matrix leaks", len(leaks))
    assert not wrong, "\n".join(str(cell) for cell in wrong)
