"""The Concertation's forums and their proceedings ("Forum Actions")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.validators import validate_pdf, validate_web_url
from kernel.i18n import TranslatedField
from kernel.richtext import markdown_to_html

from .events import Event


class ForumEditionQuerySet(models.QuerySet):
    def published(self):
        """Editions whose event is published."""
        return self.filter(event__status=Event.Status.PUBLISHED)


class ForumEditionManager(models.Manager.from_queryset(ForumEditionQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class ForumEdition(models.Model):
    number = models.PositiveSmallIntegerField(
        _("edition number"), unique=True, help_text=_("1 for the first forum.")
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="forum_edition",
        help_text=_("Dates, place and organizers come from the event."),
    )
    theme_fr = models.CharField(_("theme (French)"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme (English)"), max_length=300, blank=True)
    questions_fr = models.TextField(
        _("questions addressed (French)"),
        blank=True,
        help_text=_("Markdown list, one question per line starting with '- '."),
    )
    questions_en = models.TextField(
        _("questions addressed (English)"), blank=True, help_text=_("Markdown.")
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_approximate = models.BooleanField(
        _("approximate number of participants"),
        default=False,
        help_text=_('Tick when the sources say "about".'),
    )
    nationalities = models.PositiveSmallIntegerField(
        _("nationalities"), null=True, blank=True
    )
    notes_fr = models.TextField(
        _("notes (French)"), blank=True, help_text=_("Markdown.")
    )
    notes_en = models.TextField(
        _("notes (English)"), blank=True, help_text=_("Markdown.")
    )

    theme = TranslatedField("theme")
    questions = TranslatedField("questions")
    notes = TranslatedField("notes")

    objects = ForumEditionManager()

    class Meta:
        verbose_name = _("forum edition")
        verbose_name_plural = _("forum editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="forum_edition_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1998, year__lte=2100),
                name="forum_edition_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.event.city} {self.year}" if self.event_id else str(self.year)

    def get_absolute_url(self):
        return reverse("forum:forum_detail", args=[self.year])

    def natural_key(self):
        return (self.number,)

    natural_key.dependencies = ["forum.event"]

    def clean(self):
        super().clean()
        if self.event_id and self.year and self.event.starts_on.year != self.year:
            raise ValidationError(
                {"year": _("The year must be the year of the event.")}
            )

    @property
    def questions_html(self):
        return markdown_to_html(self.questions)

    @property
    def notes_html(self):
        return markdown_to_html(self.notes)


class ProceedingsDocumentManager(models.Manager):
    def get_by_natural_key(self, edition_number, slug):
        return self.get(edition__number=edition_number, slug=slug)


class ProceedingsDocument(models.Model):
    """A document of the proceedings: an uploaded PDF or a page elsewhere."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        PORTUGUESE = "pt", _("Portuguese")

    edition = models.ForeignKey(
        ForumEdition,
        verbose_name=_("forum edition"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the document"), max_length=2, choices=Language.choices
    )
    file = models.FileField(
        _("PDF file"),
        upload_to="forum/proceedings/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("A PDF of at most 20 MB; or give a web address below."),
    )
    url = models.URLField(
        _("web address"), blank=True, max_length=500, validators=[validate_web_url]
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    title = TranslatedField("title")

    objects = ProceedingsDocumentManager()

    class Meta:
        verbose_name = _("proceedings document")
        verbose_name_plural = _("proceedings documents")
        ordering = ["edition", "position", "title_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"], name="proceedings_document_unique_slug"
            ),
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="proceedings_document_file_or_url",
                violation_error_message=_(
                    "Give either a PDF file or a web address: one of the two, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:document_download", args=[self.pk])

    def natural_key(self):
        return (self.edition.number, self.slug)

    natural_key.dependencies = ["forum.forumedition"]

    @property
    def safe_url(self) -> str:
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""
