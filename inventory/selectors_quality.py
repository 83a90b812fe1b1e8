"""Reads of the data quality score (defined in inventory/quality.py): one
record's score for its manager, a country's records for its focal point, and
the published score per country and year. Each is one query, whatever the
number of records."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F

from .models import MutualHealthOrganization, YearlyRecord
from .quality import CHECKS, KEY_FIELDS, PART_POINTS, failed_checks


@dataclass(frozen=True)
class RecordQuality:
    score: float
    filled: int
    passed: int
    failed: list[str]
    on_time: bool
    validated: bool
    key_fields: int = len(KEY_FIELDS)
    checks: int = len(CHECKS)
    points: int = PART_POINTS

    @classmethod
    def of(cls, row) -> "RecordQuality":
        """From a record (or a ``values()`` row) annotated by ``with_quality``."""
        get = row.get if isinstance(row, dict) else row.__getattribute__
        return cls(
            score=get("quality_score"),
            filled=get("quality_filled"),
            passed=get("quality_passed"),
            failed=failed_checks(get("quality_failed_mask")),
            on_time=bool(get("quality_on_time")),
            validated=bool(get("quality_validated")),
        )


def record_quality(*, record: YearlyRecord) -> RecordQuality | None:
    """The score of a saved record; None before its first save."""
    if record.pk is None:
        return None
    row = YearlyRecord.objects.filter(pk=record.pk).with_quality().first()
    return None if row is None else RecordQuality.of(row)


@dataclass(frozen=True)
class MHOQuality:
    code: str
    name: str
    state: str
    quality: RecordQuality


@dataclass(frozen=True)
class CountryQuality:
    score: float | None  # the mean of the records' scores
    records: list[MHOQuality]


def country_quality(*, user, iso2: str, year: int) -> CountryQuality:
    """The records of a country's campaign year the user reviews, each with its
    score, lowest first, and their mean (drafts and submissions included)."""
    rows = (
        YearlyRecord.objects.reviewable_by(user)
        .for_country(iso2)
        .filter(year=year, mho__approval=MutualHealthOrganization.Approval.APPROVED)
        .with_quality()
        .select_related("mho")
        .order_by("quality_score", "mho__code")
    )
    records = [
        MHOQuality(row.mho.code, row.mho.name, row.state, RecordQuality.of(row))
        for row in rows
    ]
    scores = [item.quality.score for item in records]
    return CountryQuality(
        score=sum(scores) / len(scores) if scores else None, records=records
    )


@dataclass(frozen=True)
class PublishedQuality:
    score: float
    records: int


def _published(queryset, key: str) -> dict:
    rows = (
        queryset.public()
        .with_quality()
        .order_by()
        .values(key=F(key))
        .annotate(score=Avg("quality_score"), records=Count("pk"))
    )
    return {row["key"]: PublishedQuality(row["score"], row["records"]) for row in rows}


def quality_by_country(*, year: int) -> dict[str, PublishedQuality]:
    """The published score of each country (ISO code) for ``year``, over its
    validated records; the key "" is Africa-wide (all the records)."""
    by_country = _published(
        YearlyRecord.objects.filter(year=year), "mho__country__iso2"
    )
    total = sum(line.records for line in by_country.values())
    if total:
        # The mean over all the records: the countries' means weighted by
        # their numbers of records.
        points = sum(line.score * line.records for line in by_country.values())
        by_country[""] = PublishedQuality(points / total, total)
    return by_country


def quality_by_year(*, iso2: str) -> dict[int, PublishedQuality]:
    """The published score of one country for each year, over its validated
    records."""
    return _published(YearlyRecord.objects.for_country(iso2), "year")
