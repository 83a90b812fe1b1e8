import django_filters
from django.utils.translation import gettext_lazy as _

from kernel.filters import SearchFilter

from . import selectors
from .models import Resource


class ResourceFilter(django_filters.FilterSet):
    q = SearchFilter(method="filter_text")
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Resource.Type.choices, empty_label=_("All types")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="countries__iso2",
        choices=selectors.country_choices,
        empty_label=_("All countries"),
        distinct=True,
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=Resource.Language.choices,
        empty_label=_("All languages"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=selectors.year_choices,
        empty_label=_("All years"),
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"),
        field_name="themes__slug",
        choices=selectors.theme_choices,
        empty_label=_("All themes"),
        distinct=True,
    )

    class Meta:
        model = Resource
        fields = ["q", "type", "country", "language", "year", "theme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read each list of choices once, not on validation and again on display.
        for name in ("country", "year", "theme"):
            extra = self.filters[name].extra
            extra["choices"] = extra["choices"]()

    def filter_text(self, queryset, name, value):
        return selectors.resource_search(queryset, value)
