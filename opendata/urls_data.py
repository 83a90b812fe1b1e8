"""Open data, not language-prefixed: the files, and /data/ itself, the address
the citations give, which sends visitors to the page in their language
(/fr/data/, /en/data/)."""

from django.urls import path

from .exports.selectors import DOWNLOADS
from .views import data

app_name = "data"

urlpatterns = [
    path("", data.data_home_redirect, name="home"),
    path(
        "inventory-filtered.csv",
        data.inventory_filtered_csv,
        name="inventory_filtered",
    ),
    *(
        path(name, data.data_file, {"name": name}, name=download.url_name)
        for name, download in DOWNLOADS.items()
    ),
]
