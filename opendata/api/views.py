"""The read-only API: thin viewsets over the selectors of ``selectors.py``."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound

from opendata.selectors_years import public_years

from . import filters, selectors, serializers
from .query import StrictFilterBackend, StrictPagination

ERRORS = {
    "type": "object",
    "description": _("The wrong query parameters, each with its reasons."),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
BAD_FILTER = OpenApiResponse(
    ERRORS,
    description=_(
        "A query parameter is refused: unknown, given twice, empty, or a value "
        "out of its range."
    ),
)
BAD_PARAMETER = OpenApiResponse(
    ERRORS, description=_("A query parameter was given: this address takes none.")
)
NOT_FOUND = OpenApiResponse(DETAIL, description=_("No such object or page."))
THROTTLED = OpenApiResponse(
    DETAIL,
    description=_("Too many requests: wait the seconds given by Retry-After."),
)


def _documented(serializer_class, *, many: bool, parameters=()):
    """The answers of a list (many) or detail view, errors included."""
    if many:
        return extend_schema(
            responses={
                200: serializer_class(many=True),
                400: BAD_FILTER,
                404: NOT_FOUND,
                429: THROTTLED,
            }
        )
    return extend_schema(
        parameters=list(parameters),
        responses={
            200: serializer_class,
            400: BAD_PARAMETER,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )


class StrictQueryMixin:
    """Every parameter is checked (see ``query``); pages of up to 1,000 rows."""

    filter_backends = [StrictFilterBackend]
    pagination_class = StrictPagination
    not_found = _("Nothing is published under this address.")

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as error:
            raise NotFound(self.not_found) from error


def _read_only(serializer_class, *, tag: str, **retrieve):
    """Schema of a read-only viewset: its list and detail, under one tag."""

    def decorate(viewset):
        viewset = extend_schema(tags=[tag])(viewset)
        return extend_schema_view(
            list=_documented(serializer_class, many=True),
            retrieve=_documented(serializer_class, many=False, **retrieve),
        )(viewset)

    return decorate


@_read_only(serializers.CountrySerializer, tag="countries")
class CountryViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Countries that have MHOs in the inventory or synthesis tables."""

    serializer_class = serializers.CountrySerializer
    not_found = _("No country of the inventory has this code.")
    filterset_class = filters.CountryFilter
    lookup_field = "iso2"
    lookup_value_regex = "[A-Z]{2}"

    def get_queryset(self):
        return selectors.api_country_list()


@_read_only(serializers.MHOSerializer, tag="mhos")
class MHOViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Approved mutual health organizations, by code."""

    serializer_class = serializers.MHOSerializer
    not_found = _("No approved MHO has this code.")
    filterset_class = filters.MHOApiFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Z]{2}-[0-9]{4,6}"

    def get_queryset(self):
        return selectors.api_mho_list()


@_read_only(
    serializers.RecordSerializer,
    tag="records",
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
)
class RecordViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Validated yearly records of approved MHOs, by MHO code and year."""

    serializer_class = serializers.RecordSerializer
    not_found = _("No published record has this id.")
    filterset_class = filters.RecordFilter
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.api_record_list()


@extend_schema(tags=["synthesis"])
@extend_schema_view(list=_documented(serializers.SynthesisRowSerializer, many=True))
class SynthesisViewSet(
    StrictQueryMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Synthesis tables: one row per country and year, and one Africa-wide row
    per year (country null)."""

    serializer_class = serializers.SynthesisRowSerializer
    filterset_class = filters.SynthesisFilter

    def get_queryset(self):
        return selectors.api_synthesis_list()

    def get_serializer_context(self):
        years = public_years().years
        provisional = {one.year for one in years if one.provisional}
        return {**super().get_serializer_context(), "provisional_years": provisional}
