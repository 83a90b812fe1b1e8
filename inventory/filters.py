import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kernel.filters import SearchFilter

from . import selectors
from .models import MutualHealthOrganization, YearlyRecord
from .years import public_years


class MHOPageFilter(django_filters.FilterSet):
    """The public inventory's filters. The year is applied first, in
    ``filter_queryset``: the status filter reads the record of that year."""

    q = SearchFilter(
        method="filter_text", help_text=_("Name, acronym, code or locality")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="country__iso2",
        choices=[],
        empty_label=_("All countries"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=MutualHealthOrganization.Type.choices,
        empty_label=_("All types"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", choices=[], empty_label=None
    )
    status = django_filters.ChoiceFilter(
        label=_("Status that year"),
        method="filter_status",
        choices=YearlyRecord.Status.choices,
        empty_label=_("All statuses"),
    )

    class Meta:
        model = MutualHealthOrganization
        fields = ["q", "country", "type", "year", "status"]

    def __init__(self, data=None, queryset=None, **kwargs):
        # Choices are read once here (not by callables, which the form would
        # run again at each validation and rendering).
        self.public_years = public_years()
        default = self.public_years.default
        self.default_year = default.year if default else None
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("year") and self.default_year:
            data["year"] = str(self.default_year)
        # Always bound, so that the year annotation of filter_queryset applies.
        super().__init__(data, queryset, **kwargs)
        self.filters["year"].extra["choices"] = [
            (one.year, one.label) for one in self.public_years.years
        ]
        self.filters["country"].extra["choices"] = selectors.public_country_choices()
        self.year = self.default_year

    def filter_queryset(self, queryset):
        year = self.form.cleaned_data.get("year")
        self.year = int(year) if year else self.default_year
        queryset = selectors.mho_public_list(year=self.year, queryset=queryset)
        return super().filter_queryset(queryset)

    @property
    def public_year(self):
        """The year shown, with whether its figures are provisional."""
        return self.public_years.get(self.year)

    def filter_year(self, queryset, name, value):
        return queryset  # already applied by filter_queryset

    def filter_status(self, queryset, name, value):
        return selectors.mho_with_status(queryset, value)

    def filter_text(self, queryset, name, value):
        return selectors.mho_search(queryset, value)
