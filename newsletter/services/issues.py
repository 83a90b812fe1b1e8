"""Staff checks before a dispatch: preview an edition's mail, send a test."""

from ..models import Issue
from .mail import RenderedMail, issue_mail_render, localized_url, mail_build


class NoEdition(Exception):
    """The issue has no edition to show."""


def _render(*, issue: Issue, language: str) -> tuple[RenderedMail, str]:
    edition = issue.edition_for(language)
    if edition is None:
        raise NoEdition(f"{issue} has no edition")
    # A preview has no subscriber: its unsubscribe link opens the page where
    # a logged-in reader manages their subscription.
    manage = localized_url("newsletter:subscription", language=language)
    rendered = issue_mail_render(
        issue=issue, edition=edition, language=language, unsubscribe=manage
    )
    return rendered, manage


def issue_preview(*, issue: Issue, language: str) -> RenderedMail:
    """The mail subscribers of ``language`` will receive (HTML and text)."""
    return _render(issue=issue, language=language)[0]


def issue_send_test(*, issue: Issue, language: str, user) -> None:
    """Send the edition to ``user`` only, marked as a test."""
    rendered, manage = _render(issue=issue, language=language)
    test = RenderedMail(
        subject=f"[TEST] {rendered.subject}", text=rendered.text, html=rendered.html
    )
    mail_build(rendered=test, to=user.email, unsubscribe=manage, one_click=False).send()
