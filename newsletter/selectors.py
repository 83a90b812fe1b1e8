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


def _plan_row(*, language, label, audience, done, rendered, written_in) -> dict:
    return {
        "language": language,
        "label": label,
        "written_in": written_in,
        "subject": rendered.subject if rendered else "",
        "recipients": audience.exclude(deliveries__dispatch__in=done).count(),
        "already": audience.filter(deliveries__dispatch__in=done).count(),
    }


def issue_dispatch_plan(*, issue: Issue) -> list[dict]:
    """Before sending: per language, who will receive the issue (active
    subscribers not sent it yet), who already has, and the subject line as
    their mail will show it. Two queries per language, one for the editions."""
    from .services.mail import issue_mail_render

    issue = Issue.objects.prefetch_related("editions").get(pk=issue.pk)
    plan = []
    for language, label in Language.choices:
        edition = issue.edition_for(language)
        rendered = edition and issue_mail_render(
            issue=issue, edition=edition, language=language, unsubscribe=""
        )
        plan.append(
            _plan_row(
                language=language,
                label=label,
                audience=Subscription.objects.active().for_language(language),
                done=Dispatch.objects.filter(issue=issue, language=language),
                rendered=rendered,
                written_in=edition.language if edition else None,
            )
        )
    return plan


def news_dispatch_plan(*, news: News) -> list[dict]:
    """The same for a flash news item: its readers are the registered users
    who asked for flash news, in their language."""
    from .services.mail import news_mail_render

    plan = []
    for language, label in Language.choices:
        audience = Subscription.objects.for_language(language).wanting_flash_news()
        plan.append(
            _plan_row(
                language=language,
                label=label,
                audience=audience,
                done=Dispatch.objects.filter(news=news, language=language),
                rendered=news_mail_render(news=news, language=language, unsubscribe=""),
                written_in=news.language_or_fallback(language),
            )
        )
    return plan


def dispatch_progress(*, issue: Issue | None = None, news: News | None = None):
    """The dispatches of an issue or a news item with their counts per
    delivery state."""
    dispatches = Dispatch.objects.filter(issue=issue, news=news)
    return list(dispatches.with_progress().order_by("language"))
