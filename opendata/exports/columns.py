"""The data dictionary: every column of the open-data files, in file order,
with its snake_case name, Table Schema type, French and English definitions and
unit. The CSV and XLSX writers, datapackage.json and the /data/ page all read
these lists, so a column is defined once.

Choice columns hold the stable codes (``functional``), never the labels.
"""

from dataclasses import dataclass

from inventory.models import MutualHealthOrganization, YearlyRecord
from inventory.models.record import BENEFIT_FIELDS, DATA_FIELDS

RECORDS, MHOS, SYNTHESIS = "records", "mhos", "synthesis"
ORGANIZATIONS = "organizations"

MHO = MutualHealthOrganization
Record = YearlyRecord


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema: string, integer, number, boolean, datetime
    definition_en: str
    definition_fr: str
    unit_en: str = ""
    unit_fr: str = ""
    source: str | None = None  # ORM lookup from the sheet's model; None: computed
    choices: tuple[str, ...] = ()

    def definition(self, language: str) -> str:
        return self.definition_fr if language == "fr" else self.definition_en

    def unit(self, language: str) -> str:
        return self.unit_fr if language == "fr" else self.unit_en


def _unit(en, fr=None):
    return {"unit_en": en, "unit_fr": fr or en}


PERSONS = _unit("persons", "personnes")
MONEY = _unit("currency units (see currency)", "unités de la monnaie (voir currency)")
YEAR = _unit("year", "année")
RATIO = _unit("ratio (0.25 = 25 %)", "ratio (0,25 = 25 %)")
COUNT_MHOS = _unit("MHOs", "mutuelles")
ISO_COUNTRY = _unit("ISO 3166-1 alpha-2")


def _codes(choices) -> tuple[str, ...]:
    return tuple(choices.values)


def _identity(prefix: str) -> list[Column]:
    """The MHO's identity, from a record (prefix ``mho__``) or the MHO itself."""
    return [
        Column("mho_code", "string",
               "Stable identifier of the MHO: country code, hyphen, number.",
               "Identifiant stable de la mutuelle : code du pays, tiret, numéro.",
               source=f"{prefix}code"),
        Column("mho_name", "string", "Name of the MHO.", "Nom de la mutuelle.",
               source=f"{prefix}name"),
        Column("mho_acronym", "string", "Acronym of the MHO, if any.",
               "Sigle de la mutuelle, le cas échéant.", source=f"{prefix}acronym"),
        Column("country_iso2", "string", "Country of the MHO.",
               "Pays de la mutuelle.", source=f"{prefix}country__iso2", **ISO_COUNTRY),
        Column("country_name_en", "string", "Name of the country in English.",
               "Nom du pays en anglais.", source=f"{prefix}country__name_en"),
        Column("country_name_fr", "string", "Name of the country in French.",
               "Nom du pays en français.", source=f"{prefix}country__name_fr"),
        Column("region", "string", "Administrative region of the MHO's head office.",
               "Région administrative du siège de la mutuelle.",
               source=f"{prefix}region"),
        Column("locality", "string", "Town or village of the MHO's head office.",
               "Ville ou village du siège de la mutuelle.",
               source=f"{prefix}locality"),
        Column("area", "string", "Area served: urban, rural or mixed.",
               "Milieu desservi : urban (urbain), rural ou mixed (mixte).",
               source=f"{prefix}area", choices=_codes(MHO.Area)),
        Column("founded_year", "integer", "Year the MHO was founded.",
               "Année de création de la mutuelle.", source=f"{prefix}founded_year",
               **YEAR),
        Column("mho_type", "string",
               "Type of MHO: community (community-based), socio-professional, "
               "company, trade-union, provider (initiated by a care provider), "
               "microfinance (linked to a microfinance institution), other.",
               "Type de mutuelle : community (communautaire), socio-professional "
               "(socioprofessionnelle), company (d'entreprise), trade-union "
               "(syndicale), provider (créée par un prestataire de soins), "
               "microfinance (liée à une institution de microfinance), other "
               "(autre).",
               source=f"{prefix}type", choices=_codes(MHO.Type)),
        Column("membership_basis", "string",
               "How people join: individual, family or group.",
               "Mode d'adhésion : individual (individuelle), family (familiale) "
               "ou group (collective).",
               source=f"{prefix}membership_basis",
               choices=_codes(MHO.MembershipBasis)),
        Column("legal_status", "string",
               "Legal recognition: recognized, pending (requested) or none.",
               "Reconnaissance juridique : recognized (reconnue), pending "
               "(demandée) ou none (non reconnue).",
               source=f"{prefix}legal_status", choices=_codes(MHO.LegalStatus)),
        Column("network", "string",
               "Union, federation or network the MHO belongs to: its identifier "
               "in the portal's directory of organizations.",
               "Union, fédération ou réseau dont la mutuelle est membre : son "
               "identifiant dans l'annuaire des organisations du portail.",
               source=f"{prefix}network__slug"),
        Column("support_organizations", "string",
               "Organizations that support the MHO: their identifiers in the "
               "portal's directory, in alphabetical order, separated by |.",
               "Organisations qui appuient la mutuelle : leurs identifiants dans "
               "l'annuaire du portail, par ordre alphabétique, séparés par |."),
        Column("is_demo", "boolean",
               "true for demonstration data generated to test the portal: not "
               "real figures, leave them out of any analysis.",
               "true pour les données de démonstration générées pour tester le "
               "portail : ce ne sont pas des chiffres réels, ne les utilisez pas.",
               source=f"{prefix}is_demo"),
    ]  # fmt: skip


