"""Reads of the newsletter app, each in a fixed number of queries."""

from itertools import groupby

from django.db.models import Prefetch

from .models import Dispatch, Edition, Issue, Language, News, Subscription

FEED_LENGTH = 20


def _published_issues():
    return Issue.objects.published().prefetch_related(
        Prefetch("editions", queryset=Edition.objects.order_by("language"))
    )


def issue_archive(*, language: str) -> list[tuple[int, list[tuple[Issue, Edition]]]]:
    """Published issues grouped by year, newest first, each with the edition
    in ``language`` (or the other one when it has none)."""
    issues = [
        (issue, issue.edition_for(language))
        for issue in _published_issues().order_by("-date", "-number")
    ]
    return [
        (year, list(rows))
        for year, rows in groupby(issues, key=lambda row: row[0].date.year)
    ]


def issue_detail(*, number: int) -> Issue:
    return _published_issues().get(number=number)


def edition_with_pdf(*, number: int, language: str) -> Edition:
    return Edition.objects.select_related("issue").get(
        issue__in=Issue.objects.published(),
        issue__number=number,
        language=language,
        pdf__gt="",
    )


def news_list():
    return News.objects.published().order_by("-published_at", "-pk")


def news_detail(*, slug: str) -> News:
    return News.objects.published().get(slug=slug)


def news_feed(*, language: str) -> list[News]:
    return list(news_list().in_language(language)[:FEED_LENGTH])


def issue_dispatch_plan(*, issue: Issue) -> list[dict]:
    """Before sending: per language, who will receive the issue (active
    subscribers not sent it yet), who already has, and the subject line as
    their mail will show it. Two queries per language, one for the editions."""
    from .services.mail import issue_mail_render

    issue = Issue.objects.prefetch_related("editions").get(pk=issue.pk)
    plan = []
    for language, label in Language.choices:
        edition = issue.edition_for(language)
        done = Dispatch.objects.filter(issue=issue, language=language)
        audience = Subscription.objects.active().for_language(language)
        rendered = (
            issue_mail_render(
                issue=issue, edition=edition, language=language, unsubscribe=""
            )
            if edition
            else None
        )
        plan.append(
            {
                "language": language,
                "label": label,
                "edition": edition,
                "subject": rendered.subject if rendered else "",
                "recipients": audience.exclude(deliveries__dispatch__in=done).count(),
                "already": audience.filter(deliveries__dispatch__in=done).count(),
            }
        )
    return plan


def issue_dispatch_progress(*, issue: Issue) -> list[Dispatch]:
    """The issue's dispatches with their counts per delivery state."""
    return list(
        Dispatch.objects.filter(issue=issue).with_progress().order_by("language")
    )
