"""The consistency rules added for the yearly record (E07, E08, W06–W09) and
W03, each with its message in English and French; a draft is saved whatever
its errors, only its submission is blocked (online form and Excel template)."""

import pytest
from django.utils import translation

from inventory.display import issue_display
from inventory.models import YearlyRecord
from inventory.validation import RULES, record_errors, record_warnings

from .conftest import CAMPAIGN_YEAR, LAST_YEAR_FIGURES, form_data

NNBSP = "\u202f"

# code, last year's changes (None: no last year), this year's changes,
# then a piece of the message in English and in French.
CASES = [
    (
        "E07",
        None,
        {"members": 400, "new_members": 100, "renewing_members": 320},
        "New members (100) and renewing members (320) add up to more than the "
        "members (400).",
        "Les nouveaux adhérents (100) et les adhérents ayant renouvelé (320) sont, "
        "ensemble, plus nombreux que les adhérents (400).",
    ),
    (
        "E08",
        None,
        {"status": "inactive"},
        "A mutual that is inactive or still a project has no members",
        "Une mutuelle inactive ou encore en projet n'a pas d'adhérents",
    ),
    (
        "E08",
        None,
        {"status": "project", "members": 0, "beneficiaries": 0},
        "collects no contributions and pays no benefits",
        "ne recouvre pas de cotisations et ne paie pas de prestations",
    ),
    (
        "W03",
        None,
        {"contributions_collected": 2_500_000},
        "Contributions collected are above the contributions expected.",
        "Les cotisations recouvrées dépassent les cotisations attendues.",
    ),
    (
        "W06",
        None,
        {"beneficiaries": 9000, "target_population": 8000},
        "More beneficiaries than the target population (8,000).",
        f"Plus de bénéficiaires que la population cible (8{NNBSP}000).",
    ),
    (
        "W07",
        {},
        {},
        "Every figure is the same as last year's",
        "Tous les chiffres sont identiques à ceux de l'an dernier",
    ),
    (
        "W08",
        None,
        {"benefits_paid": 3_000_000, "subsidies": 500_000, "reserves": 100_000},
        "Benefits paid (3,000,000) are above the contributions collected, "
        "subsidies and reserves together (2,600,000).",
        f"Les prestations payées (3{NNBSP}000{NNBSP}000) dépassent les "
        "cotisations recouvrées, les subventions et les réserves réunies "
        f"(2{NNBSP}600{NNBSP}000).",
    ),
    (
        "W09",
        {"operating_costs": 3_000},
        {"operating_costs": 300_001},
        "More than 100 times last year's amount (3,000 then, 300,001 now)",
        f"Plus de 100 fois le montant de l'an dernier (3{NNBSP}000 alors, "
        f"300{NNBSP}001 maintenant)",
    ),
]


def _issues(code, before, now):
    record = YearlyRecord(year=CAMPAIGN_YEAR, **{**LAST_YEAR_FIGURES, **now})
    previous = None
    if before is not None:
        previous = YearlyRecord(year=CAMPAIGN_YEAR - 1, **LAST_YEAR_FIGURES)
        for name, value in before.items():
            setattr(previous, name, value)
        if code == "W07":
            record = YearlyRecord(year=CAMPAIGN_YEAR, **LAST_YEAR_FIGURES)
    issues = record_errors(record) + record_warnings(record, previous)
    return [issue for issue in issues if issue.code == code]


@pytest.mark.parametrize(("code", "before", "now", "english", "french"), CASES)
def test_each_new_rule_speaks_english_and_french(code, before, now, english, french):
    for language, text in (("en", english), ("fr", french)):
        with translation.override(language):
            issues = _issues(code, before, now)
            assert issues, (code, language)
            assert text in issues[0].message
            assert issue_display(issues[0]).endswith(f"({code})")
            severity = "error" if code.startswith("E") else "warning"
            assert issues[0].severity == severity == RULES[code][0]


def test_usual_figures_raise_none_of_the_new_rules():
    record = YearlyRecord(year=CAMPAIGN_YEAR, **LAST_YEAR_FIGURES)
    previous = YearlyRecord(
        year=CAMPAIGN_YEAR - 1, **{**LAST_YEAR_FIGURES, "members": 380}
    )
    codes = {i.code for i in record_errors(record) + record_warnings(record, previous)}
    assert not codes & {"E07", "E08", "W03", "W06", "W07", "W08", "W09"}


def test_every_rule_is_documented():
    from pathlib import Path

    import inventory

    doc = Path(inventory.__file__).parent.parent / "docs" / "consistency-rules.md"
    text = doc.read_text()
    for code, (_severity, summary) in RULES.items():
        with translation.override("en"):
            assert f"| {code} |" in text and str(summary) in text, code


def edit_url(mho, language="fr"):
    return f"/{language}/my/{mho.code}/{CAMPAIGN_YEAR}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "The draft is saved, but it cannot be submitted until you correct"),
        ("fr", "Le brouillon est enregistré, mais il ne pourra être soumis"),
    ],
)
def test_a_draft_with_errors_is_saved_and_its_submission_blocked(
    client, manager_a, mho_a, campaign, language, heading
):
    client.force_login(manager_a)
    figures = form_data(
        LAST_YEAR_FIGURES, 0, members=500, beneficiaries=100, status="inactive"
    )

    drafted = client.post(edit_url(mho_a, language), {**figures, "draft": "1"})
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    submitted = client.post(
        edit_url(mho_a, language),
        {**figures, "version": record.version, "submit": "1"},
    )

    html = drafted.content.decode()
    assert drafted.status_code == 200 and heading in html
    assert 'href="#id_beneficiaries"' in html and 'href="#id_status"' in html
    assert record.state == "draft" and record.beneficiaries == 100
    assert submitted.status_code == 400
    record.refresh_from_db()
    assert record.state == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "saved as a draft, but it cannot be submitted until these errors"),
        ("fr", "enregistrés comme brouillon, mais la fiche ne pourra être soumise"),
    ],
)
def test_a_template_draft_with_errors_is_saved_its_submission_refused(
    client, manager_a, mho_a, campaign, language, heading
):
    from .test_template import download, fill, url

    client.force_login(manager_a)
    workbook = download(client, mho_a, language=language)
    content = fill(workbook, {"members": 500, "beneficiaries": 100})

    def upload(action):
        import io

        file = io.BytesIO(content)
        file.name = "filled.xlsx"
        return client.post(
            url("upload", mho_a, language=language), {"file": file, "action": action}
        )

    submitted = upload("submit")
    nothing_saved = not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()
    drafted = upload("draft")

    assert submitted.status_code == 400 and nothing_saved
    assert drafted.status_code == 200
    assert heading in drafted.content.decode()
    assert "(E02)" in drafted.content.decode()
    record = YearlyRecord.objects.get(mho=mho_a, year=CAMPAIGN_YEAR)
    assert record.state == "draft" and record.beneficiaries == 100