_COVERS = {
    "covers_primary_care": ("primary care", "les soins de santé primaires"),
    "covers_hospitalization": ("hospitalization", "l'hospitalisation"),
    "covers_delivery": ("delivery", "l'accouchement"),
    "covers_surgery": ("surgery", "la chirurgie"),
    "covers_drugs": ("drugs", "les médicaments"),
    "covers_evacuation": ("evacuation", "les évacuations sanitaires"),
    "covers_specialist_care": ("specialist care", "les soins spécialisés"),
}
_RECORD_FIELDS = {
    "status": ("string",
        "Status of the MHO that year: functional, difficulty (in difficulty), "
        "starting (starting up), project (in project), inactive.",
        "Situation de la mutuelle cette année-là : functional (fonctionnelle), "
        "difficulty (en difficulté), starting (en démarrage), project (en "
        "projet), inactive.", {}, _codes(Record.Status)),
    "members": ("integer",
        "Members (adherents) at the end of the year: the people who joined and "
        "pay the contribution.",
        "Adhérents en fin d'année : les personnes qui ont adhéré et paient la "
        "cotisation.", PERSONS, ()),
    "beneficiaries": ("integer",
        "Beneficiaries at the end of the year: the members and the dependants "
        "they cover.",
        "Bénéficiaires en fin d'année : les adhérents et les personnes à leur "
        "charge qu'ils couvrent.", PERSONS, ()),
    "target_population": ("integer", "Population the MHO aims to cover.",
        "Population que la mutuelle vise à couvrir (population cible).",
        PERSONS, ()),
    "new_members": ("integer", "Members who joined during the year.",
        "Adhérents ayant adhéré au cours de l'année.", PERSONS, ()),
    "renewing_members": ("integer",
        "Members of the year before who renewed their membership.",
        "Adhérents de l'année précédente qui ont renouvelé leur adhésion.",
        PERSONS, ()),
    "provider_agreements": ("integer",
        "Agreements signed with health care providers.",
        "Conventions signées avec des prestataires de soins.",
        _unit("agreements", "conventions"), ()),
    "currency": ("string",
        "Currency of every amount of the record (XOF: CFA franc of the BCEAO, "
        "XAF: CFA franc of the BEAC, …).",
        "Monnaie de tous les montants de l'enregistrement (XOF : franc CFA de la "
        "BCEAO, XAF : franc CFA de la BEAC, …).",
        _unit("ISO 4217"), _codes(Record.Currency)),
    "contribution_unit": ("string",
        "Whom the contribution is paid for: person or family.",
        "Base de la cotisation : person (par personne) ou family (par famille).",
        {}, _codes(Record.ContributionUnit)),
    "contribution_periodicity": ("string",
        "How often the contribution is paid: monthly, quarterly, half-yearly, "
        "yearly, other.",
        "Périodicité de la cotisation : monthly (mensuelle), quarterly "
        "(trimestrielle), half-yearly (semestrielle), yearly (annuelle), other "
        "(autre).", {}, _codes(Record.Periodicity)),
    "entry_fee": ("integer", "Entry fee, paid once on joining.",
        "Droit d'adhésion, payé une fois à l'adhésion.", MONEY, ()),
    "contribution_amount": ("integer",
        "Contribution per person or family (contribution_unit) and per period "
        "(contribution_periodicity).",
        "Montant de la cotisation par personne ou par famille "
        "(contribution_unit) et par période (contribution_periodicity).",
        MONEY, ()),
    "contributions_expected": ("integer", "Contributions due for the year.",
        "Cotisations attendues pour l'année.", MONEY, ()),
    "contributions_collected": ("integer",
        "Contributions collected during the year.",
        "Cotisations recouvrées au cours de l'année.", MONEY, ()),
    "benefits_paid": ("integer",
        "Benefits paid during the year: the cost of the care covered, paid to "
        "providers or reimbursed to members.",
        "Prestations payées au cours de l'année : coût des soins pris en "
        "charge, payé aux prestataires ou remboursé aux adhérents.", MONEY, ()),
    "operating_costs": ("integer", "Operating costs of the year.",
        "Frais de fonctionnement de l'année.", MONEY, ()),
    "subsidies": ("integer", "Subsidies received during the year.",
        "Subventions reçues au cours de l'année.", MONEY, ()),
    "reserves": ("integer", "Reserves at the end of the year.",
        "Réserves en fin d'année.", MONEY, ()),
    **{
        name: ("boolean",
               f"true if the benefit package covers {en}, false if it does "
               "not; empty when not reported.",
               f"true si le paquet de prestations couvre {fr}, false sinon ; "
               "vide si non renseigné.", {}, ())
        for name, (en, fr) in _COVERS.items()
    },
    "payment_mode": ("string",
        "How providers are paid: third-party (third-party payment), "
        "reimbursement (of the members), capitation, mixed.",
        "Mode de paiement des prestataires : third-party (tiers payant), "
        "reimbursement (remboursement des adhérents), capitation, mixed "
        "(mixte).", {}, _codes(Record.PaymentMode)),
    "general_assembly_held": ("boolean",
        "true if the general assembly met that year, false if it did not; "
        "empty when not reported.",
        "true si l'assemblée générale s'est réunie cette année-là, false sinon ; "
        "vide si non renseigné.", {}, ()),
    "accounts_approved": ("boolean",
        "true if the accounts of the year were approved, false if they were "
        "not; empty when not reported.",
        "true si les comptes de l'année ont été approuvés, false sinon ; vide si "
        "non renseigné.", {}, ()),
}  # fmt: skip
assert set(_RECORD_FIELDS) == set(DATA_FIELDS), "every reported figure is exported"
assert set(_COVERS) == set(BENEFIT_FIELDS)


