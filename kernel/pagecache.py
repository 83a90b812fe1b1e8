"""A shared cache of the public pages, as anonymous visitors see them.

Public pages (the inventory, the synthesis, the directory, the API lists) are
the same for every anonymous visitor and change only when the data behind
them does. ``public_page`` keeps each rendered page in the default cache
(Redis in production, shared by the gunicorn workers), keyed by language and
full path (and host, when several are allowed), for ``PAGE_CACHE_SECONDS`` at most.

Freshness does not rely on the timeout: every key also carries a *version*
that any change to the public content replaces, once its transaction commits
(``invalidate``). Saves of the models shown on public pages do it through the
signals below: each app names those models in its ``AppConfig`` as
``page_cache_models`` (the tables of their many-to-many fields follow them);
this module knows no app. Yearly records are not among them: the inventory's
change path decides by their state. Bulk writers that send no signals (the
import, the synthesis rebuild) go through their change path, which calls
``invalidate``. The timeout only bounds what a write path that
forgot to do so could leave behind.

A page is never cached or served from the cache for a request that carries a
session or messages cookie (a logged-in user, a pending message), nor when
the response sets a cookie or varies on it (a CSRF token was used), nor when
it is not a 200.
"""

import hashlib
import threading
import uuid
import weakref
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from .cache import site_key

# Data-Edition: which edition of the figures an API answer serves.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "Allow", "Data-Edition")


def _version_key() -> str:
    return site_key("pagecache:version")


def _bump() -> None:
    cache.set(_version_key(), uuid.uuid4().hex, None)


# The callback this thread's open transaction will run on commit, weakly held:
# Django drops it once it has run or once its transaction rolled back, and
# the reference then reads None.
_committed_bump = threading.local()


def invalidate() -> None:
    """Drop every cached page now and again once the current transaction
    commits: a page rendered from the old rows in between is not kept. One
    cache write per call, and one more per transaction."""
    _bump()
    registered = getattr(_committed_bump, "callback", None)
    if registered is not None and registered() is not None:
        return

    def bump_on_commit():
        _bump()

    _committed_bump.callback = weakref.ref(bump_on_commit)
    transaction.on_commit(bump_on_commit)


def _version() -> str:
    version = cache.get(_version_key())
    if version is None:
        version = uuid.uuid4().hex
        # add(), not set(): another worker may have just stored one.
        if not cache.add(_version_key(), version, None):
            version = cache.get(_version_key()) or version
    return version


def data_version() -> str:
    """The current version of the public content: it changes whenever the
    public pages' cache is dropped. Files derived from the public data (the
    fact sheets) are stored under it."""
    return _version()


def for_current_data(name: str, compute, timeout: int | None = None):
    """``compute()``, kept until the public data changes (the pages' version):
    for values many pages share, such as the years that have records."""
    key = f"data:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.PAGE_CACHE_SECONDS or 60)
    return value


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    return "cookie" not in vary and "no-store" not in response.get("Cache-Control", "")


def _key(request, version: str) -> str:
    # Pages hold absolute links (the API's next pages and object URLs, feeds):
    # when several hosts are allowed, each host has its own copy, or one host's
    # links would be served to the others. get_host() is checked against
    # ALLOWED_HOSTS before any view runs.
    address = request.get_full_path()
    if len(settings.ALLOWED_HOSTS) > 1 or _has_pattern(settings.ALLOWED_HOSTS):
        address = f"{request.scheme}://{request.get_host()}{address}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{get_language()}:{digest}"


def _has_pattern(hosts) -> bool:
    """``*`` or ``.example.org`` allow more than one host."""
    return any(host == "*" or host.startswith(".") for host in hosts)


def public_page(view):
    """Serve the view's anonymous response from the cache when it is there."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request, _version())
        cached = cache.get(key)
        if cached is not None and _within_rate(view, request):
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()  # DRF and TemplateResponse
        if _cacheable_response(request, response):
            headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
            cache.set(key, (response.content, headers), seconds)
        return response

    wrapper.public_page = True
    return wrapper


def _within_rate(view, request) -> bool:
    """An API view's throttles count a cached answer as they count any other;
    past the rate the view itself runs and answers 429."""
    view_class = getattr(view, "cls", None)  # Django REST framework
    throttles = getattr(view_class, "throttle_classes", ())
    return all(throttle().allow_request(request, None) for throttle in throttles)


def watched_models() -> list:
    """The models whose rows public pages show, as the apps declare them
    (``page_cache_models`` on their AppConfig), with the tables of their
    many-to-many fields."""
    models = []
    for config in apps.get_app_configs():
        for name in getattr(config, "page_cache_models", ()):
            model = config.get_model(name)
            models.append(model)
            models.extend(
                field.remote_field.through
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            )
    return models


def _changed(sender, **kwargs):
    invalidate()


def connect_signals() -> None:
    """Invalidate on every save, delete and many-to-many change of the watched
    models (called once the app registry is ready)."""
    for model in watched_models():
        label = model._meta.label_lower
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"pagecache-{label}")
        if model._meta.auto_created:
            m2m_changed.connect(
                _changed, sender=model, dispatch_uid=f"pagecache-m2m-{label}"
            )
