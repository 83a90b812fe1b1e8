"""The edition pages (/<lang>/data/editions/…), their files at stable
addresses (/data/editions/<identifier>/<file>) and their citations.

An edition's files never change, so they are served for good: browsers and
proxies may keep them a year without asking again (``immutable``), with the
file's SHA-256 as ETag."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_POST, require_safe

from . import selectors, services
from .citation import EditionCitation
from .files import DATAPACKAGE, FILE_NAMES, edition_dir
from .forms import WithdrawForm
from .models import ChangeKind

YEAR_SECONDS = 365 * 24 * 3600
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _language_redirect(request, name, **kwargs):
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = request.LANGUAGE_CODE
    with translation.override(language):
        response = redirect(name, **kwargs)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def index_redirect(request):
    return _language_redirect(request, "editions:index")


@require_safe
def detail_redirect(request, identifier):
    selectors.edition_get(identifier=identifier)
    return _language_redirect(request, "editions:detail", identifier=identifier)


def _file_etag(request, identifier, name):
    edition = selectors.edition_get(identifier=identifier)
    request._edition = edition
    info = edition.file(name)
    return info["sha256"] if info else None


@require_safe
@condition(etag_func=_file_etag)
def edition_file(request, identifier, name):
    edition = getattr(request, "_edition", None) or selectors.edition_get(
        identifier=identifier
    )
    if name not in FILE_NAMES or edition.file(name) is None:
        raise Http404(name)
    content_type = CONTENT_TYPES[name.rsplit(".", 1)[1]]
    stem, extension = name.rsplit(".", 1)
    filename = f"concertation-{stem}-{edition.identifier}.{extension}"
    attachment = name != DATAPACKAGE
    path = edition_dir(edition.identifier) / name
    if settings.DATA_FILES_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        location = settings.DATA_FILES_ACCEL_REDIRECT.rstrip("/")
        response["X-Accel-Redirect"] = (
            f"{location}/editions/{edition.identifier}/{name}"
        )
        response["Content-Disposition"] = content_disposition_header(
            attachment, filename
        )
    else:
        try:
            stream = path.open("rb")
        except FileNotFoundError as error:
            raise Http404(name) from error
        response = FileResponse(
            stream,
            content_type=content_type,
            as_attachment=attachment,
            filename=filename,
        )
    patch_cache_control(response, public=True, max_age=YEAR_SECONDS, immutable=True)
    return response


@require_safe
def index(request):
    editions = list(selectors.edition_list())
    for edition in editions:  # the files are in the edition's row: no query
        edition.file_list = selectors.edition_files(edition=edition)
    return render(
        request,
        "editions/edition_list.html",
        {"editions": editions, "latest": selectors.edition_latest()},
    )


@require_safe
def detail(request, identifier):
    edition = selectors.edition_get(identifier=identifier)
    citation = EditionCitation(edition)
    language = request.LANGUAGE_CODE
    return render(
        request,
        "editions/edition_detail.html",
        {
            "edition": edition,
            "files": selectors.edition_files(edition=edition),
            "counts": selectors.edition_change_counts(edition=edition),
            "citation_text": citation.text(language),
            "bibtex": citation.bibtex(language),
            "ris": citation.ris(language),
            "address": citation.address,
            "can_withdraw": services.can_withdraw(request.user),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_safe
def changes(request, identifier):
    edition = selectors.edition_get(identifier=identifier)
    kind = request.GET.get("kind", "")
    if kind and kind not in ChangeKind.values:
        kind = ""
    page = selectors.edition_changes_page(
        edition=edition, kind=kind, number=request.GET.get("page")
    )
    return render(
        request,
        "editions/edition_changes.html",
        {
            "edition": edition,
            "counts": selectors.edition_change_counts(edition=edition),
            "page": page,
            "kind": kind,
            "query": f"kind={kind}" if kind else "",
        },
    )


CITATION_FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", "bibtex"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}


@require_safe
def citation(request, identifier, extension):
    edition = selectors.edition_get(identifier=identifier)
    cite = EditionCitation(edition)
    language = request.LANGUAGE_CODE
    if extension == "csl.json":
        response = JsonResponse([cite.csl(language)], safe=False)
    elif extension == "datacite.json":
        response = JsonResponse(cite.datacite(), json_dumps_params={"indent": 2})
    else:
        content_type, method = CITATION_FORMATS[extension]
        response = HttpResponse(
            getattr(cite, method)(language), content_type=content_type
        )
    filename = f"concertation-inventory-{edition.identifier}.{extension}"
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@require_POST
def withdraw(request, identifier):
    edition = selectors.edition_get(identifier=identifier)
    if not services.can_withdraw(request.user):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.edition_withdraw(
                edition=edition, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The edition is withdrawn."))
    else:
        messages.error(request, _("Say why the edition is withdrawn."))
    return redirect("editions:detail", identifier=edition.identifier)
