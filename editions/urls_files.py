"""The stable addresses of the editions, not language-prefixed: the index,
each edition (the address its citations give) and each of its files."""

from django.urls import path, re_path

from . import views
from .files import FILE_NAMES
from .urls import IDENTIFIER

app_name = "edition_files"
NAMES = "|".join(name.replace(".", r"\.") for name in FILE_NAMES)

urlpatterns = [
    path("", views.index_redirect, name="index"),
    re_path(rf"^{IDENTIFIER}/$", views.detail_redirect, name="detail"),
    re_path(rf"^{IDENTIFIER}/(?P<name>{NAMES})$", views.edition_file, name="file"),
]
