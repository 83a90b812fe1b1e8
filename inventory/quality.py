"""The data quality score of a yearly record, defined once and computed by the
database (``RecordQuerySet.with_quality``): never a Python loop over records.

A score out of 100 adds four parts of 25 points each:

- *complete*: 25 × the share of the key fields reported (``KEY_FIELDS``: the
  figures the synthesis's ratios are made of);
- *consistent*: 25 × the share of the consistency checks passed (``CHECKS``,
  the warnings of ``inventory.validation`` a submitter must confirm; a check
  whose figures are missing passes);
- *on time*: 25 when the record is submitted or validated no later than the
  closing day of its year's campaign (records of a year without a campaign,
  and validated records without a submission date, imported ones, count as
  on time);
- *validated*: 25 when the focal point validated it.

A country's score for a year is the mean of its records' scores; the public
pages take the validated records of approved MHOs only (``public()``), the
focal point's dashboard every record of the campaign.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Abs, Cast, TruncDate
from django.utils.translation import get_language

from inventory.models.record import SYNTHESIS_FIGURES

KEY_FIELDS = SYNTHESIS_FIGURES
PART_POINTS = 25


def _jump(name: str, previous: str) -> Q:
    """W01, W02: more than 50 % away from last year's figure (in integers:
    2 × |now − then| > then)."""
    return Q(**{f"{previous}__gt": 0, f"_jump_{name}__gt": F(previous)})


# Each check: its code (the warning of inventory.validation it repeats) and
# the condition of a record that fails it, over the record's fields and
# ``previous_members`` / ``previous_beneficiaries`` (the MHO's record of the
# year before, whatever its state, as the form compares).
CHECKS: list[tuple[str, Q]] = [
    ("W01", _jump("members", "previous_members")),
    ("W02", _jump("beneficiaries", "previous_beneficiaries")),
    ("W03", Q(contributions_collected__gt=F("contributions_expected"))),
    ("W04", Q(benefits_paid__gt=F("contributions_collected"))),
    ("W05", Q(renewing_members__gt=F("previous_members"))),
]


def _one_if(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0))


def quality_annotations(model) -> list[dict]:
    """The annotations of ``with_quality``, in the order they must be applied
    (each step reads the ones before)."""
    from .models import Campaign

    campaign = Campaign.objects.filter(year=OuterRef("year"))
    submitted = Q(state__in=["submitted", "validated"])
    on_time = submitted & (
        ~Exists(campaign)
        | Q(submitted_at__isnull=True, state="validated")
        | Exists(campaign.filter(closes_on__gte=OuterRef("_submitted_on")))
    )
    return [
        {
            # The MHO's record of the year before, joined (not a subquery per
            # figure): at most one, by the unique (mho, year).
            "_before": FilteredRelation(
                "mho__records", condition=Q(mho__records__year=F("year") - 1)
            ),
        },
        {
            "previous_members": F("_before__members"),
            "previous_beneficiaries": F("_before__beneficiaries"),
            "_submitted_on": TruncDate("submitted_at"),
        },
        {
            "_jump_members": 2 * Abs(F("members") - F("previous_members")),
            "_jump_beneficiaries": 2
            * Abs(F("beneficiaries") - F("previous_beneficiaries")),
        },
        {
            "quality_filled": sum(
                (_one_if(Q(**{f"{name}__isnull": False})) for name in KEY_FIELDS),
                Value(0),
            ),
            # A check whose figures are missing compares to NULL: not failed.
            "quality_passed": Value(len(CHECKS))
            - sum((_one_if(condition) for _code, condition in CHECKS), Value(0)),
            # Failed checks as a bit mask, in CHECKS order (1 = the first).
            "quality_failed_mask": sum(
                (
                    _one_if(condition) * (2**index)
                    for index, (_code, condition) in enumerate(CHECKS)
                ),
                Value(0),
            ),
            "quality_on_time": _one_if(on_time),
            "quality_validated": _one_if(Q(state="validated")),
        },
        {
            "quality_score": Cast(
                F("quality_filled") * Value(PART_POINTS * 1.0 / len(KEY_FIELDS))
                + F("quality_passed") * Value(PART_POINTS * 1.0 / len(CHECKS))
                + (F("quality_on_time") + F("quality_validated")) * PART_POINTS,
                FloatField(),
            ),
        },
    ]


def failed_checks(mask: int) -> list[str]:
    """The codes of the checks a record failed, from ``quality_failed_mask``."""
    return [code for index, (code, _q) in enumerate(CHECKS) if mask & (2**index)]


def _in_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


@dataclass(frozen=True)
class Definition:
    """One entry of the data dictionary that is not a column of the files."""

    name: str
    label_en: str
    label_fr: str
    definition_en: str
    definition_fr: str

    @property
    def label(self) -> str:
        return self.label_fr if _in_french() else self.label_en

    @property
    def definition(self) -> str:
        return self.definition_fr if _in_french() else self.definition_en


QUALITY_SCORE = Definition(
    "quality_score", "Data quality score", "Score de qualité des données",
    "Out of 100, four parts of 25 points: complete (25 × the share of the "
    "eight key figures reported: members, beneficiaries, target population, "
    "renewing members, contributions expected and collected, benefits paid, "
    "operating costs); consistent (25 × the share of the five checks passed: "
    "members or beneficiaries more than 50 % away from the year before, "
    "contributions collected above those expected, benefits paid above "
    "contributions collected, more renewing members than members the year "
    "before; a check whose figures are missing passes); on time (25 when "
    "submitted by the closing day of the year's campaign; years without a "
    "campaign and imported validated records count as on time); validated "
    "(25 when the focal point validated it). A country's score for a year is "
    "the mean of its records' scores; the public pages count validated "
    "records only.",
    "Sur 100, quatre parts de 25 points : complet (25 × la part des huit "
    "chiffres clés renseignés : adhérents, bénéficiaires, population cible, "
    "adhérents ayant renouvelé, cotisations attendues et recouvrées, "
    "prestations payées, frais de fonctionnement) ; cohérent (25 × la part "
    "des cinq contrôles réussis : adhérents ou bénéficiaires à plus de 50 % "
    "de l'année précédente, cotisations recouvrées au-dessus des attendues, "
    "prestations payées au-dessus des cotisations recouvrées, plus "
    "d'adhérents ayant renouvelé que d'adhérents l'année précédente ; un "
    "contrôle dont les chiffres manquent est réussi) ; à temps (25 si "
    "l'enregistrement est soumis au plus tard le jour de clôture de la "
    "campagne de l'année ; les années sans campagne et les enregistrements "
    "validés importés comptent comme à temps) ; validé (25 si le point focal "
    "l'a validé). Le score d'un pays pour une année est la moyenne des scores "
    "de ses enregistrements ; les pages publiques ne comptent que les "
    "enregistrements validés.",
)  # fmt: skip

PEER_GROUP = Definition(
    "peer_group", "Peers of a mutual", "Mutuelles comparables",
    "The other approved MHOs of the same country, type and area with a "
    "validated record of the same year; when fewer than 5, those of the same "
    "sub-region of Africa, type and area. Each ratio is computed for each "
    "mutual as the synthesis computes it (same numerator and denominator), "
    "over the mutuals that reported both its figures; the page shows the "
    "first quartile, the median and the third quartile (continuous "
    "percentiles, as PostgreSQL's percentile_cont).",
    "Les autres mutuelles approuvées du même pays, du même type et du même "
    "milieu ayant un enregistrement validé la même année ; s'il y en a moins "
    "de 5, celles de la même sous-région d'Afrique, du même type et du même "
    "milieu. Chaque ratio est calculé pour chaque mutuelle comme le calcule "
    "la synthèse (mêmes numérateur et dénominateur), parmi les mutuelles "
    "ayant donné ses deux chiffres ; la page montre le premier quartile, la "
    "médiane et le troisième quartile (centiles continus, comme "
    "percentile_cont de PostgreSQL).",
)  # fmt: skip

DEFINITIONS = [QUALITY_SCORE, PEER_GROUP]
