from django.urls import re_path

from . import views

app_name = "outreach"

urlpatterns = [
    re_path(
        r"^synthesis/(?P<iso2>[A-Za-z]{2})/fact-sheet\.pdf$",
        views.country_fact_sheet,
        name="country_fact_sheet",
    ),
    re_path(
        r"^inventory/(?P<code>[A-Z]{2}-[0-9]{4,6})/fact-sheet\.pdf$",
        views.mho_fact_sheet,
        name="mho_fact_sheet",
    ),
]
