"""The administration site: Django's, refusing searches no name needs.

The admin searches each word of its search box in several columns with
``icontains``. SQLite refuses a pattern past 50,000 bytes (a server error) and
a long run of words makes a query as long; no name, code or address is longer
than ``ADMIN_SEARCH_MAX_LENGTH``. Every model admin goes through this site's
``admin_view``, the apps' own and those of the libraries (accounts, login
attempts, groups), and so does the autocomplete of related fields.
"""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import SEARCH_VAR
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from .admin_phrases import phrases_apply

ADMIN_SEARCH_MAX_LENGTH = 200


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the portal's site as ``admin.site``."""

    default_site = "concertation.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()  # registers every app's model admins
        phrases_apply(admin.site)


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def bounded(request, *args, **kwargs):
            refused = _overlong_search(request)
            if refused is not None:
                return refused
            return inner(request, *args, **kwargs)

        return bounded


def _overlong_search(request):
    message = _("A search holds at most %(limit)s characters.") % {
        "limit": ADMIN_SEARCH_MAX_LENGTH
    }
    if len(request.GET.get("term", "")) > ADMIN_SEARCH_MAX_LENGTH:
        return HttpResponseBadRequest(message)  # the autocomplete's request
    if len(request.GET.get(SEARCH_VAR, "")) > ADMIN_SEARCH_MAX_LENGTH:
        # The list again without the search, and why, as the admin reports
        # its other refusals.
        query = request.GET.copy()
        del query[SEARCH_VAR]
        messages.error(request, message)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    return None
