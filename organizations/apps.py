from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Network directory")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    page_cache_models = (
        "Country",
        "Organization",
        "FocalPoint",
        "NationalCommittee",
        "GovernanceRole",
    )
