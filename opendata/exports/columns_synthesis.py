"""The data dictionary of synthesis.csv and the synthesis sheet (see columns.py):
for every year with validated records, one row per country with known MHOs
(whether they reported or not) and one Africa-wide row. Every ratio comes with
its numerator, its denominator and the number of MHOs that reported both."""

from opendata.models.synthesis import RATIO_BY_NAME

from .columns import (
    COUNT_MHOS,
    ISO_COUNTRY,
    MONEY,
    PERSONS,
    RATIO,
    YEAR,
    Column,
    _unit,
)

_STATUSES = {
    "functional": "fonctionnelle",
    "difficulty": "en difficulté",
    "starting": "en démarrage",
    "project": "en projet",
    "inactive": "inactive",
}
_MONEY = {
    "contributions_expected": ("contributions expected", "cotisations attendues"),
    "contributions_collected": ("contributions collected", "cotisations recouvrées"),
    "benefits_paid": ("benefits paid", "prestations payées"),
    "operating_costs": ("operating costs", "frais de fonctionnement"),
}
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
# Each ratio: its definition, then what its numerator and denominator add up,
# over the MHOs that reported both (the ratio's *_mhos column).
_RATIOS = {
    "growth": (
        ("Member growth (M.1, gross growth rate; M.1, M.2 and M.5 are the "
         f"{GUIDE_EN}): growth_numerator / growth_denominator − 1.",
         "Croissance des adhérents (M.1, taux de croissance brute ; M.1, "
         f"M.2 et M.5 sont les {GUIDE_FR}) : growth_numerator / "
         "growth_denominator − 1."),
        ("Members of the MHOs that reported their members both this year and "
         "the year before.",
         "Adhérents des mutuelles ayant donné leur nombre "
         "d'adhérents cette année et l'année précédente."),
        ("Members of those same MHOs the year before.",
         "Adhérents de ces mêmes mutuelles l'année "
         "précédente."),
    ),
    "retention": (
        ("Retention (M.2, retention rate): retention_numerator / "
         "retention_denominator.",
         "Fidélisation (M.2, taux de fidélisation) : "
         "retention_numerator / retention_denominator."),
        ("Renewing members of the MHOs that reported their renewing members "
         "this year and their members the year before.",
         "Adhérents ayant renouvelé leur adhésion, des mutuelles "
         "ayant donné ce nombre cette année et leur nombre "
         "d'adhérents l'année précédente."),
        ("Members of those same MHOs the year before.",
         "Adhérents de ces mêmes mutuelles l'année "
         "précédente."),
    ),
    "penetration": (
        ("Penetration (M.5, penetration rate): penetration_numerator / "
         "penetration_denominator.",
         "Taux de pénétration (M.5) : penetration_numerator / "
         "penetration_denominator."),
        ("Beneficiaries of the MHOs that reported both their beneficiaries and "
         "their target population.",
         "Bénéficiaires des mutuelles ayant donné leurs "
         "bénéficiaires et leur population cible."),
        ("Target population of those same MHOs.",
         "Population cible de ces mêmes mutuelles."),
    ),
    "recovery": (
        ("Contribution recovery: recovery_numerator / recovery_denominator.",
         "Taux de recouvrement des cotisations : recovery_numerator / "
         "recovery_denominator."),
        ("Contributions collected by the MHOs that reported both their "
         "contributions collected and expected." + MAIN_EN,
         "Cotisations recouvrées des mutuelles ayant donné leurs "
         "cotisations recouvrées et attendues." + MAIN_FR),
        ("Contributions expected of those same MHOs." + MAIN_EN,
         "Cotisations attendues de ces mêmes mutuelles." + MAIN_FR),
    ),
    "claims_ratio": (
        ("Claims ratio (benefits paid / contributions collected): "
         "claims_ratio_numerator / claims_ratio_denominator. Insurance "
         "monitoring guides usually divide by the contributions earned for the "
         "period, which the inventory does not ask for: the two are not "
         "comparable.",
         "Taux de sinistralité (prestations payées / cotisations "
         "recouvrées) : claims_ratio_numerator / claims_ratio_denominator. "
         "Les guides de suivi de l'assurance divisent le plus souvent par les "
         "cotisations acquises de la période, que l'inventaire ne demande "
         "pas : les deux ne sont pas comparables."),
        ("Benefits paid by the MHOs that reported both their benefits paid and "
         "their contributions collected." + MAIN_EN,
         "Prestations payées des mutuelles ayant donné leurs "
         "prestations payées et leurs cotisations recouvrées." + MAIN_FR),
        ("Contributions collected by those same MHOs." + MAIN_EN,
         "Cotisations recouvrées de ces mêmes mutuelles." + MAIN_FR),
    ),
    "operating_cost_ratio": (
        ("Operating cost ratio: operating_cost_ratio_numerator / "
         "operating_cost_ratio_denominator.",
         "Part des frais de fonctionnement : operating_cost_ratio_numerator / "
         "operating_cost_ratio_denominator."),
        ("Operating costs of the MHOs that reported both their operating costs "
         "and their contributions collected." + MAIN_EN,
         "Frais de fonctionnement des mutuelles ayant donné leurs frais de "
         "fonctionnement et leurs cotisations recouvrées." + MAIN_FR),
        ("Contributions collected by those same MHOs." + MAIN_EN,
         "Cotisations recouvrées de ces mêmes mutuelles." + MAIN_FR),
    ),
    "coverage": (
        ("Coverage of the population: coverage_numerator / "
         "coverage_denominator.",
         "Couverture de la population : coverage_numerator / "
         "coverage_denominator."),
        ("Beneficiaries of the MHOs that reported them, where the secretariat "
         "entered the country's population; on the Africa-wide row, over the "
         "countries that have one.",
         "Bénéficiaires des mutuelles qui les ont donnés, quand "
         "le secrétariat a saisi la population du pays ; sur la ligne "
         "Afrique, pour les pays qui en ont une."),
        ("Population of the country (of those countries on the Africa-wide "
         "row).",
         "Population du pays (de ces pays sur la ligne Afrique)."),
    ),
}  # fmt: skip
INDICATORS = ["completeness", *_RATIOS]


