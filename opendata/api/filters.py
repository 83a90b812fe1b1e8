"""Query filters of the API. A value that does not fit is answered with 400 and
the reason, never ignored: a researcher must not take a misspelt filter for an
empty or a complete result."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from inventory import selectors
from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import FIRST_YEAR, LAST_YEAR
from kernel.limits import SEARCH_MAX_LENGTH
from opendata.models import SynthesisRow
from organizations.models import Country

COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
CODE_PATTERN = r"^[A-Za-z]{2}-[0-9]{4,6}$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": COUNTRY_PATTERN,
        "description": _(
            "ISO 3166 alpha-2 code of the country, in any case (SN or sn)."
        ),
    }
)
class CountryCodeFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        validator = RegexValidator(COUNTRY_PATTERN, _("Give a two-letter ISO code."))
        super().__init__(*args, validators=[validator], **kwargs)

    def filter(self, qs, value):
        if not value or not self.field_name.endswith("country__iso2"):
            return super().filter(qs, value.upper() if value else value)
        # By the country's id, read first: PostgreSQL then plans for that
        # country's own number of MHOs (by its code, through a join, it
        # assumed an average country and read 14,600 MHOs in code order to
        # find Senegal's first page).
        country = Country.objects.filter(iso2=value.upper()).values("pk").first()
        if country is None:
            return qs.none()
        if self.distinct:
            qs = qs.distinct()
        field = self.field_name.removesuffix("iso2") + "id"
        return self.get_method(qs)(**{f"{field}__{self.lookup_expr}": country["pk"]})


@extend_schema_field(
    {
        "type": "string",
        "pattern": CODE_PATTERN,
        "description": _("Code of the MHO, e.g. SN-0042."),
    }
)
class MHOCodeFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        validator = RegexValidator(CODE_PATTERN, _("Give an MHO code like SN-0042."))
        super().__init__(*args, validators=[validator], **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.upper() if value else value)


@extend_schema_field(
    {
        "type": "integer",
        "minimum": FIRST_YEAR,
        "maximum": LAST_YEAR,
        "description": _("Year the figures are about."),
    }
)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 1,
        "maxLength": SEARCH_MAX_LENGTH,
        "pattern": "^[^\\u0000]*$",
        "description": _("Text searched in the name, acronym, code and locality."),
    }
)
class SearchFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=SEARCH_MAX_LENGTH, **kwargs)


class StrictBooleanFilter(django_filters.ChoiceFilter):
    """``true`` or ``false``; anything else is refused (Django's boolean
    filters silently ignore values they cannot read)."""

    def __init__(self, *args, **kwargs):
        choices = [("true", "true"), ("false", "false")]
        super().__init__(*args, choices=choices, **kwargs)

    def filter(self, qs, value):
        if value not in ("true", "false"):
            return qs
        return super().filter(qs, value == "true")


def _boolean(description):
    return extend_schema_field({"type": "boolean", "description": description})


class CountryFilter(django_filters.FilterSet):
    region = django_filters.ChoiceFilter(
        choices=Country.Region.choices, help_text=_("Sub-region of the country.")
    )

    class Meta:
        model = Country
        fields = ["region"]


class MHOApiFilter(django_filters.FilterSet):
    country = CountryCodeFilter(field_name="country__iso2")
    type = django_filters.ChoiceFilter(
        choices=MutualHealthOrganization.Type.choices, help_text=_("Type of MHO.")
    )
    q = SearchFilter(method="filter_text")
    is_demo = _boolean(_("Only the demonstration MHOs (true) or the real ones."))(
        StrictBooleanFilter(field_name="is_demo")
    )

    class Meta:
        model = MutualHealthOrganization
        fields = ["country", "type", "q", "is_demo"]

    def filter_text(self, queryset, name, value: str):
        return selectors.mho_search(queryset, value)


class RecordFilter(django_filters.FilterSet):
    country = CountryCodeFilter(field_name="mho__country__iso2")
    year = YearFilter(field_name="year")
    status = django_filters.ChoiceFilter(
        choices=YearlyRecord.Status.choices,
        help_text=_("Operating status of the MHO that year."),
    )
    mho = MHOCodeFilter(field_name="mho__code")
    is_demo = _boolean(
        _("Only the records of demonstration MHOs (true) or real ones.")
    )(StrictBooleanFilter(field_name="mho__is_demo"))

    class Meta:
        model = YearlyRecord
        fields = ["country", "year", "status", "mho", "is_demo"]


@extend_schema_field(
    {
        "type": "string",
        "pattern": COUNTRY_PATTERN,
        "description": _(
            "ISO 3166 alpha-2 code of the country, in any case. The Africa-wide "
            "rows have no country: ask for them with africa=true."
        ),
    }
)
class SynthesisCountryFilter(CountryCodeFilter):
    pass


class SynthesisFilter(django_filters.FilterSet):
    country = SynthesisCountryFilter(field_name="country__iso2")
    year = YearFilter(field_name="year")
    africa = _boolean(
        _("Only the Africa-wide rows (true) or only the per-country rows (false).")
    )(StrictBooleanFilter(field_name="country", lookup_expr="isnull"))

    class Meta:
        model = SynthesisRow
        fields = ["country", "year", "africa"]
