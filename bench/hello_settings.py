"""Settings of the second, informative baseline: the portal's own settings and
middleware, with a URLconf holding only a hello-world view (bench.hello_urls).
Served by gunicorn with ``concertation.wsgi`` and
DJANGO_SETTINGS_MODULE=bench.hello_settings; the product is not changed."""

from concertation.settings import *  # noqa: F403

ROOT_URLCONF = "bench.hello_urls"
