import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.redis
def test_healthz_checks_the_redis_cache_when_redis_is_configured(client):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")

    response = client.get("/healthz")

    assert response.json()["cache"] == "ok"


@pytest.mark.postgres
def test_database_is_postgresql_and_enforces_country_codes(db):
    from django.db import IntegrityError, connection

    from organizations.models import Country

    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError):
        Country.objects.create(iso2="s1", name_fr="x", name_en="x", region="europe")
