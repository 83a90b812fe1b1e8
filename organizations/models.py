"""Countries, organizations, focal points, committees and governance roles."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kernel.i18n import TranslatedField


class CountryQuerySet(models.QuerySet):
    def african(self):
        return self.filter(region__in=Country.Region.african())

    def with_focal_points(self):
        return self.filter(focal_points__isnull=False).distinct()


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, iso2):
        return self.get(iso2=iso2)


class Country(models.Model):
    class Region(models.TextChoices):
        NORTH_AFRICA = "north-africa", _("North Africa")
        WEST_AFRICA = "west-africa", _("West Africa")
        CENTRAL_AFRICA = "central-africa", _("Central Africa")
        EAST_AFRICA = "east-africa", _("East Africa")
        SOUTHERN_AFRICA = "southern-africa", _("Southern Africa")
        EUROPE = "europe", _("Europe")
        AMERICAS = "americas", _("Americas")
        ASIA = "asia", _("Asia")

        @classmethod
        def african(cls):
            return [value for value in cls.values if value.endswith("-africa")]

    iso2 = models.CharField(
        _("ISO 3166 alpha-2 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, e.g. SN for Senegal."),
    )
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    region = models.CharField(_("sub-region"), max_length=20, choices=Region.choices)
    population = models.PositiveBigIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Entered by the secretariat; used for the coverage indicator."),
    )

    name = TranslatedField("name")

    objects = CountryManager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"),
                name="country_iso2_two_capitals",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.iso2,)


class OrganizationQuerySet(models.QuerySet):
    def for_country(self, iso2: str):
        return self.filter(countries__iso2=iso2.upper())

    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class OrganizationManager(models.Manager.from_queryset(OrganizationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organization(models.Model):
    class Kind(models.TextChoices):
        PROMOTER = "promoter", _("Promoter")
        SUPPORT_STRUCTURE = "support-structure", _("Support structure")
        MUTUAL = "mutual", _("Mutual society")
        UNION = "union", _("Union or federation of mutuals")
        NETWORK = "network", _("Network")
        NGO = "ngo", _("Non-governmental organization")
        TRADE_UNION = "trade-union", _("Trade union")
        PUBLIC_BODY = "public-body", _("Public body")
        INTERNATIONAL_AGENCY = "international-agency", _("International agency")
        PLATFORM = "platform", _("Platform")

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        related_name="organizations",
        blank=True,
        help_text=_("Where the organization is based or works."),
    )
    website = models.URLField(_("website"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True
    )

    name = TranslatedField("name")
    description = TranslatedField("description")

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_fr"]
        indexes = [models.Index(fields=["kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1800, founded_year__lte=2100),
                name="organization_founded_year_plausible",
            ),
        ]

    def __str__(self):
        name = self.name
        if self.acronym and self.acronym != name:
            return f"{name} ({self.acronym})"
        return name

    def get_absolute_url(self):
        return reverse("organizations:organization_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class FocalPointManager(models.Manager):
    def get_by_natural_key(self, iso2, contact_person):
        return self.get(country__iso2=iso2, contact_person=contact_person)


class FocalPoint(models.Model):
    """The Concertation's representative in a country and how to reach them."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="focal_points",
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("host organizations"),
        related_name="focal_points",
        blank=True,
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer accounts"),
        related_name="focal_points",
        blank=True,
        help_text=_(
            "Accounts that review the inventory records of this country's mutuals."
        ),
    )

    objects = FocalPointManager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["country__name_fr", "contact_person"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "contact_person"],
                name="focal_point_unique_person_per_country",
            ),
        ]

    def __str__(self):
        person = f" — {self.contact_person}" if self.contact_person else ""
        return f"{self.country}{person}"

    def natural_key(self):
        return (self.country.iso2, self.contact_person)

    natural_key.dependencies = ["organizations.country", "organizations.organization"]


class NationalCommitteeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class NationalCommittee(models.Model):
    """A national concertation committee (cadre national de concertation)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="committees",
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    members = models.ManyToManyField(
        Organization,
        verbose_name=_("member organizations"),
        related_name="committees",
        blank=True,
    )

    name = TranslatedField("name")
    description = TranslatedField("description")

    objects = NationalCommitteeManager()

    class Meta:
        verbose_name = _("national concertation committee")
        verbose_name_plural = _("national concertation committees")
        ordering = ["country__name_fr", "name_fr"]

    def __str__(self):
        return self.acronym or self.name

    def natural_key(self):
        return (self.slug,)


class GovernanceRoleManager(models.Manager):
    def get_by_natural_key(self, body, organization_slug):
        return self.get(body=body, organization__slug=organization_slug)


class GovernanceRole(models.Model):
    """An organization's seat in one of the Concertation's bodies."""

    class Body(models.TextChoices):
        PROMOTER = "promoter", _("Promoters")
        STEERING_COMMITTEE = "steering-committee", _("Steering committee")
        TECHNICAL_SECRETARIAT = "technical-secretariat", _("Technical secretariat")

    body = models.CharField(_("body"), max_length=24, choices=Body.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="governance_roles",
    )
    note_fr = models.CharField(_("note (French)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    note = TranslatedField("note")

    objects = GovernanceRoleManager()

    class Meta:
        verbose_name = _("governance role")
        verbose_name_plural = _("governance roles")
        ordering = ["body", "position", "organization__name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organization"], name="governance_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_body_display()}: {self.organization}"

    def natural_key(self):
        return (self.body, self.organization.slug)

    natural_key.dependencies = ["organizations.organization"]
