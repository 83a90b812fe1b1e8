"""The API's addresses: the open data's, each of which also serves an edition
(``?edition=``)."""

from opendata.api.urls import api_urlpatterns

from . import api

app_name = "api"

urlpatterns = api_urlpatterns(
    countries=api.CountryViewSet,
    mhos=api.MHOViewSet,
    records=api.RecordViewSet,
    synthesis=api.SynthesisViewSet,
)
