"""Events of the calendar: workshops, trainings, conferences, forums, meetings."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from forum.validators import (
    RESERVED_EVENT_SLUGS,
    validate_event_slug,
    validate_web_url,
)
from kernel.i18n import TranslatedField
from kernel.limits import DESCRIPTION_MAX_LENGTH, bounded_text
from kernel.moderation import ModeratedItem, ModeratedQuerySet
from kernel.richtext import markdown_to_html
from organizations.models import Country, Organization


class EventQuerySet(ModeratedQuerySet):
    def upcoming(self, *, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(ends_on__gte=today).order_by("starts_on", "title_fr")

    def past(self, *, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(ends_on__lt=today).order_by("-starts_on", "title_fr")


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Event(ModeratedItem):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        CONFERENCE = "conference", _("Conference")
        FORUM = "forum", _("Forum")
        MEETING = "meeting", _("Meeting")
        AWARENESS_DAY = "awareness-day", _("Awareness day")
        OTHER = "other", _("Other")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact days known")
        MONTH = "month", _("Only the month is known")
        YEAR = "year", _("Only the year is known")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        PORTUGUESE = "pt", _("Portuguese")
        ARABIC = "ar", _("Arabic")

    RESERVED_SLUGS = RESERVED_EVENT_SLUGS

    slug = models.SlugField(
        _("identifier"), max_length=80, unique=True, validators=[validate_event_slug]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
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
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "When only the month or the year is known, the first and last days "
            "are those of that month or year, and pages show only what is known."
        ),
    )
    organizers = models.ManyToManyField(
        Organization,
        verbose_name=_("organizers"),
        related_name="events",
        blank=True,
    )
    organizers_text_fr = models.CharField(
        _("other organizers (French)"),
        max_length=300,
        blank=True,
        help_text=_("Organizers that are not in the directory."),
    )
    organizers_text_en = models.CharField(
        _("other organizers (English)"), max_length=300, blank=True
    )
    languages = models.CharField(
        _("languages of the event"),
        max_length=20,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. fr,en."),
    )
    link = models.URLField(
        _("web page"), blank=True, validators=[validate_web_url], max_length=500
    )

    title = TranslatedField("title")
    description = TranslatedField("description")
    organizers_text = TranslatedField("organizers_text")

    objects = EventManager()

    class Meta(ModeratedItem.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title_fr"]
        indexes = [models.Index(fields=["status", "ends_on"])]
        constraints = [
            *ModeratedItem.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(title_fr="") | ~models.Q(title_en=""),
                name="event_has_a_title",
            ),
        ]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("forum:event_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        errors = {}
        if not (self.title_fr or self.title_en):
            errors["title_fr"] = _("Give a title in French or in English.")
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = _("The last day cannot come before the first day.")
            elif not self._dates_match_precision():
                errors["date_precision"] = _(
                    "With this precision, the first and last days must be those "
                    "of the known month or year."
                )
        unknown = set(self.language_codes) - set(self.Language.values)
        if unknown:
            errors["languages"] = _("Unknown language code: %(codes)s.") % {
                "codes": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    def _dates_match_precision(self) -> bool:
        start, end = self.starts_on, self.ends_on
        if self.date_precision == self.DatePrecision.MONTH:
            last = calendar.monthrange(start.year, start.month)[1]
            return start.day == 1 and end == start.replace(day=last)
        if self.date_precision == self.DatePrecision.YEAR:
            return (start.month, start.day) == (1, 1) and end == date(
                start.year, 12, 31
            )
        return True

    @property
    def description_html(self):
        return markdown_to_html(self.description)

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def language_names(self) -> list[str]:
        labels = dict(self.Language.choices)
        return [str(labels.get(code, code)) for code in self.language_codes]

    @property
    def safe_link(self) -> str:
        """The web page, only if it is http(s) (rows may bypass form checks)."""
        return (
            self.link if self.link.lower().startswith(("http://", "https://")) else ""
        )

    @property
    def location(self) -> str:
        return ", ".join(str(part) for part in (self.city, self.country) if part)

    @property
    def is_dated_exactly(self) -> bool:
        return self.date_precision == self.DatePrecision.DAY

    @property
    def date_label(self) -> str:
        """The dates as far as they are known: "2–3 March 2016", "September 2000"."""
        start, end = self.starts_on, self.ends_on
        if self.date_precision == self.DatePrecision.YEAR:
            return str(start.year)
        if self.date_precision == self.DatePrecision.MONTH:
            return formats.date_format(start, "F Y")
        if start == end:
            return formats.date_format(start, "j F Y")
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{formats.date_format(end, 'j F Y')}"
        if start.year == end.year:
            return (
                f"{formats.date_format(start, 'j F')} – "
                f"{formats.date_format(end, 'j F Y')}"
            )
        return (
            f"{formats.date_format(start, 'j F Y')} – "
            f"{formats.date_format(end, 'j F Y')}"
        )

    @property
    def machine_date(self) -> str:
        """The known part of the first day, for ``<time datetime>``."""
        if self.date_precision == self.DatePrecision.YEAR:
            return f"{self.starts_on.year:04d}"
        if self.date_precision == self.DatePrecision.MONTH:
            return self.starts_on.strftime("%Y-%m")
        return self.starts_on.isoformat()
