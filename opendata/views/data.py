"""The open data: the landing page (/fr/data/, /en/data/), and under /data/
(no language prefix) the built files and the CSV of the inventory list's
current filters.

Files are only ever served as built by the Celery task: if none exists yet
the visitor gets a 503 with Retry-After and a build is queued. The files
change with every build under the same address, so browsers and proxies may
keep them but must ask again each time (``Cache-Control: no-cache``): the
ETag (the file's SHA-256) lets them do it for a 304 answer. A visit that
finds the served build stale makes sure its next build is queued."""

from functools import wraps

from django.conf import settings
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from inventory.filters import MHOPageFilter
from opendata.exports import selectors
from opendata.exports.build import data_dir
from opendata.exports.citation import LICENSE
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.csv_build import csv_chunks
from opendata.exports.rows import record_rows
from opendata.exports.schedule import data_build_request, data_mark_stale
from opendata.selectors_years import public_years

RETRY_AFTER_SECONDS = 120


@require_safe
def data_home_redirect(request):
    """/data/ (the address in every citation, and the page's address until
    2026) sends visitors to the page in their language: the one they asked
    for with ?lang= (links of that time), else their cookie or browser's.

    302, not 301: the target depends on the visitor, and browsers keep a 301
    for good, so a visitor who changed language would be sent to the old one.
    Django's own redirects to a language prefix are 302 for the same reason.
    """
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = request.LANGUAGE_CODE
    with translation.override(language):
        response = redirect("inventory:data_home")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def data_home(request):
    build = selectors.data_latest_build()
    data_build_request(build)
    language = request.LANGUAGE_CODE
    citation = selectors.build_citation(build) if build else None
    return render(
        request,
        "data/data_home.html",
        {
            "build": build,
            "files": selectors.data_files(build),
            "citation_text": citation.text(language) if citation else "",
            "bibtex": citation.bibtex() if citation else "",
            "license": LICENSE,
            "dictionary": selectors.data_dictionary(language),
            "public_years": public_years(),
        },
    )


def _served_build(request):
    # Read once per request by the ETag, Last-Modified and view functions.
    if not hasattr(request, "_data_build"):
        request._data_build = selectors.data_latest_build()
    return request._data_build


def _file_etag(request, name):
    build = _served_build(request)
    info = build.file(name) if build else None
    return info["sha256"] if info else None


def _file_last_modified(request, name):
    build = _served_build(request)
    return build.finished_at if build and build.file(name) else None


def _not_ready():
    data_build_request(None)
    response = HttpResponse(
        _("The data files are being prepared. Please try again in a few minutes."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _describedby(response):
    response["Link"] = f'<{reverse("data:datapackage")}>; rel="describedby"'


def _accel_redirect(path, download, build):
    """An empty answer that tells nginx to send ``path`` from its internal
    location (DATA_FILES_ACCEL_REDIRECT): the worker is free at once, however
    slow the visitor's connection. The headers set here are kept by nginx."""
    if not path.is_file():
        raise FileNotFoundError(path)
    response = HttpResponse(content_type=download.content_type)
    location = settings.DATA_FILES_ACCEL_REDIRECT.rstrip("/")
    response["X-Accel-Redirect"] = f"{location}/{path.name}"
    response["Content-Disposition"] = content_disposition_header(
        download.attachment, download.filename(build)
    )
    return response


def _revalidated(view):
    """Kept by browsers and proxies, but checked with the server before every
    use: on the answer (200) and on its confirmation (304) alike."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, no_cache=True)
        return response

    return wrapper


@require_safe
@_revalidated
@condition(etag_func=_file_etag, last_modified_func=_file_last_modified)
def data_file(request, name):
    build = _served_build(request)
    if build is not None and build.file(name) is None:
        data_mark_stale()  # a build from before this file was published
    if build is None or build.file(name) is None:
        return _not_ready()
    data_build_request(build)
    download = selectors.DOWNLOADS[name]
    path = data_dir() / name
    try:
        if settings.DATA_FILES_ACCEL_REDIRECT:
            response = _accel_redirect(path, download, build)
        else:
            response = FileResponse(
                path.open("rb"),
                content_type=download.content_type,
                as_attachment=download.attachment,
                filename=download.filename(build),
            )
    except FileNotFoundError:  # e.g. a new server without the files yet
        data_mark_stale()
        return _not_ready()
    if name != "datapackage.json":
        _describedby(response)
    return response


@require_safe
def inventory_filtered_csv(request):
    """The validated records of the rows the inventory list shows for the same
    query string, streamed with the columns of inventory.csv."""
    filterset = MHOPageFilter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("These filters are not valid: %(errors)s")
            % {"errors": filterset.form.errors.as_text()},
            content_type="text/plain; charset=utf-8",
        )
    mhos = filterset.qs  # also sets filterset.year
    records = selectors.records_of_mho_filter(mhos=mhos, year=filterset.year)
    response = StreamingHttpResponse(
        csv_chunks(RECORD_COLUMNS, record_rows(records)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"concertation-inventory-selection-{timezone.localdate()}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    _describedby(response)
    patch_cache_control(response, no_cache=True)
    return response
