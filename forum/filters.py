import django_filters
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Event


class EventFilter(django_filters.FilterSet):
    UPCOMING, PAST = "upcoming", "past"

    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
        empty_label=None,
        method="filter_when",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="country__iso2",
        choices=selectors.event_country_choices,
        empty_label=_("All countries"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Event
        fields = ["when", "country", "kind"]

    def filter_when(self, queryset, name, value):
        return queryset.past() if value == self.PAST else queryset.upcoming()
