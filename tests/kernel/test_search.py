"""Search ignores accents and case, and similar names are found, on the
database of the run: SQLite by default, PostgreSQL when DATABASE_URL is set
(the CI runs both); the last tests check PostgreSQL's own functions."""

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.sql import Query

from inventory.models import MHOManagement, MutualHealthOrganization
from inventory.selectors import mho_search
from inventory.selectors_manage import mho_similar
from kernel.search import Similarity, fold, similar_names_threshold
from organizations.models import Organization
from tests.factories import UserFactory, secretariat_member
from tests.inventory.conftest import make_country, make_mho

pytestmark = pytest.mark.django_db


@pytest.fixture
def mutuals(db):
    senegal = make_country("SN", "Sénégal")
    return {
        "kedougou": make_mho(
            "SN-0001",
            senegal,
            name="Mutuelle de santé de Kédougou",
            locality="Kédougou",
            region="Kédougou",
        ),
        "thies": make_mho(
            "SN-0002",
            senegal,
            name="MUTUALITÉ DES ENSEIGNANTS",
            acronym="MUTEN",
            locality="Thiès",
            region="Thiès",
        ),
        "plain": make_mho(
            "SN-0003", senegal, name="Mutuelle Kaolack", locality="Kaolack"
        ),
    }


def codes(queryset):
    return sorted(mho.code for mho in queryset)


def test_fold_removes_accents_and_case():
    assert fold("Kédougou") == "kedougou"
    assert fold("MUTUALITÉ") == "mutualite"
    assert fold("Œuvre à Ségou") == "œuvre a segou"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kedougou", ["SN-0001"]),
        ("kédougou", ["SN-0001"]),
        ("KEDOUGOU", ["SN-0001"]),
        ("mutualite", ["SN-0002"]),
        ("Mutualité des", ["SN-0002"]),
        ("thies", ["SN-0002"]),  # its locality
        ("muten", ["SN-0002"]),  # its acronym
        ("mutuel", ["SN-0001", "SN-0003"]),
        ("santé de k", ["SN-0001"]),
        ("%", []),  # a wildcard is a character like any other
        ("_", []),
    ],
)
def test_mho_search_ignores_accents_and_case(mutuals, text, expected):
    found = mho_search(MutualHealthOrganization.objects.all(), text)

    assert codes(found) == expected


def test_inventory_list_finds_without_accents(client, mutuals):
    html = client.get("/fr/inventory/", {"q": "kedougou"}).content.decode()

    assert "Mutuelle de santé de Kédougou" in html
    assert "Mutuelle Kaolack" not in html


def test_organization_search_ignores_accents(client, db):
    Organization.objects.create(
        slug="umm",
        acronym="UMM",
        name_fr="Union des mutuelles de la Mutualité sénégalaise",
        name_en="Union of Senegalese mutual societies",
        kind="union",
    )
    Organization.objects.create(
        slug="other", acronym="OTH", name_fr="Autre réseau", name_en="Other", kind="ngo"
    )

    html = client.get("/fr/organizations/", {"q": "mutualite senegalaise"})

    text = html.content.decode()
    assert "Union des mutuelles de la Mutualité sénégalaise" in text
    assert "Autre réseau" not in text


def test_admin_search_ignores_accents(client, mutuals):
    client.force_login(secretariat_member(email="secretariat@example.sn"))

    html = client.get(
        "/fr/admin/inventory/mutualhealthorganization/", {"q": "kedougou"}
    ).content.decode()

    assert "SN-0001" in html and "SN-0003" not in html


def test_a_manager_finds_the_mutual_to_ask_for_by_name_and_place(client, mutuals):
    client.force_login(UserFactory())

    by_place = client.get("/fr/my/request/", {"q": "Kedougou"}).content.decode()
    by_name = client.get("/fr/my/request/", {"q": "MUTUALITE"}).content.decode()
    nothing = client.get("/fr/my/request/", {"q": "Ziguinchor"}).content.decode()

    assert "Mutuelle de santé de Kédougou" in by_place
    assert 'href="?code=SN-0001#request"' in by_place
    assert "MUTUALITÉ DES ENSEIGNANTS" in by_name and "SN-0001" not in by_name
    assert 'name="code"' in nothing and "SN-0001" not in nothing


def test_the_chosen_mutual_is_asked_for(client, mutuals):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/fr/my/request/", {"code": "SN-0001"}).content.decode()
    response = client.post(
        "/fr/my/request/?code=SN-0001",
        {"code": "SN-0001", "message": "Je tiens sa comptabilité."},
    )

    assert 'name="code" value="SN-0001"' in page
    assert response.status_code == 302
    assert MHOManagement.objects.filter(user=user, mho=mutuals["kedougou"]).exists()


