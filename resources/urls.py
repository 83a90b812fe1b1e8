from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("resources/", views.resource_list, name="resource_list"),
    # Before the slug pattern: "propose" is a reserved slug.
    path("resources/propose/", views.resource_propose, name="resource_propose"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource_detail"),
    path(
        "resources/<slug:slug>/download/",
        views.resource_download,
        name="resource_download",
    ),
]
