"""Schemathesis over the whole API, in-process through the WSGI app, as its
command line runs it with every check (``st run --checks all --mode all``):
schema examples, the coverage phase (boundary and invalid values of each
parameter, methods the API does not have), fuzzing with valid and invalid data,
and stateful sequences that follow the schema's links.

Bounded for CI (a fixed seed and few examples per operation, so that every run
sends the same requests) and run on the data a visitor would meet: the real
directory and a small demonstration inventory with its synthesis. The engine
sends requests from worker threads, so the data is committed
(``transactional_db``) and each request closes its thread's connection.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import connections
from rest_framework.throttling import AnonRateThrottle
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.generation import GenerationMode

from concertation.wsgi import application
from inventory.demo import demo_generate
from inventory.models import YearlyRecord

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES_PER_OPERATION = 25
SEED = 20261201
# The WSGI transport hands over the body as sent, without undoing the gzip a
# real HTTP client would: ask for it uncompressed (gzip is tested elsewhere).
PLAIN = {"Accept-Encoding": "identity"}
ALL_PHASES = ["examples", "coverage", "fuzzing", "stateful"]


def close_connection(**kwargs):
    connections.close_all()


@pytest.fixture
def api(network, monkeypatch, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Thousands of requests from one client: the quota is tested elsewhere.
    monkeypatch.setattr(AnonRateThrottle, "rate", "1000000/minute", raising=False)
    demo_generate(mhos=20, years=3, seed=1)
    signals.request_finished.connect(close_connection)
    yield
    signals.request_finished.disconnect(close_connection)


def full_run_config() -> SchemathesisConfig:
    config = SchemathesisConfig()
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.update(workers=1, headers=PLAIN)
    project.phases.update(phases=ALL_PHASES)
    project.checks.update(included_check_names=["all"])
    project.generation.update(
        modes=list(GenerationMode),
        max_examples=EXAMPLES_PER_OPERATION,
        deterministic=True,
        database="none",
    )
    return config


def failed_checks(recorder) -> list[str]:
    """Each failed check with its request, as the command line reports it."""
    return [
        f"{check.name}: {check.failure_info.failure.title}: "
        f"{check.failure_info.failure.message} ({check.failure_info.code_sample})"
        for checks in recorder.checks.values()
        for check in checks
        if check.status is Status.FAILURE and check.failure_info is not None
    ]


def run(schema) -> tuple[list[str], int]:
    """The failures and errors the engine reports, and how many scenarios ran."""
    problems, scenarios = [], 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios += 1
            problems += failed_checks(event.recorder)
            if event.status is Status.ERROR:
                problems.append(f"{event.label}: error")
        elif isinstance(event, events.NonFatalError):
            problems.append(f"{event.label}: {event.info.title}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            problems.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.EngineFinished):
            problems += [
                f"{f.operation}: {f.title}: {f.message}" for f in event.failures
            ]
    return problems, scenarios


def test_every_check_passes_on_every_operation(api, record_property):
    config = full_run_config()
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, config=config
    )
    assert len(list(schema.get_all_operations())) == 7

    problems, scenarios = run(schema)
    record_property("total: schemathesis scenarios (all checks, all modes)", scenarios)

    assert problems == []
    assert scenarios >= 7 * len(ALL_PHASES)


def test_the_objects_of_the_inventory_answer_as_the_schema_says(api):
    """Random path parameters hardly ever name an object: ask for real ones."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    record = YearlyRecord.objects.public().order_by("pk").first()
    mho = record.mho
    for path, parameters in [
        ("/api/v1/countries/{iso2}/", {"iso2": mho.country.iso2}),
        ("/api/v1/mhos/{code}/", {"code": mho.code}),
        ("/api/v1/records/{id}/", {"id": record.pk}),
    ]:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(headers=PLAIN)
        assert response.status_code == 200, path
