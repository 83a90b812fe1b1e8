"""What the newsletter mails look like: rendering and building the messages.

Mail is read outside the site, so every link is absolute (settings.SITE_URL)
and in the recipient's language. Newsletter and flash mails carry a signed
one-click unsubscribe link in their body and in the List-Unsubscribe headers
(RFC 2369, RFC 8058).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Edition, Issue, News
from ..titles import edition_subject
from ..tokens import unsubscribe_token_make
from .figures import edition_figures

_COMPUTE = object()


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def site_url(path: str, *, base_url: str | None = None) -> str:
    """``path`` on the site: under ``base_url`` when the mail is sent while
    answering a request (kernel.links), else under SITE_URL."""
    return (base_url or settings.SITE_URL).rstrip("/") + path


def localized_url(
    name: str, *, language: str, args=(), base_url: str | None = None
) -> str:
    with translation.override(language):
        return site_url(reverse(name, args=args), base_url=base_url)


def unsubscribe_url(*, subscription) -> str:
    token = unsubscribe_token_make(subscription=subscription)
    return localized_url(
        "newsletter:unsubscribe", language=subscription.language, args=[token]
    )


def from_email() -> str:
    return settings.NEWSLETTER_FROM_EMAIL


def message_id(*, kind: str, delivery_id: int) -> str:
    """One Message-ID per delivery: a copy sent again after an interrupted
    attempt carries the same id, so mail systems can recognise it."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{kind}.delivery-{delivery_id}@{domain}>"


def _render(template: str, context: dict, *, language: str) -> tuple[str, str]:
    with translation.override(language):
        html = render_to_string(f"newsletter/email/{template}.html", context)
        text = render_to_string(f"newsletter/email/{template}.txt", context)
    return text, html


def issue_mail_render(
    *,
    issue: Issue,
    edition: Edition,
    language: str,
    unsubscribe: str,
    figures=_COMPUTE,
) -> RenderedMail:
    """The mail of one edition; ``language`` is the recipient's (the edition
    may be the other one when the issue has no edition in theirs). A dispatch
    passes the edition's ``figures`` block, read once for all its mails."""
    if figures is _COMPUTE:
        figures = edition_figures(edition=edition)
    with translation.override(language):
        subject = edition_subject(number=issue.number, title=edition.title)
        web_url = site_url(reverse("newsletter:issue_detail", args=[issue.number]))
        manage_url = site_url(reverse("newsletter:subscription"))
        pdf_url = site_url(edition.pdf_url) if edition.pdf else ""
    context = {
        "issue": issue,
        "edition": edition,
        "language": language,
        "web_url": web_url,
        "pdf_url": pdf_url,
        "unsubscribe_url": unsubscribe,
        "manage_url": manage_url,
        "figures": figures,
    }
    text, html = _render("issue", context, language=language)
    return RenderedMail(subject=" ".join(subject.split()), text=text, html=html)


def news_mail_render(*, news: News, language: str, unsubscribe: str) -> RenderedMail:
    with translation.override(language):
        title = news.title_in(language)
        subject = _("Flash news: %(title)s") % {"title": title}
        web_url = site_url(reverse("newsletter:news_detail", args=[news.slug]))
        manage_url = site_url(reverse("newsletter:subscription"))
    context = {
        "news": news,
        "title": title,
        "body_html": news.body_html_in(language),
        "body_text": getattr(news, f"body_{news.language_or_fallback(language)}"),
        "language": language,
        "web_url": web_url,
        "unsubscribe_url": unsubscribe,
        "manage_url": manage_url,
    }
    text, html = _render("news", context, language=language)
    return RenderedMail(subject=" ".join(subject.split()), text=text, html=html)


def mail_build(
    *,
    rendered: RenderedMail,
    to: str,
    unsubscribe: str,
    one_click: bool = True,
    message_id_value: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"}
    if one_click:
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id_value:
        headers["Message-ID"] = message_id_value
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=from_email(),
        to=[to],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
