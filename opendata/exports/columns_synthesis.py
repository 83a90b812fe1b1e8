"""The data dictionary of synthesis.csv and the synthesis sheet (see columns.py):
for every year with validated records, one row per country with known MHOs
(whether they reported or not) and one Africa-wide row. Every ratio comes with
its numerator, its denominator and the number of MHOs that reported both."""

from inventory.indicator_table import COMPLETENESS, RATIOS, Indicator

from .columns import (
    COUNT_MHOS,
    ISO_COUNTRY,
    MONEY,
    PERSONS,
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


def _indicator(indicator: Indicator) -> Column:
    return Column(
        indicator.name,
        "number",
        indicator.definition_en,
        indicator.definition_fr,
        source=indicator.name,
        unit_en=indicator.unit_en,
        unit_fr=indicator.unit_fr,
    )


def _ratio_columns(ratio: Indicator) -> list[Column]:
    unit = MONEY if ratio.money else PERSONS
    name = ratio.name
    return [
        _indicator(ratio),
        Column(ratio.numerator, "integer", ratio.numerator_en, ratio.numerator_fr,
               source=ratio.numerator, **unit),
        Column(ratio.denominator, "integer", ratio.denominator_en,
               ratio.denominator_fr, source=ratio.denominator, **unit),
        Column(ratio.mhos, "integer",
               f"MHOs that reported both figures of {name}: the MHOs its "
               "numerator and denominator add up.",
               f"Mutuelles ayant donné les deux chiffres de {name} : celles "
               "dont le numérateur et le dénominateur font la somme.",
               source=ratio.mhos, **COUNT_MHOS),
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
    _indicator(COMPLETENESS),
    *(column for ratio in RATIOS for column in _ratio_columns(ratio)),
]  # fmt: skip
