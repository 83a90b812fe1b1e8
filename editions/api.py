"""Every API address with ``?edition=2025.1``: the figures of that edition,
from its frozen rows, with the same filters, pages and field names as the
live answers (the default). Every answer says which it serves, the same way:
its ``Data-Edition`` header and the ``edition`` field of its body hold the
identifier, or ``live``.

- countries: those of the edition's synthesis, ``mhos`` counting the MHOs of
  its records (their region and population are today's);
- MHOs: those of the edition's records, with the identity its inventory.csv
  froze (their latest record's row); filters: country, is_demo;
- records: the edition's rows; ``/records/<id>/?edition=`` is the record
  ``id`` as the edition froze it;
- synthesis: the edition's rows.

An unknown edition answers 404, a malformed identifier 400, and a withdrawn
edition 410 with the reason (its files stay at their address).

The viewsets are the open data's, extended here: the open data knows nothing
of editions (see the import contracts)."""

import re
from types import SimpleNamespace

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError

from inventory.models import YearlyRecord
from opendata.api import filters as live_filters
from opendata.api import serializers as live_serializers
from opendata.api import views as live_views
from opendata.api.query import StrictPagination
from opendata.exports.columns import RECORD_COLUMNS
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.exports.csv_build import FORMULA_STARTS
from organizations.models import Country

from .models import Edition, EditionRecord, EditionSynthesisRow

EDITION = "edition"
LIVE = "live"
HEADER = "Data-Edition"
IDENTIFIER_PATTERN = r"^[0-9]{4}\.[0-9]{1,3}$"
BAD_IDENTIFIER = _("Give an edition identifier like 2025.1.")


class EditionWithdrawn(APIException):
    status_code = status.HTTP_410_GONE
    default_code = "edition_withdrawn"


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
        validator = RegexValidator(IDENTIFIER_PATTERN, BAD_IDENTIFIER)
        super().__init__(*args, validators=[validator], method="served", **kwargs)


class _WithEdition(django_filters.FilterSet):
    edition = EditionFilter()

    def served(self, queryset, name, value):
        return queryset  # the view chose the rows of the edition already


class LiveCountryFilter(_WithEdition, live_filters.CountryFilter):
    class Meta(live_filters.CountryFilter.Meta):
        fields = [*live_filters.CountryFilter.Meta.fields, EDITION]


class EditionCountryFilter(LiveCountryFilter):
    pass


class LiveMHOFilter(_WithEdition, live_filters.MHOApiFilter):
    class Meta(live_filters.MHOApiFilter.Meta):
        fields = [*live_filters.MHOApiFilter.Meta.fields, EDITION]


class EditionMHOFilter(_WithEdition):
    country = live_filters.CountryCodeFilter(field_name="country")
    is_demo = live_filters.StrictBooleanFilter(field_name="is_demo")

    class Meta:
        model = EditionRecord
        fields = ["country", "is_demo", EDITION]


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


# The live MHO serializer's names for the columns of inventory.csv.
MHO_NAMES = {
    "code": "mho_code",
    "name": "mho_name",
    "acronym": "mho_acronym",
    "country": "country_iso2",
    "type": "mho_type",
}


