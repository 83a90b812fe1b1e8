"""Checks on what people type or upload for events and proceedings."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Paths under events/ that an event's slug must not shadow.
RESERVED_EVENT_SLUGS = frozenset({"propose", "calendar"})
MAX_PDF_BYTES = 20 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"

# Plain URLField also accepts ftp:// and ftps://; links shown to readers
# are web pages only.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with http:// or https://."),
    code="not_web_address",
)


def validate_pdf(upload) -> None:
    """Refuse anything but a PDF of at most 20 MB, whatever its name says."""
    if getattr(upload, "_committed", False):
        return  # stored earlier, checked when it was uploaded
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is 20 MB. Compress the PDF "
                "or publish it elsewhere and give its web address instead."
            ),
            code="too_large",
            params={"size": f"{upload.size / (1024 * 1024):.1f}"},
        )
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Only PDF documents are accepted: the file name must end in .pdf."),
            code="not_pdf_name",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(position)
    if head != PDF_SIGNATURE:
        raise ValidationError(
            _(
                "This file is not a PDF document, whatever its name says. "
                "Only PDF files are accepted."
            ),
            code="not_pdf",
        )


def validate_event_slug(value: str) -> None:
    if value in RESERVED_EVENT_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of a calendar page; choose another."),
            code="reserved",
            params={"slug": value},
        )
