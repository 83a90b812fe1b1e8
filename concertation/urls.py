from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inventory.urls import urlpatterns as inventory_patterns
from opendata.urls import urlpatterns as opendata_patterns

from . import views

account_patterns = [
    path("register/", views.register, name="register"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("data/editions/", include("editions.urls_files")),
    path("data/", include("opendata.urls_data")),
    # The open data's API, whose lists also serve the editions (?edition=).
    path("api/", include("editions.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("account/", include(account_patterns)),
    path("", include("organizations.urls")),
    path("data/editions/", include("editions.urls")),
    # One namespace for the inventory's pages and the synthesis and open-data
    # pages, as before the open data had an app of its own.
    path("", include(([*inventory_patterns, *opendata_patterns], "inventory"))),
    # A country's synthesis over time, with the edition of each year.
    path("", include("editions.urls_long")),
    path("", include("outreach.urls")),
    path("", include("newsletter.urls")),
    path("", include("forum.urls")),
    path("", include("resources.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "kernel.errors.bad_request"
handler403 = "kernel.errors.permission_denied"
handler404 = "kernel.errors.page_not_found"
handler500 = "kernel.errors.server_error"