def _record_field(name: str) -> Column:
    type_, en, fr, unit, choices = _RECORD_FIELDS[name]
    return Column(name, type_, en, fr, source=name, choices=choices, **unit)


RECORD_COLUMNS: list[Column] = [
    *_identity("mho__"),
    Column("year", "integer", "Year the figures refer to.",
           "Année à laquelle se rapportent les chiffres.", source="year", **YEAR),
    *(_record_field(name) for name in DATA_FIELDS),
    Column("validated_at", "datetime",
           "When the country's focal point validated the record (UTC).",
           "Date et heure de la validation par le point focal du pays (UTC).",
           source="reviewed_at", **_unit("ISO 8601, UTC")),
]  # fmt: skip

MHO_COLUMNS: list[Column] = [
    *_identity(""),
    Column("records_validated", "integer",
           "Validated yearly records of the MHO (its rows in the records sheet).",
           "Enregistrements annuels validés de la mutuelle (ses lignes de la "
           "feuille records).", **_unit("records", "enregistrements")),
    Column("first_year", "integer", "First year with a validated record.",
           "Première année ayant un enregistrement validé.", **YEAR),
    Column("last_year", "integer", "Last year with a validated record.",
           "Dernière année ayant un enregistrement validé.", **YEAR),
]  # fmt: skip