class EditionMHOSerializer(serializers.BaseSerializer):
    """An MHO as the edition's inventory.csv froze it (the row of its latest
    record), with the live list's field names."""

    def to_representation(self, row):
        cells = row.cells(self.context["columns"])
        data = {}
        for name in live_serializers.MHOSerializer.Meta.fields:
            column = MHO_NAMES.get(name, name)
            if name == "support_organizations":
                data[name] = [one for one in cells[column].split("|") if one]
            elif name == "network":
                data[name] = cells[column] or None
            elif name != "url":
                data[name] = READ[RECORD_TYPES[column]](cells[column])
        # The MHO's page on the portal, as the live list gives it.
        data["url"] = live_serializers.MHOSerializer(context=self.context).get_url(
            SimpleNamespace(code=row.mho_code)
        )
        return data


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
    """Serves the rows of ``?edition=`` when given, else the live ones, and
    says which in the ``Data-Edition`` header and the body's ``edition``."""

    pagination_class = EditionPagination
    edition_filterset = None
    edition_serializer = None

    def served_edition(self) -> Edition | None:
        if not hasattr(self, "_served_edition"):
            self._served_edition = None
            identifier = self.request.query_params.get(EDITION)
            if identifier is not None:
                self._served_edition = _edition_of(identifier)
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

    def filter_queryset(self, queryset):
        if self.action == "list":
            return super().filter_queryset(queryset)
        # A detail answers one object: it takes ``edition`` and nothing else.
        for name in self.request.query_params:
            values = self.request.query_params.getlist(name)
            if name != EDITION:
                raise ValidationError(
                    {name: [_("Unknown parameter: this address takes edition.")]}
                )
            if len(values) > 1:
                raise ValidationError({name: [_("Give this parameter once.")]})
        return queryset

    def served(self) -> str:
        edition = self.served_edition()
        return edition.identifier if edition else LIVE

    def get_paginated_response(self, data):
        self.paginator.served = self.served()
        return super().get_paginated_response(data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code != status.HTTP_200_OK:
            return response
        # An answer that did not read the edition (OPTIONS) names none it
        # could not serve.
        if hasattr(self, "_served_edition"):
            response[HEADER] = self.served()
        elif EDITION not in request.query_params:
            response[HEADER] = LIVE
        return response


class _DetailServed(_EditionAware):
    """A detail answer names the edition in its body too."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response.data = {EDITION: self.served(), **response.data}
        return response


def _edition_of(identifier: str) -> Edition:
    if not re.fullmatch(IDENTIFIER_PATTERN, identifier):
        raise ValidationError({EDITION: [BAD_IDENTIFIER]})
    edition = Edition.objects.filter(identifier=identifier).first()
    if edition is None:
        raise NotFound(_("No edition has this identifier."))
    if edition.is_withdrawn:
        raise EditionWithdrawn(
            _(
                "Edition %(identifier)s was withdrawn on %(day)s: %(reason)s "
                "Its files stay at their address for whoever cited them."
            )
            % {
                "identifier": edition.identifier,
                "day": edition.withdrawn_at.date().isoformat(),
                "reason": edition.withdrawal_reason,
            }
        )
    return edition


def _latest_rows(edition: Edition):
    """The row of each MHO's latest record in the edition: the identity its
    files give it. One anti-join, on the (edition, MHO, year) unique index."""
    later = EditionRecord.objects.filter(
        edition=OuterRef("edition"),
        mho_code=OuterRef("mho_code"),
        year__gt=OuterRef("year"),
    )
    return (
        EditionRecord.objects.filter(edition=edition)
        .filter(~Exists(later))
        .order_by("mho_code")
    )


class CountryViewSet(_DetailServed, live_views.CountryViewSet):
    __doc__ = live_views.CountryViewSet.__doc__
    live_filterset = LiveCountryFilter
    edition_filterset = EditionCountryFilter

    def get_serializer_class(self):
        return live_serializers.CountrySerializer

    def get_serializer_context(self):
        return super(_EditionAware, self).get_serializer_context()

    def get_queryset(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_queryset()
        in_synthesis = EditionSynthesisRow.objects.filter(edition=edition).values(
            "country"
        )
        mhos = (
            EditionRecord.objects.filter(edition=edition, country=OuterRef("iso2"))
            .order_by()
            .values("country")
            .annotate(n=Count("mho_code", distinct=True))
            .values("n")
        )
        return (
            Country.objects.filter(iso2__in=in_synthesis)
            .annotate(
                mho_count=Coalesce(Subquery(mhos, output_field=IntegerField()), 0)
            )
            .order_by("iso2")
        )


class MHOViewSet(_DetailServed, live_views.MHOViewSet):
    __doc__ = live_views.MHOViewSet.__doc__
    live_filterset = LiveMHOFilter
    edition_filterset = EditionMHOFilter
    edition_serializer = EditionMHOSerializer

    def get_queryset(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_queryset()
        return _latest_rows(edition)

    def get_object(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_object()
        code = self.kwargs[self.lookup_field].upper()
        row = self.filter_queryset(self.get_queryset()).filter(mho_code=code).first()
        if row is None:
            raise NotFound(_("No MHO of this edition has this code."))
        return row


class RecordViewSet(_DetailServed, live_views.RecordViewSet):
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

    def get_object(self):
        edition = self.served_edition()
        if edition is None:
            return super().get_object()
        key = (
            YearlyRecord.objects.filter(pk=self.kwargs["pk"])
            .values_list("mho__code", "year")
            .first()
        )
        row = None
        if key is not None:
            row = (
                self.filter_queryset(self.get_queryset())
                .filter(mho_code=key[0], year=key[1])
                .first()
            )
        if row is None:
            raise NotFound(_("This edition has no record with this id."))
        return row


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


# The schema: every operation takes ``edition``, says which it served in its
# Data-Edition header, and may answer 410 for a withdrawn edition.
EDITION_PARAMETER = OpenApiParameter(
    EDITION,
    {"type": "string", "pattern": IDENTIFIER_PATTERN},
    OpenApiParameter.QUERY,
    description=_(
        "Identifier of a published edition, e.g. 2025.1: the answer gives that "
        "edition's frozen figures instead of the live ones (the default). The "
        "MHOs of an edition are filtered by country and is_demo only; its "
        "records have no id."
    ),
)
SERVED_HEADER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description=_("The edition the answer serves, or live."),
)
GONE = OpenApiResponse(
    live_views.DETAIL,
    description=_(
        "The edition asked for was withdrawn: the reason is given; its files "
        "stay at their address."
    ),
)


def _in_edition(serializer_class):
    """The detail answer: the object, and the edition it comes from."""
    name = serializer_class.__name__.removesuffix("Serializer")
    meta = type("Meta", (serializer_class.Meta,), {})
    meta.fields = [EDITION, *serializer_class.Meta.fields]
    meta.read_only_fields = meta.fields
    served = serializers.CharField(
        read_only=True, help_text=_("The edition the answer serves, or live.")
    )
    return type(f"{name}Served", (serializer_class,), {EDITION: served, "Meta": meta})


def _documented(viewset, serializer_class, *, detail: bool):
    lists = extend_schema(
        parameters=[EDITION_PARAMETER, SERVED_HEADER],
        responses={
            200: serializer_class(many=True),
            400: live_views.BAD_FILTER,
            404: live_views.NOT_FOUND,
            410: GONE,
            429: live_views.THROTTLED,
        },
    )
    if not detail:
        return extend_schema_view(list=lists)(viewset)
    retrieve = extend_schema(
        parameters=[EDITION_PARAMETER, SERVED_HEADER],
        responses={
            200: _in_edition(serializer_class),
            400: live_views.BAD_PARAMETER,
            404: live_views.NOT_FOUND,
            410: GONE,
            429: live_views.THROTTLED,
        },
    )
    return extend_schema_view(list=lists, retrieve=retrieve)(viewset)


CountryViewSet = _documented(
    CountryViewSet, live_serializers.CountrySerializer, detail=True
)
MHOViewSet = _documented(MHOViewSet, live_serializers.MHOSerializer, detail=True)
RecordViewSet = _documented(
    RecordViewSet, live_serializers.RecordSerializer, detail=True
)
SynthesisViewSet = _documented(
    SynthesisViewSet, live_serializers.SynthesisRowSerializer, detail=False
)
