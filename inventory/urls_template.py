"""The offline Excel template of a yearly record (in the "inventory" namespace)."""

from django.urls import path

from .views import template

urlpatterns = [
    path(
        "my/<str:code>/<int:year>/template.xlsx",
        template.template_download,
        name="template_download",
    ),
    path(
        "my/<str:code>/<int:year>/upload/",
        template.template_upload,
        name="template_upload",
    ),
]
