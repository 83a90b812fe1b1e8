"""How an issue of the Concertation Mail is named: its title and a mail subject.

The series name and the issue number are added here, once; an edition's own
title is only what the issue is about ("Les unions de mutuelles"). A title
typed with the series name in front ("Concertation Mail n° 61 : …") would
name the series twice in the subject, so that prefix is taken off when the
edition is saved (and by a data migration for the titles stored before), and
the subject never repeats it either way.
"""

import re

from django.utils.translation import gettext

# "Concertation Mail", "Concertation Mail n° 61", "Numéro 61", "Issue 61",
# "No. 61" ... then ":", "–", "-", "·" or the end of the title.
_NUMBER_WORD = r"(?:n\s?°|nº|no\.?|num[ée]ro|number|issue|\#)"
_PREFIX = re.compile(
    rf"""^\s*(?:
        concertation[\s\-]*mail\s*[,\-–—·]?\s*(?:{_NUMBER_WORD}?\s*(?P<number_a>\d+))?
      | {_NUMBER_WORD}\s*(?P<number_b>\d+)
    )\s*(?:[:\-–—·|]+\s*|$)""",
    re.IGNORECASE | re.VERBOSE,
)


def _series_prefix(title: str, *, number: int | None):
    """The match of a leading series name / issue number, or None. A number
    counts only when it is the issue's own, so "2004 : l'année des forums"
    or "Numéro 3 des cahiers" in issue 61 are left alone."""
    match = _PREFIX.match(title or "")
    if not match:
        return None
    found = match.group("number_a") or match.group("number_b")
    if found is not None and (number is None or int(found) != number):
        return None
    return match


def edition_title_without_series(title: str, *, number: int | None = None) -> str:
    """``title`` without a leading series name and issue number; unchanged
    when there is none, or when nothing would be left."""
    match = _series_prefix(title, number=number)
    if not match:
        return title
    return title[match.end() :].strip() or title


def issue_title(*, number: int) -> str:
    """The name of an issue in the active language: "Concertation Mail n° 61"."""
    return gettext("Concertation Mail no. %(number)s") % {"number": number}


def edition_subject(*, number: int, title: str) -> str:
    """The subject of the mail of an edition, in the active language:
    "Concertation Mail n° 61 : Les unions de mutuelles"."""
    heading = issue_title(number=number)
    own = " ".join(edition_title_without_series(title, number=number).split())
    match = _series_prefix(own, number=number)
    if not own or (match and match.end() == len(own)):
        return heading  # the title is only the series name and number
    return gettext("%(issue)s: %(title)s") % {"issue": heading, "title": own}