# --- similar names ---------------------------------------------------------

SAME = [
    ("Mutuelle de santé de Kédougou", "Mutuelle de sante de Kedougou"),
    ("Mutuelle de santé de Kédougou", "MUTUELLE DE SANTE KEDOUGOU"),
    ("Mutuelle de santé de Kédougou", "Mutuelle de santé Kédougou"),
    ("MUTUALITÉ DES ENSEIGNANTS", "Mutualite des enseignant"),
]
DIFFERENT = [
    ("Mutuelle de santé de Kédougou", "Caisse des artisans"),
    ("MUTUALITÉ DES ENSEIGNANTS", "Mutuelle des pêcheurs de Joal"),
    # Names that share all but the one word that tells them apart.
    ("Mutuelle de santé de Thiès", "Mutuelle de santé de Tivaouane"),
    ("Mutuelle de santé de Thiès", "Mutuelle des enseignants de Thiès"),
]


def likeness(left, right) -> float:
    """Similarity of two names as the database measures it."""
    compiler = Query(None).get_compiler(connection=connection)
    sql, params = Similarity(Value(left), Value(right)).as_sql(compiler, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("left", "right"), SAME)
def test_names_of_the_same_mutual_are_similar(db, left, right):
    assert likeness(left, right) >= similar_names_threshold(connection)


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_names_of_other_mutuals_are_not(db, left, right):
    assert likeness(left, right) < similar_names_threshold(connection)


@pytest.mark.parametrize(
    ("name", "locality", "expected"),
    [
        ("Mutuelle de sante de Kedougou", "Kedougou", ["SN-0001"]),
        ("MUTUELLE DE SANTÉ DE KÉDOUGOU", "KÉDOUGOU", ["SN-0001"]),
        ("Mutuelle de santé de Kédougou", "Kaolack", []),  # another place
        ("Caisse des artisans", "Kédougou", []),  # another name
    ],
)
def test_similar_mutuals_need_a_like_name_in_the_same_place(
    mutuals, name, locality, expected
):
    found = mho_similar(
        country=mutuals["kedougou"].country, name=name, locality=locality
    )

    assert [mho.code for mho in found] == expected


def test_a_registration_warns_of_a_similar_mutual_before_it_is_confirmed(
    client, mutuals
):
    user = UserFactory()
    client.force_login(user)
    data = {
        "name": "Mutuelle de sante de Kedougou",
        "country": mutuals["kedougou"].country_id,
        "locality": "Kedougou",
        "founded_year": "2012",
        "type": "community",
        "legal_status": "none",
    }

    warned = client.post("/fr/my/register/", data)

    html = warned.content.decode()
    assert warned.status_code == 400
    assert "Mutuelle de santé de Kédougou" in html and "SN-0001" in html
    assert 'type="checkbox" name="not_a_duplicate"' in html
    assert not MutualHealthOrganization.objects.filter(created_by=user).exists()

    confirmed = client.post("/fr/my/register/", {**data, "not_a_duplicate": "on"})

    assert confirmed.status_code == 302
    assert MutualHealthOrganization.objects.filter(created_by=user).count() == 1


def test_a_registration_of_another_mutual_is_not_held(client, mutuals):
    client.force_login(UserFactory())
    data = {
        "name": "Mutuelle des pêcheurs",
        "country": mutuals["kedougou"].country_id,
        "locality": "Kédougou",
        "founded_year": "2012",
        "type": "community",
        "legal_status": "none",
    }

    response = client.post("/fr/my/register/", data)

    assert response.status_code == 302


def test_the_reviewer_sees_the_similar_mutual(client, mutuals):
    from organizations.models import FocalPoint

    country = mutuals["kedougou"].country
    focal = UserFactory()
    FocalPoint.objects.create(country=country, contact_person="PF").reviewers.add(focal)
    waiting = make_mho(
        "SN-0009", country, name="Mutuelle de sante Kedougou", locality="KEDOUGOU"
    )
    MutualHealthOrganization.objects.filter(pk=waiting.pk).update(approval="pending")
    client.force_login(focal)

    html = client.get("/en/review/").content.decode()

    assert "Possible duplicate" in html
    assert 'href="/en/inventory/SN-0001/">Mutuelle de santé de Kédougou</a>' in html


@pytest.mark.postgres
def test_postgresql_uses_unaccent_and_trigrams(mutuals):
    found = mho_search(MutualHealthOrganization.objects.all(), "kedougou")
    sql = str(found.query)

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension ORDER BY extname")
        extensions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT similarity('kedougou', 'kedougu')")
        (score,) = cursor.fetchone()

    assert {"unaccent", "pg_trgm"} <= extensions
    assert "unaccent(" in sql
    assert codes(found) == ["SN-0001"]
    assert 0 < score < 1
