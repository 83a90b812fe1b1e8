"""The administration site: the secretariat's desk, branded for the portal.

Its index is the staff start page (``concertation/selectors_desk.py``; the
buttons on each object's page are ``kernel/admin_desk.py``); the technical
models (login throttling, groups, per-recipient deliveries, reminder logs)
are for superusers only, whatever permissions a group holds.

It also refuses searches no name needs.

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
from django.utils.translation import gettext_lazy

# Models whose admin only superusers see: what they hold is for whoever runs
# the site, not for the secretariat's daily work.
SUPERUSER_ONLY_MODELS = {
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "newsletter.delivery",
    "inventory.campaignreminder",
}
# Deleting stays with the group's permission: deleting a subscriber must still
# take their deliveries along (the admin refuses a deletion that would remove
# related rows the account may not delete).
_PERMISSION_METHODS = [
    "has_module_permission",
    "has_view_permission",
    "has_add_permission",
    "has_change_permission",
]

ADMIN_SEARCH_MAX_LENGTH = 200


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin, with the portal's site as ``admin.site``."""

    default_site = "concertation.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()  # registers every app's model admins
        for model, model_admin in admin.site._registry.items():
            if model._meta.label_lower in SUPERUSER_ONLY_MODELS:
                _restrict_to_superusers(model_admin)


def _restrict_to_superusers(model_admin):
    for name in _PERMISSION_METHODS:
        allowed = getattr(model_admin, name)

        def superuser_and(request, *args, _allowed=allowed, **kwargs):
            return request.user.is_superuser and _allowed(request, *args, **kwargs)

        setattr(model_admin, name, superuser_and)


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Concertation — secretariat's desk")
    site_title = gettext_lazy("Concertation — secretariat's desk")
    index_title = gettext_lazy("What waits for you")
    index_template = "admin/desk_index.html"

    def index(self, request, extra_context=None):
        from .selectors_desk import desk_summary

        desk = desk_summary(user=request.user)
        extra_context = {**(extra_context or {}), "desk": desk}
        return super().index(request, extra_context)

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
