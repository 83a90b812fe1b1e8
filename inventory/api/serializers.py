"""What the API shows of each model: public figures and identities only, never
the review workflow (who submitted, comments, versions)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inventory.models import MutualHealthOrganization, SynthesisRow, YearlyRecord
from inventory.models.record import DATA_FIELDS
from organizations.models import Country

INDICATORS = {
    "growth": _(
        "Member growth against the year before, among the MHOs that "
        "reported both years (0.1 = +10 %)."
    ),
    "retention": _("Renewing members over the members of the year before."),
    "penetration": _("Beneficiaries over the target population, where known."),
    "recovery": _("Contributions collected over contributions expected."),
    "claims_ratio": _("Benefits paid over contributions collected."),
    "operating_cost_ratio": _("Operating costs over contributions collected."),
    "coverage": _("Beneficiaries over the population of the country."),
    "completeness": _("MHOs that reported over the MHOs known."),
}
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


class SynthesisRowSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso2",
        read_only=True,
        allow_null=True,
        help_text=_("ISO 3166 alpha-2 code; null for the Africa-wide row."),
    )
    growth = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["growth"]
    )
    retention = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["retention"]
    )
    penetration = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["penetration"]
    )
    recovery = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["recovery"]
    )
    claims_ratio = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["claims_ratio"]
    )
    operating_cost_ratio = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["operating_cost_ratio"]
    )
    coverage = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["coverage"]
    )
    completeness = serializers.FloatField(
        read_only=True, allow_null=True, help_text=INDICATORS["completeness"]
    )

    class Meta:
        model = SynthesisRow
        fields = [
            "country",
            "year",
            "mhos_known",
            "mhos_reporting",
            "mhos_functional",
            "mhos_difficulty",
            "mhos_starting",
            "mhos_project",
            "mhos_inactive",
            "members",
            "beneficiaries",
            "target_population",
            "beneficiaries_with_target",
            "panel_members",
            "panel_members_previous",
            "panel_renewing",
            "currency",
            "money_records",
            "contributions_expected",
            "contributions_collected",
            "benefits_paid",
            "operating_costs",
            "population",
            *INDICATORS,
            "built_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "currency": {"help_text": CURRENCY_HELP},
            **{name: {"help_text": MONEY_HELP} for name in MONEY_FIELDS},
        }
