"""The block "The inventory in figures" of an edition of Concertation Mail.

Until the edition is sent, the block shows the current figures (the preview,
the archive page of a published issue not sent yet); when it is first sent,
the figures are stored on the edition and the mail, the archive page and any
later mailing show those forever, whatever the data become."""

from django.conf import settings
from django.utils import timezone, translation

from outreach.selectors import inventory_figures

from ..models import Edition


def edition_figures(*, edition: Edition) -> dict | None:
    """The figures the edition shows: as sent, else the current ones; None
    when the edition does not include them or there are no figures yet."""
    if not edition.include_figures:
        return None
    if edition.figures is not None:
        return edition.figures
    with translation.override(edition.language):
        return inventory_figures(
            language=edition.language, site_url=settings.SITE_URL.rstrip("/")
        )


def edition_figures_freeze(*, edition: Edition) -> None:
    """Store the current figures on the edition if it includes them and has
    none yet (the first sending); a later call changes nothing."""
    if not edition.include_figures or edition.figures is not None:
        return
    figures = edition_figures(edition=edition)
    if figures is None:
        return
    figures["frozen_at"] = timezone.now().isoformat()
    Edition.objects.filter(pk=edition.pk, figures__isnull=True).update(figures=figures)
    edition.refresh_from_db(fields=["figures"])
