"""Reads of the newsletter app, each in a fixed number of queries."""

from itertools import groupby

from django.db.models import Prefetch

from .models import Edition, Issue, News

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
