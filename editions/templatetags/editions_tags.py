"""The latest edition, announced on the pages that show live figures (the
synthesis, the /data/ page): which edition to cite, where its frozen files
are, and that the figures shown beside it are live, hence provisional."""

from django import template

from kernel.pagecache import for_current_data

from ..selectors import edition_files, edition_latest

register = template.Library()


def _latest() -> dict:
    edition = edition_latest()
    if edition is None:
        return {}
    return {
        "identifier": edition.identifier,
        "title_fr": edition.title_fr,
        "title_en": edition.title_en,
        "published_at": edition.published_at,
        "files": edition_files(edition=edition),
    }


@register.inclusion_tag("editions/_latest_edition.html", takes_context=True)
def edition_latest_notice(context, with_files=False):
    """Kept with the pages' cache: reread only once the public data changed
    (publishing or withdrawing an edition counts)."""
    return {
        "edition": for_current_data("editions:latest", _latest),
        "with_files": with_files,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
