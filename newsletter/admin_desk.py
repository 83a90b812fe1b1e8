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
from django.utils.translation import gettext_lazy, ngettext, pgettext

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


class SendPagesMixin(DeskPreviewMixin):
    """A confirmation page with the figures before sending, then the page that
    follows the sending; both under the object's own admin URL."""

    send_template = "admin/newsletter/desk_send.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/send/", view(self.send_view), name=self._desk_url_name("send")
            ),
            path(
                "<int:pk>/dispatches/",
                view(self.dispatches_view),
                name=self._desk_url_name("dispatches"),
            ),
            *super().get_urls(),
        ]

    def _object_or_403(self, request, pk, *, change: bool):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

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
        obj = self._object_or_403(request, pk, change=True)
        if request.method == "POST":
            try:
                self.desk_send(request, obj)
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(
                reverse(f"admin:{self._desk_url_name('dispatches')}", args=[obj.pk])
            )
        plan = self.desk_send_plan(obj)
        return self._page(
            request,
            self.send_template,
            _("Send “%(object)s” to the subscribers") % {"object": obj},
            original=obj,
            plan=plan,
            total=sum(row["recipients"] for row in plan),
            **self.desk_send_context(obj),
        )

    def dispatches_view(self, request, pk):
        obj = self._object_or_403(request, pk, change=False)
        dispatches = self.desk_dispatches(obj)
        return self._page(
            request,
            "admin/newsletter/desk_dispatches.html",
            _("Sending of “%(object)s”") % {"object": obj},
            original=obj,
            dispatches=dispatches,
            running=any(d.finished_at is None for d in dispatches),
        )


class IssueDeskMixin(SendPagesMixin):
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

    def desk_send_plan(self, issue):
        return selectors.issue_dispatch_plan(issue=issue)

    def desk_send_context(self, issue):
        return {
            "ready": issue.is_published,
            "not_ready": _(
                "Publish the issue before sending it: its web page must exist "
                "when the mail arrives."
            ),
            "confirm_label": _("Yes, send it"),
        }

    def desk_send(self, request, issue):
        services.issue_dispatch(issue=issue, user=request.user)

    def desk_dispatches(self, issue):
        return selectors.dispatch_progress(issue=issue)

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
    figures = services.edition_figures(edition=edition)
    mail = issue_mail_render(
        issue=issue,
        edition=edition,
        language=language,
        unsubscribe="#",
        figures=figures,
    )
    with translation.override(language):
        page = render_to_string(
            "newsletter/issue_detail.html",
            {"issue": issue, "edition": edition, "other_url": None, "figures": figures},
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
    return pgettext("news item", "Published.")


def _news_unpublish(request, news):
    services.news_unpublish(news=news)
    return _("The news item is no longer on the site.")


class NewsDeskMixin(SendPagesMixin):
    desk_actions = [
        DeskAction(
            "publish",
            gettext_lazy("Publish"),
            _news_publish,
            shown=lambda news: news.published_at is None and not news.is_flash,
        ),
        # Publishing flash news mails it: the figures are confirmed first.
        DeskAction(
            "send",
            gettext_lazy("Publish and send"),
            shown=lambda news: news.published_at is None and news.is_flash,
            url_name="newsletter_news_send",
        ),
        DeskAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            _news_unpublish,
            shown=lambda news: news.published_at is not None,
        ),
        DeskAction(
            "dispatches",
            gettext_lazy("Sending progress"),
            shown=lambda news: news.is_flash,
            url_name="newsletter_news_dispatches",
        ),
    ]

    def desk_send_plan(self, news):
        return selectors.news_dispatch_plan(news=news)

    def desk_send_context(self, news):
        return {
            "ready": news.is_flash,
            "not_ready": _("Only flash news is mailed; publish this item instead."),
            "confirm_label": _("Yes, publish and send it"),
            "publish_anyway": True,  # even when nobody asked for flash news
        }

    def desk_send(self, request, news):
        if not news.is_flash:
            raise ValueError(_("Only flash news is mailed; publish this item instead."))
        services.news_publish(news=news, user=request.user)

    def desk_dispatches(self, news):
        return selectors.dispatch_progress(news=news)

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
        return self._page(
            request,
            "admin/desk_preview.html",
            _("Preview of %(news)s") % {"news": news},
            previews=previews,
            errors=errors,
        )
