"""The resource library: documents on mutual health organizations, each either
an uploaded file or a link to it elsewhere, published by the secretariat."""

import html
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedField
from kernel.limits import DESCRIPTION_MAX_LENGTH, bounded_text
from kernel.moderation import ModeratedItem, ModeratedQuerySet
from kernel.richtext import markdown_to_html
from organizations.models import Country

from .validators import CONTENT_TYPES, detect_format, validate_resource_file

FIRST_YEAR = 1900
LAST_YEAR = 2100
# Path segments of the resource URLs that a slug must not shadow.
RESERVED_SLUGS = frozenset({"propose"})


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved: choose another identifier."),
            code="reserved",
            params={"value": value},
        )


def resource_upload_to(instance: "Resource", filename: str) -> str:
    """resources/<year>/<slug>.<detected type>: the sent name is never used."""
    found = detect_format(instance.file)
    stem = slugify(instance.slug) or "resource"
    return f"resources/{timezone.now().year}/{stem}.{found}"


class ThemeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Theme(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    name = TranslatedField("name")

    objects = ThemeManager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class ResourceManager(models.Manager.from_queryset(ModeratedQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Resource(ModeratedItem):
    class Type(models.TextChoices):
        ARTICLE = "article", _("Article")
        BROCHURE = "brochure", _("Brochure")
        MONOGRAPH = "monograph", _("Monograph")
        CASE_STUDY = "case-study", _("Case study")
        LEGAL_TEXT = "legal-text", _("Legal text")
        GUIDE = "guide", _("Guide")
        REPORT = "report", _("Report")
        NEWSLETTER = "newsletter", _("Newsletter")
        OTHER = "other", _("Other")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        PORTUGUESE = "pt", _("Portuguese")
        OTHER = "other", _("Other language")

    RESERVED_SLUGS = RESERVED_SLUGS

    slug = models.SlugField(
        _("identifier"),
        max_length=80,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_("Used in the page's address and the downloaded file's name."),
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("As written on the document, in its own language."),
    )
    title_other = models.CharField(
        _("translated title"),
        max_length=300,
        blank=True,
        help_text=_("The title in French or English, if the document is in another."),
    )
    description_fr = bounded_text(
        _("description (French)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_("Markdown."),
    )
    description_en = bounded_text(
        _("description (English)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_("Markdown."),
    )
    language = models.CharField(
        _("language of the document"), max_length=5, choices=Language.choices
    )
    year = models.PositiveSmallIntegerField(
        _("year of publication"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        related_name="resources",
        blank=True,
        help_text=_("The countries the document is about."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="resources", blank=True
    )
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=resource_upload_to,
        max_length=200,
        blank=True,
        validators=[validate_resource_file],
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt)."),
    )
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Where the document can be read, if it is not uploaded here."),
    )

    description = TranslatedField("description")

    objects = ResourceManager()

    class Meta(ModeratedItem.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = [models.F("year").desc(nulls_last=True), "title"]
        indexes = [models.Index(fields=["status", "year"])]
        constraints = [
            *ModeratedItem.Meta.constraints,
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="resource_file_xor_link",
                violation_error_message=_(
                    "Upload the document as a file or give a link to it: "
                    "one of the two, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True)
                | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="resource_year_plausible",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:resource_detail", args=[self.slug])

    def get_download_url(self):
        return reverse("resources:resource_download", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def description_html(self):
        return markdown_to_html(self.description)

    @property
    def summary(self) -> str:
        """The description as plain text, shortened for lists (escaped on output)."""
        text = html.unescape(strip_tags(self.description_html))
        return Truncator(" ".join(text.split())).words(40)

    @property
    def file_format(self) -> str:
        """The stored file's type ("pdf", ...): its name's extension, which the
        upload gave from the detected content."""
        if not self.file:
            return ""
        found = PurePath(self.file.name).suffix.lstrip(".").lower()
        return found if found in CONTENT_TYPES else ""

    @property
    def file_size(self) -> int | None:
        try:
            return self.file.size if self.file else None
        except OSError:
            return None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.file_format, "application/octet-stream")

    @property
    def safe_link(self) -> str:
        """The outside link, only if it is a web address (forms ensure it; rows
        written otherwise might not)."""
        scheme = self.link.split(":", 1)[0].strip().lower()
        return self.link if scheme in {"http", "https"} else ""

    @property
    def title_lang(self) -> str:
        """The HTML lang of the title, when the document's language has a code."""
        return "" if self.language == self.Language.OTHER else self.language
