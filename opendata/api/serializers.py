"""What the API shows of each model: public figures and identities only, never
the review workflow (who submitted, comments, versions)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.indicator_table import INDICATORS
from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import DATA_FIELDS
from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
from opendata.models import SynthesisRow
from organizations.models import Country

CURRENCY_HELP = _(
    "The country's main currency that year; empty for the Africa-wide rows, "
    "where money is not summed across currencies."
)
MONEY_HELP = _(
    "Sum over the records in the main currency (money_records of them); null "
    "for the Africa-wide rows."
)
MONEY_FIELDS = [
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]


class CountrySerializer(serializers.ModelSerializer):
    mhos = serializers.IntegerField(
        source="mho_count",
        read_only=True,
        help_text=_("Number of approved MHOs in the inventory."),
    )

    class Meta:
        model = Country
        fields = ["iso2", "name_fr", "name_en", "region", "population", "mhos"]
        read_only_fields = fields


class MHOSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso2", read_only=True, help_text=_("ISO 3166 alpha-2 code.")
    )
    network = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("Identifier of the network or union the MHO belongs to."),
    )
    support_organizations = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text=_("Identifiers of the organizations that support the MHO."),
    )
    url = serializers.SerializerMethodField(
        help_text=_("The MHO's public page on the portal (in French).")
    )

    class Meta:
        model = MutualHealthOrganization
        fields = [
            "code",
            "name",
            "acronym",
            "country",
            "region",
            "locality",
            "area",
            "founded_year",
            "type",
            "membership_basis",
            "legal_status",
            "network",
            "support_organizations",
            "is_demo",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, mho) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("inventory:mho_detail", args=[mho.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class RecordSerializer(serializers.ModelSerializer):
    mho = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the MHO.")
    )
    country = serializers.CharField(
        source="mho.country.iso2",
        read_only=True,
        help_text=_("ISO 3166 alpha-2 code of the MHO's country."),
    )
    is_demo = serializers.BooleanField(
        source="mho.is_demo",
        read_only=True,
        help_text=_("The record belongs to a demonstration MHO: not real figures."),
    )
    validated_at = serializers.DateTimeField(
        source="reviewed_at",
        read_only=True,
        allow_null=True,
        help_text=_("When the country's focal point validated the record."),
    )

    class Meta:
        model = YearlyRecord
        fields = ["id", "mho", "country", "year", *DATA_FIELDS]
        fields += ["is_demo", "validated_at"]
        read_only_fields = fields


# The definitions of the data dictionary, so that the API and the files
# describe each figure in the same words.
SYNTHESIS_HELP = {column.name: column.definition_en for column in SYNTHESIS_COLUMNS}
SYNTHESIS_FIELDS = [
    column.name
    for column in SYNTHESIS_COLUMNS
    if not column.name.startswith("country_") and column.name != "includes_demo"
]


def _ratio(name: str):
    return serializers.FloatField(
        read_only=True, allow_null=True, help_text=SYNTHESIS_HELP[name]
    )


class SynthesisRowSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso2",
        read_only=True,
        allow_null=True,
        help_text=_("ISO 3166 alpha-2 code; null for the Africa-wide row."),
    )
    provisional = serializers.SerializerMethodField(
        help_text=_(
            "true while the year's figures may still change: its campaign has "
            "not closed (or, without a campaign, the year is not over or fewer "
            "than half the MHOs known have reported). The portal's pages show "
            "such a year only when asked for."
        )
    )

    class Meta:
        model = SynthesisRow
        fields = ["country", "provisional", *SYNTHESIS_FIELDS, "built_at"]
        read_only_fields = fields
        extra_kwargs = {
            **{name: {"help_text": SYNTHESIS_HELP[name]} for name in SYNTHESIS_FIELDS},
            "currency": {"help_text": CURRENCY_HELP},
            **{name: {"help_text": MONEY_HELP} for name in MONEY_FIELDS},
        }

    def get_fields(self):
        # Each indicator of the table (indicators.py), a number or null.
        fields = super().get_fields()
        fields.update(
            {indicator.name: _ratio(indicator.name) for indicator in INDICATORS}
        )
        return fields

    def get_provisional(self, row) -> bool:
        return row.year in self.context["provisional_years"]
