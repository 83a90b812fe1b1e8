"""The data dictionary of synthesis.csv and the synthesis sheet (see columns.py):
one row per country and year, and one Africa-wide row per year."""

from .columns import COUNT_MHOS, ISO_COUNTRY, PERSONS, RATIO, YEAR, Column, _unit

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
# Ratios computed from the stored columns (SynthesisRow's properties).
_INDICATORS = {
    "growth": ("Member growth (M.1): panel_members / panel_members_previous − 1.",
               "Croissance des adhérents (M.1) : panel_members / "
               "panel_members_previous − 1."),
    "retention": ("Retention (M.2): panel_renewing / panel_members_previous.",
                  "Fidélisation (M.2) : panel_renewing / panel_members_previous."),
    "penetration": ("Penetration (M.5): beneficiaries_with_target / "
                    "target_population.",
                    "Taux de pénétration (M.5) : beneficiaries_with_target / "
                    "target_population."),
    "recovery": ("Contribution recovery: contributions_collected / "
                 "contributions_expected.",
                 "Taux de recouvrement des cotisations : contributions_collected "
                 "/ contributions_expected."),
    "claims_ratio": ("Claims ratio: benefits_paid / contributions_collected.",
                     "Taux de sinistralité : benefits_paid / "
                     "contributions_collected."),
    "operating_cost_ratio": ("Operating cost ratio: operating_costs / "
                             "contributions_collected.",
                             "Part des frais de fonctionnement : operating_costs "
                             "/ contributions_collected."),
    "coverage": ("Coverage of the population: beneficiaries / population.",
                 "Couverture de la population : beneficiaries / population."),
    "completeness": ("Completeness: mhos_reporting / mhos_known.",
                     "Complétude : mhos_reporting / mhos_known."),
}  # fmt: skip
INDICATORS = list(_INDICATORS)


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
            "unknown).",
            "Mutuelles approuvées créées au plus tard cette année-là (ou dont "
            "l'année de création est inconnue).", COUNT_MHOS),
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
    _stored("target_population", "integer",
            "Target population of the reporting MHOs that gave both their target "
            "population and their beneficiaries.",
            "Population cible des mutuelles ayant répondu qui ont donné leur "
            "population cible et leurs bénéficiaires.", PERSONS),
    _stored("beneficiaries_with_target", "integer",
            "Beneficiaries of those same MHOs.",
            "Bénéficiaires de ces mêmes mutuelles.", PERSONS),
    _stored("panel_members", "integer",
            "Members of the MHOs that reported both this year and the year before.",
            "Adhérents des mutuelles ayant répondu cette année et l'année "
            "précédente.", PERSONS),
    _stored("panel_members_previous", "integer",
            "Members of those MHOs the year before.",
            "Adhérents de ces mutuelles l'année précédente.", PERSONS),
    _stored("panel_renewing", "integer", "Renewing members of those MHOs.",
            "Adhérents de ces mutuelles ayant renouvelé leur adhésion.", PERSONS),
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
    *(
        Column(name, "number", en, fr, source=name, **RATIO)
        for name, (en, fr) in _INDICATORS.items()
    ),
]  # fmt: skip
