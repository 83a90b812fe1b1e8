"""Open data, not language-prefixed: /data/ and the files it offers."""

from django.urls import path

from .exports.selectors import DOWNLOADS
from .views import data

app_name = "data"

urlpatterns = [
    path("", data.data_home, name="home"),
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
