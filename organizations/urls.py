from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("focal-points/", views.focal_point_list, name="focal_point_list"),
    path("organizations/", views.organization_list, name="organization_list"),
    path(
        "organizations/<slug:slug>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path("committees/", views.committee_list, name="committee_list"),
    path("governance/", views.governance, name="governance"),
]
