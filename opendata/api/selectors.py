"""The API's reads. Each list runs a fixed number of queries whatever the
number of rows, and is ordered on unique keys so that pages never overlap."""

from django.db.models import Count, F, Prefetch, Q

from inventory.models import MutualHealthOrganization, YearlyRecord
from opendata.models import SynthesisRow
from organizations.models import Country, Organization

APPROVED = MutualHealthOrganization.Approval.APPROVED


def api_country_list():
    """Countries with approved MHOs or synthesis rows, each with ``mho_count``."""
    with_mhos = MutualHealthOrganization.objects.approved().values("country_id")
    with_rows = SynthesisRow.objects.filter(country__isnull=False).values("country_id")
    return (
        Country.objects.filter(Q(pk__in=with_mhos) | Q(pk__in=with_rows))
        .annotate(mho_count=Count("mhos", filter=Q(mhos__approval=APPROVED)))
        .order_by("iso2")
    )


def api_mho_list():
    supporters = Organization.objects.only("slug").order_by("slug")
    return (
        MutualHealthOrganization.objects.approved()
        .select_related("country", "network")
        .prefetch_related(Prefetch("support_organizations", queryset=supporters))
        .order_by("code")
    )


def api_record_list():
    """Public records only: validated records of approved MHOs."""
    return (
        YearlyRecord.objects.public()
        .select_related("mho__country")
        .order_by("mho__code", "year")
    )


def api_synthesis_list():
    """Synthesis rows by year, the Africa-wide row first on every database."""
    return SynthesisRow.objects.select_related("country").order_by(
        "year", F("country__iso2").asc(nulls_first=True)
    )
