"""The API's addresses: the open data's, with the records and synthesis lists
that also serve an edition (``?edition=``)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from kernel.pagecache import public_page
from opendata.api import urls as live_urls
from opendata.api import views as live_views

from . import api

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("countries", live_views.CountryViewSet, basename="country")
router.register("mhos", live_views.MHOViewSet, basename="mho")
router.register("records", api.RecordViewSet, basename="record")
router.register("synthesis", api.SynthesisViewSet, basename="synthesis")

for pattern in router.urls:
    pattern.callback = public_page(pattern.callback)

urlpatterns = [
    path("v1/", include(router.urls)),
    *(pattern for pattern in live_urls.urlpatterns if str(pattern.pattern) != "v1/"),
]
