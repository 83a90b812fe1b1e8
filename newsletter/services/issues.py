"""Staff checks before a dispatch: preview an edition's mail, send a test."""

from django.utils.translation import gettext as _

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


def issue_publish(*, issue: Issue) -> Issue:
    """Show ``issue`` in the public archive (mailing it is a separate step)."""
    if not issue.editions.exists():
        raise ValueError(_("Write at least one edition before publishing."))
    Issue.objects.filter(pk=issue.pk).update(is_published=True)
    issue.is_published = True
    return issue


def issue_unpublish(*, issue: Issue) -> Issue:
    Issue.objects.filter(pk=issue.pk).update(is_published=False)
    issue.is_published = False
    return issue


def issue_send_tests(*, issue: Issue, user) -> int:
    """A test of each edition to ``user``; how many were sent."""
    languages = list(issue.editions.values_list("language", flat=True))
    for language in languages:
        issue_send_test(issue=issue, language=language, user=user)
    return len(languages)
