"""The secretariat's buttons on an issue's and a news item's own page: publish,
unpublish, test, send (after a confirmation page with the figures), follow
the sending, and preview what is being written without saving it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kernel.admin_desk import DeskAction, DeskPreviewMixin

from . import selectors, services
from .models import Language
from .services.mail import issue_mail_render


def _issue_send_tests(request, issue):
    count = services.issue_send_tests(issue=issue, user=request.user)
    return ngettext(
        "%(count)d test mail sent to %(email)s.",
        "%(count)d test mails sent to %(email)s.",
        count,
    ) % {"count": count, "email": request.user.email}


def _issue_publish(request, issue):
    services.issue_publish(issue=issue)
    return _("The issue is in the public archive. Sending it is the next step.")


def _issue_unpublish(request, issue):
    services.issue_unpublish(issue=issue)
    return _("The issue is no longer in the public archive.")


class IssueDeskMixin(DeskPreviewMixin):
    desk_actions = [
        DeskAction(
            "publish",
            gettext_lazy("Publish"),
            _issue_publish,
            shown=lambda issue: not issue.is_published,
        ),
        DeskAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            _issue_unpublish,
            shown=lambda issue: issue.is_published,
        ),
        DeskAction("send-test", gettext_lazy("Send a test to me"), _issue_send_tests),
        DeskAction(
            "send",
            gettext_lazy("Send to subscribers"),
            shown=lambda issue: issue.is_published,
            url_name="newsletter_issue_send",
        ),
        DeskAction(
            "dispatches",
            gettext_lazy("Sending progress"),
            url_name="newsletter_issue_dispatches",
        ),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/send/", view(self.send_view), name="newsletter_issue_send"),
            path(
                "<int:pk>/dispatches/",
                view(self.dispatches_view),
                name="newsletter_issue_dispatches",
            ),
            *super().get_urls(),
        ]

    def _issue_or_404(self, request, pk, *, change: bool):
        issue = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = (
            self.has_change_permission(request, issue)
            if change
            else self.has_view_permission(request, issue)
        )
        if not allowed:
            raise PermissionDenied
        return issue

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    def send_view(self, request, pk):
        """Confirm, with the figures, then send; GET only shows the page."""
        issue = self._issue_or_404(request, pk, change=True)
        if request.method == "POST":
            try:
                services.issue_dispatch(issue=issue, user=request.user)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(
                reverse("admin:newsletter_issue_dispatches", args=[issue.pk])
            )
        plan = selectors.issue_dispatch_plan(issue=issue)
        return self._page(
            request,
            "admin/newsletter/issue_send.html",
            _("Send %(issue)s to the subscribers") % {"issue": issue},
            original=issue,
            plan=plan,
            total=sum(row["recipients"] for row in plan),
        )

    def dispatches_view(self, request, pk):
        issue = self._issue_or_404(request, pk, change=False)
        dispatches = selectors.issue_dispatch_progress(issue=issue)
        return self._page(
            request,
            "admin/newsletter/issue_dispatches.html",
            _("Sending of %(issue)s") % {"issue": issue},
            original=issue,
            dispatches=dispatches,
            running=any(d.finished_at is None for d in dispatches),
        )

    def render_desk_preview(self, request, issue, related, errors):
        editions = sorted(related.get("editions", []), key=lambda e: e.language)
        previews = []
        for edition in editions:
            edition.issue = issue
            previews.append(_edition_preview(request, issue, edition))
        return self._page(
            request,
            "admin/desk_preview.html",
            _("Preview of %(issue)s") % {"issue": issue},
            previews=previews,
            errors=errors,
        )


def _edition_preview(request, issue, edition) -> dict:
    """The mail and the web page of an unsaved edition, as they will be."""
    language = edition.language or Language.FRENCH
    if issue.number is None:
        issue.number = 0  # the form says the number is missing
    mail = issue_mail_render(
        issue=issue, edition=edition, language=language, unsubscribe="#"
    )
    with translation.override(language):
        page = render_to_string(
            "newsletter/issue_detail.html",
            {"issue": issue, "edition": edition, "other_url": None},
            request=request,
        )
    return {
        "label": Language(language).label if language in Language.values else "",
        "subject": mail.subject,
        "mail_html": mail.html,
        "mail_text": mail.text,
        "page_html": page,
    }


def _news_publish(request, news):
    services.news_publish(news=news, user=request.user)
    if news.is_flash:
        return _("Published, and mailed to the readers who asked for flash news.")
    return _("Published.")


def _news_unpublish(request, news):
    services.news_unpublish(news=news)
    return _("The news item is no longer on the site.")


class NewsDeskMixin(DeskPreviewMixin):
    desk_actions = [
        DeskAction(
            "publish",
            gettext_lazy("Publish"),
            _news_publish,
            shown=lambda news: news.published_at is None,
        ),
        DeskAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            _news_unpublish,
            shown=lambda news: news.published_at is not None,
        ),
    ]

    def render_desk_preview(self, request, news, related, errors):
        previews = []
        for language, label in Language.choices:
            if not getattr(news, f"title_{language}"):
                continue
            with translation.override(language):
                page = render_to_string(
                    "newsletter/news_detail.html",
                    {"news": news, "language": language},
                    request=request,
                )
            previews.append({"label": label, "page_html": page})
        return TemplateResponse(
            request,
            "admin/desk_preview.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Preview of %(news)s") % {"news": news},
                "previews": previews,
                "errors": errors,
            },
        )
