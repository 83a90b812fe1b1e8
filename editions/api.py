"""The API's records and synthesis lists with ``?edition=2025.1``: the figures
of that edition, from its frozen rows, with the same filters, pages and field
names as the live lists (default). Every answer of these lists says which it
serves in ``edition`` (``live`` or an identifier).

The viewsets are the open data's, extended here: the open data knows nothing
of editions (see the import contracts)."""

import re

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError

from inventory.models import YearlyRecord
from opendata.api import filters as live_filters
from opendata.api import serializers as live_serializers
from opendata.api import views as live_views
from opendata.api.query import StrictPagination
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.exports.csv_build import FORMULA_STARTS

from .models import Edition, EditionRecord, EditionSynthesisRow

EDITION = "edition"
LIVE = "live"
IDENTIFIER_PATTERN = r"^[0-9]{4}\.[0-9]{1,3}$"


@extend_schema_field(
    {
        "type": "string",
        "pattern": IDENTIFIER_PATTERN,
        "description": _(
            "Identifier of a published edition, e.g. 2025.1: the list gives "
            "that edition's frozen figures instead of the live ones."
        ),
    }
)
class EditionFilter(django_filters.CharFilter):
    def __init__(self, *args, **kwargs):
        validator = RegexValidator(
            IDENTIFIER_PATTERN, _("Give an edition identifier like 2025.1.")
        )
        super().__init__(*args, validators=[validator], method="served", **kwargs)


class _WithEdition(django_filters.FilterSet):
    edition = EditionFilter()

    def served(self, queryset, name, value):
        return queryset  # the view chose the rows of the edition already


class LiveRecordFilter(_WithEdition, live_filters.RecordFilter):
    class Meta(live_filters.RecordFilter.Meta):
        fields = [*live_filters.RecordFilter.Meta.fields, EDITION]


class EditionRecordFilter(_WithEdition):
    country = live_filters.CountryCodeFilter(field_name="country")
    year = live_filters.YearFilter(field_name="year")
    status = django_filters.ChoiceFilter(
        choices=YearlyRecord.Status.choices,
        help_text=_("Operating status of the MHO that year."),
    )
    mho = live_filters.MHOCodeFilter(field_name="mho_code")
    is_demo = live_filters.StrictBooleanFilter(field_name="is_demo")

    class Meta:
        model = EditionRecord
        fields = ["country", "year", "status", "mho", "is_demo", EDITION]


class LiveSynthesisFilter(_WithEdition, live_filters.SynthesisFilter):
    class Meta(live_filters.SynthesisFilter.Meta):
        fields = [*live_filters.SynthesisFilter.Meta.fields, EDITION]


class EditionSynthesisFilter(_WithEdition):
    country = live_filters.SynthesisCountryFilter(field_name="country")
    year = live_filters.YearFilter(field_name="year")
    africa = live_filters.StrictBooleanFilter(method="africa_only")

    class Meta:
        model = EditionSynthesisRow
        fields = ["country", "year", "africa", EDITION]

    def africa_only(self, queryset, name, value):
        if value not in ("true", "false"):
            return queryset
        if value == "true":
            return queryset.filter(country="")
        return queryset.exclude(country="")


def _text(value: str):
    if value.startswith("'") and value[1:2] and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


READ = {
    "string": _text,
    "integer": lambda value: int(value) if value else None,
    "number": lambda value: float(value) if value else None,
    "boolean": lambda value: {"true": True, "false": False}.get(value),
    "datetime": lambda value: value or None,
}
RECORD_TYPES = {column.name: column.type for column in RECORD_COLUMNS}
SYNTHESIS_TYPES = {column.name: column.type for column in SYNTHESIS_COLUMNS}
# The live serializer's names for the columns the files name otherwise.
RECORD_NAMES = {"mho_code": "mho", "country_iso2": "country"}


class EditionRecordSerializer(serializers.BaseSerializer):
    """A record of an edition with the live list's field names (no ``id``:
    an edition's record is known by its MHO code and year)."""

    def to_representation(self, row):
        cells = row.cells(self.context["columns"])
        fields = [
            name
            for name in live_serializers.RecordSerializer.Meta.fields
            if name != "id"
        ]
        reverse = {value: key for key, value in RECORD_NAMES.items()}
        return {
            name: READ[RECORD_TYPES[reverse.get(name, name)]](
                cells[reverse.get(name, name)]
            )
            for name in fields
        }


class EditionSynthesisSerializer(serializers.BaseSerializer):
    def to_representation(self, row):
        edition = self.context["edition"]
        data = {"country": row.country or None, "provisional": row.year > edition.year}
        for name in live_serializers.SYNTHESIS_FIELDS:
            data[name] = READ[SYNTHESIS_TYPES[name]](row.data.get(name, ""))
        data["built_at"] = edition.published_at
        return data


class EditionPagination(StrictPagination):
    """The live lists' pages, which also say which figures they hold."""

    served = LIVE

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {EDITION: self.served, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            EDITION: {
                "type": "string",
                "example": "2025.1",
                "description": str(
                    _("The edition whose figures the page holds, or live.")
                ),
            },
            **paginated["properties"],
        }
        paginated["required"] = [EDITION, *paginated.get("required", [])]
        return paginated


class _EditionAware:
    """Serves the rows of ``?edition=`` when given, else the live ones."""

    pagination_class = EditionPagination
    edition_filterset = None
    edition_serializer = None

    def served_edition(self) -> Edition | None:
        if not hasattr(self, "_served_edition"):
            self._served_edition = None
            identifier = self.request.query_params.get(EDITION)
            if identifier and self.action == "list":
                if not re.fullmatch(IDENTIFIER_PATTERN, identifier):
                    raise ValidationError(
                        {EDITION: [_("Give an edition identifier like 2025.1.")]}
                    )
                edition = Edition.objects.filter(identifier=identifier).first()
                if edition is None:
                    raise NotFound(_("No edition has this identifier."))
                self._served_edition = edition
        return self._served_edition

    @property
    def filterset_class(self):
        if self.served_edition() is not None:
            return self.edition_filterset
        return self.live_filterset

    def get_serializer_class(self):
        if self.served_edition() is not None:
            return self.edition_serializer
        return super().get_serializer_class()

    def get_serializer_context(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_serializer_context()
        return {
            "request": self.request,
            "edition": edition,
            "columns": edition.record_columns,
        }

    def get_paginated_response(self, data):
        edition = self.served_edition()
        self.paginator.served = edition.identifier if edition else LIVE
        return super().get_paginated_response(data)


class RecordViewSet(_EditionAware, live_views.RecordViewSet):
    __doc__ = live_views.RecordViewSet.__doc__
    live_filterset = LiveRecordFilter
    edition_filterset = EditionRecordFilter
    edition_serializer = EditionRecordSerializer

    def get_queryset(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_queryset()
        return EditionRecord.objects.filter(edition=edition).order_by(
            "mho_code", "year"
        )


class SynthesisViewSet(_EditionAware, live_views.SynthesisViewSet):
    __doc__ = live_views.SynthesisViewSet.__doc__
    live_filterset = LiveSynthesisFilter
    edition_filterset = EditionSynthesisFilter
    edition_serializer = EditionSynthesisSerializer

    def get_queryset(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_queryset()
        return EditionSynthesisRow.objects.filter(edition=edition).order_by(
            "year", "country"
        )
