"""The read-only JSON API (Django REST framework), its OpenAPI schema and its
documentation page, all served by the portal itself (no outside CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from kernel.pagecache import public_page

from . import views

app_name = "api"


def api_urlpatterns(
    *,
    countries=views.CountryViewSet,
    mhos=views.MHOViewSet,
    records=views.RecordViewSet,
    synthesis=views.SynthesisViewSet,
) -> list:
    """The API's addresses; another app may serve them with views of its own
    (the editions, for ``?edition=``)."""
    router = DefaultRouter()
    router.include_format_suffixes = False
    router.register("countries", countries, basename="country")
    router.register("mhos", mhos, basename="mho")
    router.register("records", records, basename="record")
    router.register("synthesis", synthesis, basename="synthesis")
    # Every API answer is public: the shared page cache serves repeated requests.
    for pattern in router.urls:
        pattern.callback = public_page(pattern.callback)
    return [
        path("v1/", include(router.urls)),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        # The split view serves Swagger UI's start-up script as a file of its
        # own (docs/?script=), so the page runs under a policy without inline
        # script.
        path(
            "docs/",
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="inventory/api_docs.html"
            ),
            name="docs",
        ),
    ]


urlpatterns = api_urlpatterns()
