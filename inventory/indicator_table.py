"""The indicators of the inventory, once: what each is called, what it means,
its unit, its code in the source framework and how the synthesis computes it.

The open data reads this table for the synthesis rebuild
(``opendata/services/synthesis_sql.py``), the stored fields of
``SynthesisRow``, the data dictionary of the files and of datapackage.json
(``opendata/exports/columns_synthesis.py``), the API's serializer and the
synthesis pages; the MHO page reads its labels. It lives in the inventory
because both show it and the inventory imports nothing of the open data.
Adding an indicator is one entry here (and a migration for its three stored
fields of ``SynthesisRow``).

Every ratio is stored as its numerator, its denominator and the number of MHOs
they add up: the MHOs that reported both figures (for money, in the country's
main currency of the year). A ratio never divides one MHO's figure by the
figures of others, and says over how many MHOs it is computed.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

GUIDE_EN = (
    "indicator codes of the ILO STEP programme and CIDR monitoring and "
    "evaluation guide for health micro-insurance schemes (« Guide de suivi "
    "et d'évaluation des systèmes de micro-assurance santé », "
    "volume 1: methodology)"
)
GUIDE_FR = (
    "codes des indicateurs du « Guide de suivi et d'évaluation des "
    "systèmes de micro-assurance santé » du programme STEP du BIT "
    "et du CIDR (tome 1 : méthodologie)"
)
MAIN_EN = (
    " Records in the country's main currency only; empty on the "
    "Africa-wide row (currencies differ)."
)
MAIN_FR = (
    " Enregistrements dans la monnaie principale du pays seulement ; vide "
    "sur la ligne Afrique (les monnaies diffèrent)."
)
UNIT_EN, UNIT_FR = "ratio (0.25 = 25 %)", "ratio (0,25 = 25 %)"


def _in_french() -> bool:
    return (get_language() or "").split("-")[0] == "fr"


def _ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Indicator:
    """One indicator of the synthesis. ``sql`` is its (numerator, denominator)
    over c (the record) and p (the same MHO's record of the year before);
    None when the rebuild pairs them otherwise (coverage: with the country's
    population) or when nothing is stored (completeness)."""

    name: str  # the column of the files and the API, the property of SynthesisRow
    code: str  # in the source framework (see GUIDE_EN), "" when it has none
    label_en: str
    label_fr: str
    summary_en: str  # on the synthesis pages
    summary_fr: str
    definition_en: str  # in the data dictionary
    definition_fr: str
    numerator_en: str = ""  # what the numerator column adds up
    numerator_fr: str = ""
    denominator_en: str = ""
    denominator_fr: str = ""
    # The stored fields' labels: numerator, denominator, MHOs.
    field_labels: tuple[Promise, Promise, Promise] | None = None
    sql: tuple[str, str] | None = None
    money: bool = False  # main currency only; none on the Africa-wide row
    minus_one: bool = False  # growth: numerator / denominator − 1
    on_tables: bool = True  # a column of the synthesis tables (coverage: apart)
    unit_en: str = UNIT_EN
    unit_fr: str = UNIT_FR

    @property
    def stored(self) -> bool:
        """Stored as numerator, denominator and MHOs (completeness is not)."""
        return self.field_labels is not None

    @property
    def numerator(self) -> str:
        return f"{self.name}_numerator"

    @property
    def denominator(self) -> str:
        return f"{self.name}_denominator"

    @property
    def mhos(self) -> str:
        return f"{self.name}_mhos"

    @property
    def label(self) -> str:
        """In the active language."""
        return self.label_fr if _in_french() else self.label_en

    @property
    def summary(self) -> str:
        """In the active language."""
        return self.summary_fr if _in_french() else self.summary_en

    def of(self, row) -> float | None:
        value = _ratio(getattr(row, self.numerator), getattr(row, self.denominator))
        return value - 1 if value is not None and self.minus_one else value


COMPLETENESS = Indicator(
    "completeness", "", "Completeness", "Taux de complétude",
    "MHOs that reported validated figures out of the MHOs known that year "
    "(approved, founded by that year)",
    "Mutuelles ayant déclaré des chiffres validés, rapportées aux mutuelles "
    "connues cette année-là (approuvées, créées au plus tard cette année-là)",
    "Completeness: mhos_reporting / mhos_known.",
    "Complétude : mhos_reporting / mhos_known.",
    on_tables=False,
)  # fmt: skip

INDICATORS = [
    COMPLETENESS,
    Indicator(
        "growth", "M.1", "Member growth", "Croissance des adhérents",
        "Change in members from the year before, over the mutuals that "
        "reported their members both years",
        "Évolution du nombre d'adhérents depuis l'année précédente, parmi les "
        "mutuelles qui ont donné leurs adhérents les deux années",
        "Member growth (M.1, gross growth rate; M.1, M.2 and M.5 are the "
        f"{GUIDE_EN}): growth_numerator / growth_denominator − 1.",
        "Croissance des adhérents (M.1, taux de croissance brute ; M.1, "
        f"M.2 et M.5 sont les {GUIDE_FR}) : growth_numerator / "
        "growth_denominator − 1.",
        "Members of the MHOs that reported their members both this year and "
        "the year before.",
        "Adhérents des mutuelles ayant donné leur nombre "
        "d'adhérents cette année et l'année précédente.",
        "Members of those same MHOs the year before.",
        "Adhérents de ces mêmes mutuelles l'année précédente.",
        field_labels=(
            _("member growth: members"),
            _("member growth: members the year before"),
            _("member growth: MHOs"),
        ),
        sql=("c.members", "p.members"),
        minus_one=True,
    ),
    Indicator(
        "retention", "M.2", "Retention", "Taux de fidélisation",
        "Renewing members out of the same mutuals' members the year before",
        "Adhérents ayant renouvelé leur adhésion, rapportés aux adhérents de "
        "ces mêmes mutuelles l'année précédente",
        "Retention (M.2, retention rate): retention_numerator / "
        "retention_denominator.",
        "Fidélisation (M.2, taux de fidélisation) : "
        "retention_numerator / retention_denominator.",
        "Renewing members of the MHOs that reported their renewing members "
        "this year and their members the year before.",
        "Adhérents ayant renouvelé leur adhésion, des mutuelles "
        "ayant donné ce nombre cette année et leur nombre "
        "d'adhérents l'année précédente.",
        "Members of those same MHOs the year before.",
        "Adhérents de ces mêmes mutuelles l'année précédente.",
        field_labels=(
            _("retention: renewing members"),
            _("retention: members the year before"),
            _("retention: MHOs"),
        ),
        sql=("c.renewing_members", "p.members"),
    ),
    Indicator(
        "penetration", "M.5", "Penetration", "Taux de pénétration",
        "Beneficiaries out of the target population",
        "Bénéficiaires rapportés à la population cible",
        "Penetration (M.5, penetration rate): penetration_numerator / "
        "penetration_denominator.",
        "Taux de pénétration (M.5) : penetration_numerator / "
        "penetration_denominator.",
        "Beneficiaries of the MHOs that reported both their beneficiaries and "
        "their target population.",
        "Bénéficiaires des mutuelles ayant donné leurs "
        "bénéficiaires et leur population cible.",
        "Target population of those same MHOs.",
        "Population cible de ces mêmes mutuelles.",
        field_labels=(
            _("penetration: beneficiaries"),
            _("penetration: target population"),
            _("penetration: MHOs"),
        ),
        sql=("c.beneficiaries", "c.target_population"),
    ),
    Indicator(
        "recovery", "", "Contribution recovery",
        "Taux de recouvrement des cotisations",
        "Contributions collected out of those expected",
        "Cotisations recouvrées rapportées aux cotisations attendues",
        "Contribution recovery: recovery_numerator / recovery_denominator.",
        "Taux de recouvrement des cotisations : recovery_numerator / "
        "recovery_denominator.",
        "Contributions collected by the MHOs that reported both their "
        "contributions collected and expected." + MAIN_EN,
        "Cotisations recouvrées des mutuelles ayant donné leurs "
        "cotisations recouvrées et attendues." + MAIN_FR,
        "Contributions expected of those same MHOs." + MAIN_EN,
        "Cotisations attendues de ces mêmes mutuelles." + MAIN_FR,
        field_labels=(
            _("recovery: contributions collected"),
            _("recovery: contributions expected"),
            _("recovery: MHOs"),
        ),
        sql=("c.contributions_collected", "c.contributions_expected"),
        money=True,
    ),
    Indicator(
        "claims_ratio", "",
        "Claims ratio (benefits paid / contributions collected)",
        "Taux de sinistralité (prestations payées / cotisations recouvrées)",
        "Benefits paid out of the contributions collected during the year. "
        "Insurance guides usually divide by the contributions earned for the "
        "period; the inventory does not ask for them.",
        "Prestations payées rapportées aux cotisations recouvrées au cours de "
        "l'année. Les guides de l'assurance divisent le plus souvent par les "
        "cotisations acquises de la période ; l'inventaire ne les demande pas.",
        "Claims ratio (benefits paid / contributions collected): "
        "claims_ratio_numerator / claims_ratio_denominator. Insurance "
        "monitoring guides usually divide by the contributions earned for the "
        "period, which the inventory does not ask for: the two are not "
        "comparable.",
        "Taux de sinistralité (prestations payées / cotisations "
        "recouvrées) : claims_ratio_numerator / claims_ratio_denominator. "
        "Les guides de suivi de l'assurance divisent le plus souvent par les "
        "cotisations acquises de la période, que l'inventaire ne demande "
        "pas : les deux ne sont pas comparables.",
        "Benefits paid by the MHOs that reported both their benefits paid and "
        "their contributions collected." + MAIN_EN,
        "Prestations payées des mutuelles ayant donné leurs "
        "prestations payées et leurs cotisations recouvrées." + MAIN_FR,
        "Contributions collected by those same MHOs." + MAIN_EN,
        "Cotisations recouvrées de ces mêmes mutuelles." + MAIN_FR,
        field_labels=(
            _("claims ratio: benefits paid"),
            _("claims ratio: contributions collected"),
            _("claims ratio: MHOs"),
        ),
        sql=("c.benefits_paid", "c.contributions_collected"),
        money=True,
    ),
    Indicator(
        "operating_cost_ratio", "", "Operating cost ratio",
        "Ratio des frais de fonctionnement",
        "Operating costs out of contributions collected",
        "Frais de fonctionnement rapportés aux cotisations recouvrées",
        "Operating cost ratio: operating_cost_ratio_numerator / "
        "operating_cost_ratio_denominator.",
        "Part des frais de fonctionnement : operating_cost_ratio_numerator / "
        "operating_cost_ratio_denominator.",
        "Operating costs of the MHOs that reported both their operating costs "
        "and their contributions collected." + MAIN_EN,
        "Frais de fonctionnement des mutuelles ayant donné leurs frais de "
        "fonctionnement et leurs cotisations recouvrées." + MAIN_FR,
        "Contributions collected by those same MHOs." + MAIN_EN,
        "Cotisations recouvrées de ces mêmes mutuelles." + MAIN_FR,
        field_labels=(
            _("operating cost ratio: operating costs"),
            _("operating cost ratio: contributions collected"),
            _("operating cost ratio: MHOs"),
        ),
        sql=("c.operating_costs", "c.contributions_collected"),
        money=True,
    ),
    Indicator(
        "coverage", "", "Coverage of the population",
        "Taux de couverture de la population",
        "Beneficiaries out of the country's population, where the secretariat "
        "entered it",
        "Bénéficiaires rapportés à la population du pays, lorsque le "
        "secrétariat l'a saisie",
        "Coverage of the population: coverage_numerator / "
        "coverage_denominator.",
        "Couverture de la population : coverage_numerator / "
        "coverage_denominator.",
        "Beneficiaries of the MHOs that reported them, where the secretariat "
        "entered the country's population; on the Africa-wide row, over the "
        "countries that have one.",
        "Bénéficiaires des mutuelles qui les ont donnés, quand "
        "le secrétariat a saisi la population du pays ; sur la ligne "
        "Afrique, pour les pays qui en ont une.",
        "Population of the country (of those countries on the Africa-wide "
        "row).",
        "Population du pays (de ces pays sur la ligne Afrique).",
        field_labels=(
            _("coverage: beneficiaries"),
            _("coverage: population"),
            _("coverage: MHOs"),
        ),
        on_tables=False,
    ),
]  # fmt: skip
INDICATOR_BY_NAME = {indicator.name: indicator for indicator in INDICATORS}
# The columns of the tables of ratios, in order (coverage comes apart).
TABLE_INDICATORS = [indicator for indicator in INDICATORS if indicator.on_tables]
# The ratios stored as numerator, denominator and MHOs, in file order.
RATIOS = [indicator for indicator in INDICATORS if indicator.stored]
RATIO_BY_NAME = {ratio.name: ratio for ratio in RATIOS}
