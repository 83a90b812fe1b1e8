"""The fact sheets: PDF files rendered once per data version (services.py)
and served from storage."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from inventory.models import MutualHealthOrganization
from organizations.models import Country

from . import services


def _pdf(path: str, filename: str) -> FileResponse:
    response = FileResponse(
        default_storage.open(path),
        content_type="application/pdf",
        as_attachment=False,  # browsers open it
        filename=filename,
    )
    # The address stays while the figures change: kept a few minutes at most.
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_safe
def country_fact_sheet(request, iso2):
    if iso2 != iso2.upper():
        return redirect("outreach:country_fact_sheet", iso2=iso2.upper())
    language = request.LANGUAGE_CODE
    try:
        path = services.country_fact_sheet(iso2=iso2, language=language)
    except Country.DoesNotExist as error:
        raise Http404 from error
    return _pdf(path, f"concertation-{iso2}-{language}.pdf")


@require_safe
def mho_fact_sheet(request, code):
    language = request.LANGUAGE_CODE
    try:
        path = services.mho_fact_sheet(code=code, language=language)
    except MutualHealthOrganization.DoesNotExist as error:
        raise Http404 from error
    return _pdf(path, f"concertation-{code}-{language}.pdf")
