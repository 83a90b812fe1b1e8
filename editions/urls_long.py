"""A country over time, beside its synthesis page:
/<lang>/synthesis/<ISO2>/over-time/"""

from django.urls import re_path

from . import views_long

app_name = "long_view"

urlpatterns = [
    re_path(
        r"^synthesis/(?P<iso2>[A-Za-z]{2})/over-time/$",
        views_long.country_over_time,
        name="country",
    ),
]
