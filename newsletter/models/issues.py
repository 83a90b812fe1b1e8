"""Concertation Mail issues and their French and English editions."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.richtext import markdown_to_html

from ..titles import edition_subject, edition_title_without_series, issue_title
from ..validators import validate_pdf


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


def other_language(language: str) -> str:
    return Language.ENGLISH if language == Language.FRENCH else Language.FRENCH


class IssueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, editions__isnull=False).distinct()


class IssueManager(models.Manager.from_queryset(IssueQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Issue(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    date = models.DateField(_("date of the issue"))
    is_published = models.BooleanField(
        pgettext_lazy("newsletter issue", "published"),
        default=False,
        help_text=_("Shown in the public archive. Dispatch is separate."),
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )

    objects = IssueManager()

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-date", "-number"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletter:issue_detail", args=[self.number])

    def natural_key(self):
        return (self.number,)

    @property
    def title(self) -> str:
        """The name of the issue in the active language (Concertation Mail n° 61)."""
        return issue_title(number=self.number)

    def edition_for(self, language: str):
        """The edition in ``language``, else the other one (None if neither).

        Uses the prefetched editions when there are some, so lists stay at a
        fixed number of queries."""
        editions = {edition.language: edition for edition in self.editions.all()}
        return editions.get(language) or editions.get(other_language(language))


class EditionManager(models.Manager):
    def get_by_natural_key(self, number, language):
        return self.get(issue__number=number, language=language)


class Edition(models.Model):
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        related_name="editions",
        on_delete=models.CASCADE,
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Plain text, shown in the archive.")
    )
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown: **bold**, [link](https://…).")
    )
    pdf = models.FileField(
        _("PDF version"),
        upload_to="newsletter/%Y/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("Optional; a PDF document of at most 20 MB."),
    )
    include_figures = models.BooleanField(
        _("include “The inventory in figures”"),
        default=False,
        help_text=_(
            "A block of figures per country (mutuals reporting, members, "
            "beneficiaries, completeness) from the latest edition of the "
            "inventory, or the live data, fixed when the issue is sent."
        ),
    )
    # What subscribers received: filled when the edition is first sent, then
    # never changed, so the archive shows the same figures as the mail.
    figures = models.JSONField(
        _("figures as sent"), null=True, blank=True, editable=False
    )

    objects = EditionManager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["issue", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "language"], name="edition_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.issue} ({self.language}) {self.title}"

    def save(self, *args, **kwargs):
        # The series name and number are added to the title wherever it is
        # shown; typed in again, the subject would say them twice. Here rather
        # than in a form: an inline edition of a new issue only knows its
        # issue's number once that is saved.
        self.title = edition_title_without_series(self.title, number=self.issue.number)
        super().save(*args, **kwargs)

    @property
    def subject(self) -> str:
        """The subject of this edition's mail, in the active language."""
        return edition_subject(number=self.issue.number, title=self.title)

    @property
    def pdf_url(self) -> str:
        """Where visitors get the PDF: a view that checks the issue is published
        (uploaded files are never served directly)."""
        if not self.pdf:
            return ""
        return reverse(
            "newsletter:edition_pdf", args=[self.issue.number, self.language]
        )

    def natural_key(self):
        return (*self.issue.natural_key(), self.language)

    natural_key.dependencies = ["newsletter.issue"]

    @property
    def body_html(self):
        return markdown_to_html(self.body)
