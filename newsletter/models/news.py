"""News items; a flash news item is also e-mailed when it is published."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.i18n import TranslatedField
from kernel.richtext import markdown_to_html

RESERVED_SLUGS = {"feed"}  # news/feed/ is the RSS feed


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def in_language(self, language: str):
        """Items written in ``language`` (a title in that language)."""
        return self.exclude(**{f"title_{language}": ""})


class NewsManager(models.Manager.from_queryset(NewsQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class News(models.Model):
    slug = models.SlugField(_("identifier"), max_length=120, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True, help_text=_("Markdown"))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown"))
    published_at = models.DateTimeField(
        pgettext_lazy("news item", "published"),
        null=True,
        blank=True,
        help_text=_(
            "Empty while a draft. A flash news item is e-mailed when published."
        ),
    )
    is_flash = models.BooleanField(
        _("flash news"),
        default=False,
        help_text=_("E-mailed to the subscribers who asked for flash news."),
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )

    title = TranslatedField("title")
    body = TranslatedField("body")

    objects = NewsManager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_fr="") | ~Q(title_en=""),
                name="news_has_a_title",
                violation_error_message=_("Give a title in French or in English."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletter:news_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This identifier is reserved; choose another one.")}
            )

    @property
    def body_html(self):
        return markdown_to_html(self.body)

    def language_or_fallback(self, language: str) -> str:
        """``language`` when the item is written in it, else the other one."""
        if getattr(self, f"title_{language}", ""):
            return language
        return "en" if language == "fr" else "fr"

    def title_in(self, language: str) -> str:
        return getattr(self, f"title_{self.language_or_fallback(language)}")

    def body_html_in(self, language: str):
        code = self.language_or_fallback(language)
        return markdown_to_html(getattr(self, f"body_{code}"))
