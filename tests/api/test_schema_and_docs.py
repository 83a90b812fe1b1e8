import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/countries/",
    "/api/v1/countries/{iso2}/",
    "/api/v1/mhos/",
    "/api/v1/mhos/{code}/",
    "/api/v1/records/",
    "/api/v1/records/{id}/",
    "/api/v1/synthesis/",
}


def test_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "s.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == OPERATIONS
    assert all(set(item) == {"get"} for item in schema["paths"].values())


def test_schema_is_served_as_yaml_or_json(client):
    as_yaml = client.get("/api/schema/")
    as_json = client.get("/api/schema/", {"format": "json"})

    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content)["paths"].keys() == OPERATIONS
    assert as_json.json()["paths"].keys() == OPERATIONS
    parameters = as_json.json()["paths"]["/api/v1/records/"]["get"]["parameters"]
    assert {p["name"] for p in parameters} >= {"country", "year", "status", "page"}


def test_docs_page_uses_only_the_portals_own_assets(client):
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    hosts = set(re.findall(r"(?:https?:)?//([\w.-]+)", html))
    assert hosts <= {"testserver"}, hosts
    assets = re.findall(r'<(?:link|script)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4  # stylesheets, bundle, preset, start-up script (icon)
    for url in assets:
        # The start-up script is served by the page itself (no inline script).
        assert url.startswith(("/static/", "/api/docs/?")), url
        asset = client.get(url.replace("&amp;", "&"))
        assert asset.status_code == 200, url
        asset.close()
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert '"/api/schema/"' in script.content.decode()


def test_anonymous_clients_are_slowed_down_past_the_rate(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)

    answers = [client.get("/api/v1/countries/") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert "detail" in answers[-1].json()
