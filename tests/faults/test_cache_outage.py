"""Redis stopped under the Django cache: the site treats it as an empty cache
(kernel.cache.ResilientRedisCache) and says so on /healthz."""

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_an_unreachable_cache_is_a_miss_and_comes_back_with_redis(
    redis_broker_and_cache,
):
    server = redis_broker_and_cache
    cache.set("kept", "before")
    server.stop()

    assert cache.get("kept", "default") == "default"
    assert cache.add("lock", True) is False  # a lock is not taken
    assert cache.set("kept", "during") is None
    assert cache.get_many(["kept", "other"]) == {}
    assert cache.delete("kept") is False

    server.start()  # same port, empty

    assert cache.add("lock", True) is True
    cache.set("kept", "after")
    assert cache.get("kept") == "after"


def test_pages_work_and_healthz_reports_the_cache_while_redis_is_down(
    redis_broker_and_cache, client
):
    redis_broker_and_cache.stop()

    health = client.get("/healthz")
    pages = [client.get(path) for path in ("/fr/", "/fr/inventory/", "/fr/data/")]

    assert health.status_code == 503
    assert health.json()["database"] == "ok"
    assert health.json()["cache"].startswith("error")
    assert [page.status_code for page in pages] == [200, 200, 200]
