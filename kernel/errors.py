"""Error answers: the site's HTML pages, and JSON under /api/, as the API's
OpenAPI schema documents them (``{"detail": "..."}``)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        return _json(_("The request is malformed."), 400)
    return defaults.bad_request(request, exception)


def _way_back(request) -> str:
    """The page the visitor came from, when it is one of the site's."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def permission_denied(request, exception):
    if _is_api(request):
        return _json(_("You may not do this."), 403)
    # The portal's refusals say why in the visitor's language (their
    # ``message``); others say nothing of their internals.
    reason = getattr(exception, "message", "") if exception else ""
    context = {
        "reason": reason if isinstance(reason, str) else "",
        "back": _way_back(request),
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    if _is_api(request):
        message = _("Nothing is at this address: the API's operations are at %(docs)s.")
        return _json(message % {"docs": "/api/docs/"}, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json(_("The server failed to answer: try again later."), 500)
    return defaults.server_error(request)
