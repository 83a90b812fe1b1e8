"""The API's addresses: the open data's, with the records and synthesis lists
that also serve an edition (``?edition=``)."""

from opendata.api.urls import api_urlpatterns

from . import api

app_name = "api"

urlpatterns = api_urlpatterns(records=api.RecordViewSet, synthesis=api.SynthesisViewSet)