def _ratio_columns(name, ratio, numerator, denominator) -> list[Column]:
    unit = MONEY if RATIO_BY_NAME[name].money else PERSONS
    return [
        Column(name, "number", *ratio, source=name, **RATIO),
        Column(f"{name}_numerator", "integer", *numerator,
               source=f"{name}_numerator", **unit),
        Column(f"{name}_denominator", "integer", *denominator,
               source=f"{name}_denominator", **unit),
        Column(f"{name}_mhos", "integer",
               f"MHOs that reported both figures of {name}: the MHOs its "
               "numerator and denominator add up.",
               f"Mutuelles ayant donné les deux chiffres de {name} : celles "
               "dont le numérateur et le dénominateur font la somme.",
               source=f"{name}_mhos", **COUNT_MHOS),
    ]  # fmt: skip


def _stored(name, type_, en, fr, unit) -> Column:
    return Column(name, type_, en, fr, source=name, **unit)


SYNTHESIS_COLUMNS: list[Column] = [
    Column("country_iso2", "string",
           "Country; empty on the Africa-wide row, the total of the countries.",
           "Pays ; vide sur la ligne Afrique, total des pays.",
           source="country__iso2", **ISO_COUNTRY),
    Column("country_name_en", "string",
           "Name of the country in English; Africa on the Africa-wide row.",
           "Nom du pays en anglais ; Africa sur la ligne Afrique.",
           source="country__name_en"),
    Column("country_name_fr", "string",
           "Name of the country in French; Afrique on the Africa-wide row.",
           "Nom du pays en français ; Afrique sur la ligne Afrique.",
           source="country__name_fr"),
    _stored("year", "integer", "Year of the figures.", "Année des chiffres.", YEAR),
    Column("includes_demo", "boolean",
           "true when demonstration data (not real figures) counts in this row.",
           "true quand des données de démonstration (pas des chiffres réels) "
           "comptent dans cette ligne."),
    _stored("mhos_known", "integer",
            "Approved MHOs founded by that year (or whose founding year is "
            "unknown, or that reported for that year). Every country with "
            "known MHOs has a row, even when none reported.",
            "Mutuelles approuvées créées au plus tard cette année-là (ou dont "
            "l'année de création est inconnue, ou qui ont répondu pour cette "
            "année). Chaque pays ayant des mutuelles connues a une ligne, même "
            "si aucune n'a répondu.", COUNT_MHOS),
    _stored("mhos_reporting", "integer",
            "MHOs with a validated record for the year.",
            "Mutuelles ayant un enregistrement validé pour l'année.", COUNT_MHOS),
    *(
        _stored(f"mhos_{status}", "integer",
                f"Reporting MHOs whose status that year was {status}.",
                f"Mutuelles ayant répondu dont la situation cette année-là était "
                f"{status} ({fr}).", COUNT_MHOS)
        for status, fr in _STATUSES.items()
    ),
    _stored("members", "integer", "Members of the reporting MHOs.",
            "Adhérents des mutuelles ayant répondu.", PERSONS),
    _stored("beneficiaries", "integer", "Beneficiaries of the reporting MHOs.",
            "Bénéficiaires des mutuelles ayant répondu.", PERSONS),
    _stored("currency", "string",
            "Main currency of the country that year (the one most records use): "
            "the amounts are summed over the records in it only. Empty on the "
            "Africa-wide row.",
            "Monnaie principale du pays cette année-là (celle de la plupart des "
            "enregistrements) : les montants ne somment que les enregistrements "
            "dans cette monnaie. Vide sur la ligne Afrique.", _unit("ISO 4217")),
    _stored("money_records", "integer",
            "Records in the main currency, over which the amounts are summed.",
            "Enregistrements dans la monnaie principale, dont les montants sont "
            "additionnés.", _unit("records", "enregistrements")),
    *(
        _stored(name, "integer",
                f"Sum of the {en} of the records in the main currency; empty on "
                f"the Africa-wide row (currencies differ).",
                f"Somme des {fr} des enregistrements dans la monnaie principale ; "
                f"vide sur la ligne Afrique (les monnaies diffèrent).",
                _unit("currency units (see currency)",
                      "unités de la monnaie (voir currency)"))
        for name, (en, fr) in _MONEY.items()
    ),
    _stored("population", "integer",
            "Population of the country entered by the secretariat; on the "
            "Africa-wide row, the sum when every country has one.",
            "Population du pays saisie par le secrétariat ; sur la ligne Afrique, "
            "la somme quand tous les pays en ont une.", PERSONS),
    Column("completeness", "number",
           "Completeness: mhos_reporting / mhos_known.",
           "Complétude : mhos_reporting / mhos_known.",
           source="completeness", **RATIO),
    *(
        column
        for name, texts in _RATIOS.items()
        for column in _ratio_columns(name, *texts)
    ),
]  # fmt: skip
