"""Property-based run over the whole API, in-process through the WSGI app.

Bounded for CI (30 examples per operation, derandomized so that every run
draws the same requests) and run on the data a visitor would meet: the real
directory and a small demonstration inventory with its synthesis."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from concertation.wsgi import application
from inventory.demo import demo_generate
from inventory.models import YearlyRecord

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 30
CHECKS = [not_a_server_error, response_schema_conformance]
# The WSGI transport hands over the body as sent, without undoing the gzip a
# real HTTP client would: ask for it uncompressed (gzip is tested elsewhere).
PLAIN = {"Accept-Encoding": "identity"}


@contextmanager
def connections_kept_open():
    """Django closes "old" connections around each request, which would end the
    test's transaction; its test client disconnects the same handlers."""
    handlers = [signals.request_started, signals.request_finished]
    for signal in handlers:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in handlers:
            signal.connect(close_old_connections)


def check_operation(operation):
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(checks=CHECKS, headers=PLAIN)

    run()


def check_existing_objects(schema):
    """Random path parameters hardly ever name an object: ask for real ones."""
    record = YearlyRecord.objects.public().order_by("pk").first()
    mho = record.mho
    for path, parameters in [
        ("/api/v1/countries/{iso2}/", {"iso2": mho.country.iso2}),
        ("/api/v1/mhos/{code}/", {"code": mho.code}),
        ("/api/v1/records/{id}/", {"id": record.pk}),
    ]:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(checks=CHECKS, headers=PLAIN)
        assert response.status_code == 200, path


def test_api_has_no_server_error(network, monkeypatch, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Hundreds of requests from one client: the quota is tested elsewhere.
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/minute", raising=False)
    demo_generate(mhos=20, years=3, seed=1)

    with connections_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.method.upper() for op in operations} == {"GET"}
        assert len(operations) == 7
        for operation in operations:
            check_operation(operation)
        check_existing_objects(schema)
