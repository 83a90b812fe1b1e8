"""The synthesis pages and the open-data page, in the visitor's language. They
keep the "inventory" namespace they had before the open data had an app of
its own: the site's URL configuration includes them with the inventory's."""

from django.urls import path, re_path

from .views import data, synthesis

urlpatterns = [
    path("synthesis/", synthesis.synthesis_list, name="synthesis_list"),
    # Lowercase codes are accepted and redirected to the uppercase page.
    re_path(
        r"^synthesis/(?P<iso2>[A-Za-z]{2})/$",
        synthesis.synthesis_country,
        name="synthesis_country",
    ),
    # The open-data page; its files stay under /data/ without a prefix
    # (opendata/urls_data.py).
    path("data/", data.data_home, name="data_home"),
]
