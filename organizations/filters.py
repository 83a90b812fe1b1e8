import django_filters
from django.utils.translation import gettext_lazy as _

from kernel.filters import SearchFilter

from . import selectors
from .models import Organization


class OrganizationFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_text")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="countries__iso2",
        choices=lambda: selectors.country_choices(with_organizations=True),
        empty_label=_("All countries"),
        distinct=True,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Organization
        fields = ["q", "country", "kind"]

    def filter_text(self, queryset, name, value):
        return selectors.organization_search(queryset, value)
