from django.urls import include, path, re_path

from .views import manage, review

app_name = "inventory"

urlpatterns = [
    path("", include("inventory.urls_public")),
    path("", include("inventory.urls_template")),
    path("my/", manage.my_mutuals, name="my_mutuals"),
    path("my/register/", manage.mho_register, name="mho_register"),
    path("my/request/", manage.management_request, name="management_request"),
    path("my/delegation/", manage.delegation_request, name="delegation_request"),
    path("my/<str:code>/<int:year>/", manage.record_edit, name="record_edit"),
    path("records/<int:pk>/", manage.record_detail, name="record_detail"),
    path("records/<int:pk>/history/", manage.record_history, name="record_history"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/records/<int:pk>/", review.record_review, name="record_review"),
    path(
        "review/managements/<int:pk>/",
        review.management_decide,
        name="management_decide",
    ),
    path("review/mhos/<str:code>/", review.mho_decide, name="mho_decide"),
    re_path(
        r"^review/dashboard/(?P<iso2>[A-Z]{2})/$",
        review.country_dashboard,
        name="country_dashboard",
    ),
    re_path(
        r"^review/dashboard/(?P<iso2>[A-Z]{2})/remind/$",
        review.country_remind,
        name="country_remind",
    ),
]
