"""The data dictionary of organizations.csv and the organizations sheet (see
columns.py): the portal's directory of organizations, which the other files
name only by identifier (columns network and support_organizations)."""

from organizations.models import Organization

from .columns import COUNT_MHOS, YEAR, Column, _codes, _unit

# The files are bilingual whatever the language of the build: both labels are
# written here, not read from the translation catalogs.
_KINDS = {
    "promoter": ("promoter", "promoteur"),
    "support-structure": ("support structure", "structure d'appui"),
    "mutual": ("mutual society", "société mutualiste"),
    "union": ("union or federation of mutuals", "union ou fédération de mutuelles"),
    "network": ("network", "réseau"),
    "ngo": ("non-governmental organization", "organisation non gouvernementale"),
    "trade-union": ("trade union", "syndicat"),
    "public-body": ("public body", "organisme public"),
    "international-agency": ("international agency", "agence internationale"),
    "platform": ("platform", "plateforme"),
}
assert set(_KINDS) == set(Organization.Kind.values)


def _kinds(language: str) -> str:
    index = 1 if language == "fr" else 0
    return ", ".join(f"{code} ({labels[index]})" for code, labels in _KINDS.items())


ORGANIZATION_COLUMNS: list[Column] = [
    Column("organization_slug", "string",
           "Identifier of the organization in the portal's directory: the value "
           "of the columns network and support_organizations of the other files.",
           "Identifiant de l'organisation dans l'annuaire du portail : la valeur "
           "des colonnes network et support_organizations des autres fichiers.",
           source="slug"),
    Column("name_fr", "string", "Name of the organization in French.",
           "Nom de l'organisation en français.", source="name_fr"),
    Column("name_en", "string", "Name of the organization in English.",
           "Nom de l'organisation en anglais.", source="name_en"),
    Column("acronym", "string", "Acronym of the organization, if any.",
           "Sigle de l'organisation, le cas échéant.", source="acronym"),
    Column("kind", "string", "Kind of organization: " + _kinds("en") + ".",
           "Type d'organisation : " + _kinds("fr") + ".",
           source="kind", choices=_codes(Organization.Kind)),
    Column("countries", "string",
           "Countries where the organization is based or works: ISO 3166-1 "
           "alpha-2 codes in alphabetical order, separated by |.",
           "Pays où l'organisation est établie ou travaille : codes ISO 3166-1 "
           "alpha-2 par ordre alphabétique, séparés par |."),
    Column("website", "string", "Website of the organization.",
           "Site web de l'organisation.", source="website"),
    Column("founded_year", "integer", "Year the organization was founded.",
           "Année de création de l'organisation.", source="founded_year", **YEAR),
    Column("mhos_supported", "integer",
           "Approved MHOs that name the organization among their support "
           "organizations.",
           "Mutuelles approuvées qui citent l'organisation parmi leurs "
           "organisations d'appui.", **COUNT_MHOS),
    Column("mhos_in_network", "integer",
           "Approved MHOs that name the organization as their union, federation "
           "or network.",
           "Mutuelles approuvées qui citent l'organisation comme leur union, "
           "fédération ou réseau.", **COUNT_MHOS),
    Column("page_url", "string",
           "Page of the organization on the portal (description, contacts).",
           "Page de l'organisation sur le portail (description, contacts).",
           **_unit("URL")),
]  # fmt: skip
