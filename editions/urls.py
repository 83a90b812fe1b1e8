"""The edition pages, under the language prefix: /<lang>/data/editions/…"""

from django.urls import path, re_path

from . import views
from .feeds import EditionFeed

app_name = "editions"
IDENTIFIER = r"(?P<identifier>[0-9]{4}\.[0-9]{1,3})"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", EditionFeed(), name="feed"),
    re_path(rf"^{IDENTIFIER}/$", views.detail, name="detail"),
    re_path(rf"^{IDENTIFIER}/changes/$", views.changes, name="changes"),
    re_path(rf"^{IDENTIFIER}/withdraw/$", views.withdraw, name="withdraw"),
    re_path(
        rf"^{IDENTIFIER}/citation\.(?P<extension>bib|ris|csl\.json|datacite\.json)$",
        views.citation,
        name="citation",
    ),
]
