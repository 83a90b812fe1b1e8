"""Every address the page rows measure, in one place.

Paths are templates filled from the benchmark's data (``bench.cast``):
``{country}`` (ISO2 of the country the rows look at), ``{country_pk}``,
``{code}`` (an approved MHO of that country), ``{form_code}`` (an MHO of the
benchmark's manager without a record for the campaign year), ``{year}`` (the
open campaign), ``{last_year}``, ``{review_pk}`` (a submitted record of the
country), ``{history_pk}`` (a record with several versions) and
``{edition}`` (the first edition the editions index links to).

A row whose page is not there yet (its address answers 404, or lacks its
``marker``) prints "not present yet" with the reason instead of figures, and
is measured as soon as the page lands: adjust its path here if it lands
elsewhere.
"""

from dataclasses import dataclass

COUNTRY = "SN"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Who asks: an anonymous visitor (None) or a role of bench.cast.ROLES.
    role: str | None = None
    # A regular expression the answer must contain for the page to count as
    # present (for a part of a page that already exists, e.g. a map).
    marker: str | None = None
    # Content type the answer must have (a PDF rather than an HTML page).
    content_type: str | None = None
    # The rows of the issue that may land later: absent is "not present yet",
    # not an error.
    optional: bool = False


# The public pages of the benchmark, measured cached and uncached.
PUBLIC = [
    Page("home", "/fr/"),
    Page("inventory filtered", "/fr/inventory/?country={country}"),
    Page("MHO detail", "/fr/inventory/{code}/"),
    Page("synthesis country", "/fr/synthesis/{country}/"),
    Page("focal points", "/fr/focal-points/"),
    Page("API list", "/api/v1/records/?country={country}"),
]

# Public pages added by this round: the same goals as the pages above. The
# public pages show the latest edition by default; "synthesis country" above
# measures that view, the live one is here, and so are an edition's API lists.
ROUND = [
    Page("editions index", "/fr/data/editions/", optional=True),
    Page("synthesis country, live", "/fr/synthesis/{country}/?live=1", optional=True),
    Page(
        "API list of an edition",
        "/api/v1/records/?country={country}&edition={edition}",
        optional=True,
    ),
    Page(
        "API synthesis of an edition",
        "/api/v1/synthesis/?country={country}&edition={edition}",
        optional=True,
    ),
    Page(
        "edition changelog",
        "/fr/data/editions/{edition}/changes/",
        optional=True,
    ),
    # The data quality score is a column of the synthesis tables' live view
    # (an edition's frozen figures carry no score).
    Page(
        "data quality (synthesis by country)",
        "/fr/synthesis/?year={last_year}&live=1",
        marker=r"Qualité des données",
        optional=True,
    ),
    Page(
        "data quality (one country by year)",
        "/fr/synthesis/{country}/?live=1",
        marker=r"Qualité des données",
        optional=True,
    ),
    Page(
        "MHO detail with peers",
        "/fr/inventory/{code}/",
        marker=r"(?i)\bpeers?\b",
        optional=True,
    ),
    Page(
        "country fact sheet PDF",
        "/fr/synthesis/{country}/fact-sheet.pdf",
        content_type="application/pdf",
        optional=True,
    ),
    Page(
        "home with the map",
        "/fr/",
        marker=r"(?i)<svg\b[^>]*\b(map|carte)",
        optional=True,
    ),
]

# Pages of logged-in users, never served from the page cache.
PRIVATE = [
    Page("my mutuals (delegate of 200 MHOs)", "/fr/my/", role="delegate"),
    Page("yearly form GET", "/fr/my/{form_code}/{year}/", role="manager"),
    Page("review queue", "/fr/review/", role="reviewer"),
    Page(
        "country dashboard",
        "/fr/review/dashboard/{country}/",
        role="reviewer",
        optional=True,
    ),
    Page("review page", "/fr/review/records/{review_pk}/", role="reviewer"),
    Page("record history", "/fr/records/{history_pk}/history/", role="reviewer"),
    Page(
        "admin yearly records",
        "/fr/admin/inventory/yearlyrecord/",
        role="secretariat",
    ),
    Page(
        "admin yearly records filtered",
        "/fr/admin/inventory/yearlyrecord/"
        "?mho__country__id__exact={country_pk}&year={last_year}",
        role="secretariat",
    ),
]

# The campaign day: what visitors browse while records are written, and the
# page and file where a validated record must appear. The synthesis is read
# in English for its column headings, in its live view: by default the public
# pages show the latest edition, which a validation does not change.
CAMPAIGN_VISITS = [page.path for page in PUBLIC] + [
    "/fr/synthesis/",
    "/fr/inventory/",
    "/en/synthesis/{country}/",
]
FRESH_SYNTHESIS = "/en/synthesis/{country}/?live=1"
FRESH_FILE = "/data/inventory.csv"


def public_paths(values: dict) -> dict[str, str]:
    """Name → path of the public pages (also what the browser rows load)."""
    return {page.name: page.path.format(**values) for page in PUBLIC}
