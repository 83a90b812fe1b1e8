"""Checks on uploaded PDF files: a real PDF, not too large."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"


def pdf_max_bytes() -> int:
    return settings.NEWSLETTER_PDF_MAX_BYTES


def validate_pdf(file) -> None:
    """Refuse a file that is not named .pdf, does not start like a PDF, or is
    too large. The content is read, so a program renamed .pdf is refused."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Only PDF files are accepted (the name must end with .pdf)."),
            code="pdf_extension",
        )
    limit = pdf_max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest accepted is %(limit)s."),
            code="pdf_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(limit),
            },
        )
    position = file.tell() if hasattr(file, "tell") else None
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    if position is not None:
        file.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("This file is not a PDF document, although its name ends with .pdf."),
            code="pdf_content",
        )
