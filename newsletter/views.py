"""Pages of the newsletter: archive, issues, news, subscribing and leaving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kernel.downloads import uploaded_file_response
from kernel.http import form_status
from kernel.links import site_base_url
from kernel.pagecache import public_page

from . import selectors, services
from .forms import SubscribeForm, SubscriptionSettingsForm
from .models import Edition, Issue, News
from .models.issues import other_language
from .tokens import InvalidToken

NEWS_PER_PAGE = 20


def _subscribe_form(request, data=None):
    return SubscribeForm(data, initial={"language": request.LANGUAGE_CODE})


@public_page
def archive(request):
    return render(
        request,
        "newsletter/archive.html",
        {
            "years": selectors.issue_archive(language=request.LANGUAGE_CODE),
            "form": _subscribe_form(request),
        },
    )


@public_page
def issue_detail(request, number):
    try:
        issue = selectors.issue_detail(number=number)
    except Issue.DoesNotExist as error:
        raise Http404 from error
    edition = issue.edition_for(request.LANGUAGE_CODE)
    other = other_language(request.LANGUAGE_CODE)
    other_edition = issue.edition_for(other)
    other_url = None
    if edition.language != other and other_edition.language == other:
        with translation.override(other):
            other_url = reverse("newsletter:issue_detail", args=[number])
    return render(
        request,
        "newsletter/issue_detail.html",
        {
            "issue": issue,
            "edition": edition,
            "other_edition": other_edition if other_url else None,
            "other_url": other_url,
            "figures": services.edition_figures(edition=edition),
        },
    )


@require_http_methods(["GET", "HEAD"])
def edition_pdf(request, number, language):
    """The PDF of a published edition, read in the browser."""
    try:
        edition = selectors.edition_with_pdf(number=number, language=language)
    except Edition.DoesNotExist as error:
        raise Http404 from error
    return uploaded_file_response(
        edition.pdf,
        filename=f"concertation-mail-{number}-{language}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = _subscribe_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.subscription_request(
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            flash_news=form.cleaned_data["flash_news"],
            base_url=site_base_url(request),
        )
        status = 503 if outcome is services.SubscribeOutcome.MAIL_FAILED else 200
        return render(
            request,
            "newsletter/subscribe_done.html",
            {"email": form.cleaned_data["email"], "outcome": outcome.value},
            status=status,
        )
    return render(
        request, "newsletter/subscribe.html", {"form": form}, status=form_status(form)
    )


def _invalid_link(request, kind):
    return render(request, "newsletter/link_invalid.html", {"kind": kind}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: a mail scanner that follows links
    must not subscribe anybody."""
    try:
        if request.method == "POST":
            subscription = services.subscription_confirm(token=token)
            return render(
                request,
                "newsletter/confirm_done.html",
                {"subscription": subscription},
            )
        subscription = services.subscription_check_confirm_token(token=token)
    except InvalidToken:
        return _invalid_link(request, "confirm")
    return render(request, "newsletter/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        if request.method == "POST":
            subscription = services.subscription_unsubscribe_by_token(token=token)
            return render(
                request,
                "newsletter/unsubscribe_done.html",
                {"subscription": subscription},
            )
        subscription = services.subscription_check_unsubscribe_token(token=token)
    except InvalidToken:
        return _invalid_link(request, "unsubscribe")
    return render(
        request, "newsletter/unsubscribe.html", {"subscription": subscription}
    )


@login_required
@require_http_methods(["GET", "POST"])
def subscription(request):
    current = services.subscription_for_user(user=request.user)
    initial = {
        "language": current.language if current else request.user.language,
        "flash_news": current.flash_news if current else False,
    }
    form = SubscriptionSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.subscription_save_for_user(
            user=request.user,
            language=form.cleaned_data["language"],
            flash_news=form.cleaned_data["flash_news"],
        )
        messages.success(request, _("Your subscription is saved."))
        return redirect("newsletter:subscription")
    return render(
        request,
        "newsletter/subscription.html",
        {"form": form, "subscription": current},
        status=form_status(form),
    )


@login_required
@require_POST
def subscription_cancel(request):
    current = services.subscription_for_user(user=request.user)
    if current is not None:
        services.subscription_unsubscribe(subscription=current)
    messages.success(request, _("You are unsubscribed: we will send you no more mail."))
    return redirect("newsletter:subscription")


@public_page
def news_list(request):
    page = Paginator(selectors.news_list(), NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/news_list.html", {"page": page})


@public_page
def news_detail(request, slug):
    try:
        news = selectors.news_detail(slug=slug)
    except News.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "newsletter/news_detail.html",
        {"news": news, "language": news.language_or_fallback(request.LANGUAGE_CODE)},
    )
