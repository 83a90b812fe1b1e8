"""Site-wide pages: home, about, health check and the account pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from inventory.permissions import is_reviewer
from inventory.selectors_manage import manages_some_mho
from kernel.http import form_status
from kernel.links import site_base_url
from kernel.pagecache import public_page
from opendata.frozen import figures_source, figures_source_context

from . import services
from .forms import LoginForm, ProfileForm, RegistrationForm
from .selectors import home_content


@public_page
def home(request):
    frozen = figures_source(request)
    content = home_content(
        language=request.LANGUAGE_CODE[:2],
        map_figure=request.GET.get("map"),
        frozen=frozen,
    )
    content.update(figures_source_context(request, frozen))
    return render(request, "home.html", content)


@public_page
def about(request):
    return render(request, "about.html")


@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness: 200 when the database and the cache answer."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except Exception as error:  # any driver error means "not ready"
        status["database"] = f"error: {error.__class__.__name__}"
    try:
        cache.set("healthz", "ok", 10)
        status["cache"] = (
            "ok" if cache.get("healthz") == "ok" else "error: no read-back"
        )
    except Exception as error:
        status["cache"] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status},
        status=200 if healthy else 503,
    )


def register(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = RegistrationForm(
        request.POST or None, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        services.user_register(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            base_url=site_base_url(request),
        )
        return render(
            request,
            "registration/register_done.html",
            {"email": form.cleaned_data["email"]},
        )
    return render(
        request, "registration/register.html", {"form": form}, status=form_status(form)
    )


def verify_email(request, token):
    try:
        services.user_verify_email(token=token)
    except services.VerificationError:
        return render(request, "registration/verify_invalid.html", status=400)
    messages.success(
        request, _("Your e-mail address is confirmed. You may now log in.")
    )
    return redirect("login")


@login_required
def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("account")
    return render(
        request, "registration/account.html", {"form": form}, status=form_status(form)
    )


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff start from what waits for them: the desk is the admin's index.
        user = self.request.user
        if user.is_staff:
            return reverse("admin:index")
        # Managers start from their mutuals; focal points from their account,
        # whose menu leads to the review queue.
        if not is_reviewer(user) and manages_some_mho(user=user):
            return reverse("inventory:my_mutuals")
        return super().get_default_redirect_url()

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = login_refusal_status(form)
        return response


def login_refusal_status(form) -> int:
    """400 when what was sent is malformed (an address too long, a field
    missing); a wrong password, or a demonstration account on a production
    site, is an answer to a well-formed request: 200."""
    malformed = any(
        error.code != "demo_account"
        for name, errors in form.errors.as_data().items()
        if name != NON_FIELD_ERRORS
        for error in errors
    )
    return 400 if malformed else 200


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever opened the link from the mailbox owns the account: the
        # failures that locked it out are forgotten with the old password.
        services.login_lockout_lift(user=form.user)
        return response
