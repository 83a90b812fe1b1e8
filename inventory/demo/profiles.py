"""What demonstration MHOs and records look like: real town names, the
distributions of types and sizes, and the drawing of an MHO's yearly records."""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass

from inventory.models import YearlyRecord

Status = YearlyRecord.Status

# Real towns of each focal-point country, for plausible names and places.
LOCALITIES = {
    "BF": "Ouagadougou Bobo-Dioulasso Koudougou Ouahigouya Banfora Dédougou Kaya "
    "Tenkodogo Dori Gaoua Ziniaré Réo",
    "BI": "Bujumbura Gitega Ngozi Muyinga Rumonge Kayanza Bururi Makamba Ruyigi "
    "Kirundo Cibitoke Muramvya",
    "BJ": "Cotonou Porto-Novo Parakou Abomey Bohicon Djougou Natitingou Lokossa "
    "Ouidah Kandi Savalou Malanville",
    "CD": "Kinshasa Lubumbashi Mbuji-Mayi Kisangani Kananga Bukavu Goma Kikwit "
    "Matadi Mbandaka Kolwezi Likasi Uvira Butembo",
    "CI": "Abidjan Bouaké Yamoussoukro Daloa Korhogo San-Pédro Man Gagnoa "
    "Abengourou Divo Odienné Bondoukou Séguéla",
    "CM": "Yaoundé Douala Bafoussam Bamenda Garoua Maroua Ngaoundéré Bertoua "
    "Ebolowa Kribi Dschang Kumba Limbé Foumban",
    "GN": "Conakry Kindia Labé Kankan Nzérékoré Mamou Boké Faranah Siguiri "
    "Guéckédou Kissidougou Dalaba Pita",
    "ML": "Bamako Ségou Sikasso Mopti Kayes Koutiala Kita San Koulikoro Bougouni "
    "Tombouctou Gao",
    "MR": "Nouakchott Nouadhibou Kiffa Kaédi Rosso Zouérate Atar Néma Sélibaby Aleg",
    "RW": "Kigali Huye Musanze Rubavu Rusizi Muhanga Nyanza Rwamagana Byumba Kibuye",
    "SN": "Thiès Kaolack Ziguinchor Saint-Louis Tambacounda Kolda Louga Fatick "
    "Diourbel Mbour Touba Kédougou Matam Rufisque Pikine Sédhiou",
    "TG": "Lomé Sokodé Kara Atakpamé Kpalimé Dapaong Tsévié Aného Bassar Mango",
}
LOCALITIES = {iso2: towns.split() for iso2, towns in LOCALITIES.items()}
COUNTRY_WEIGHTS = {
    "SN": 20, "ML": 12, "BJ": 12, "BF": 10, "GN": 10, "CI": 8, "TG": 7, "CM": 7,
    "CD": 6, "RW": 4, "BI": 2, "MR": 2,
}  # fmt: skip
CURRENCIES = {
    **dict.fromkeys(["SN", "ML", "BF", "CI", "BJ", "TG", "NE", "GW"], "XOF"),
    **dict.fromkeys(["CM", "TD", "CF", "CG", "GA", "GQ"], "XAF"),
    "GN": "GNF", "CD": "CDF", "RW": "RWF", "BI": "BIF", "MR": "MRU",
}  # fmt: skip
# Rough value of one CFA franc in each currency, to scale contributions.
CURRENCY_SCALE = {"GNF": 15, "CDF": 4.5, "RWF": 2.2, "BIF": 4.8, "MRU": 0.065}
TYPES = {
    "community": 55, "socio-professional": 15, "company": 5, "trade-union": 5,
    "provider": 8, "microfinance": 7, "other": 5,
}  # fmt: skip
MEDIAN_MEMBERS = {
    "community": 300, "socio-professional": 800, "company": 1200,
    "trade-union": 1000, "provider": 500, "microfinance": 1500, "other": 400,
}  # fmt: skip
NAMES = {
    "community": [
        "Mutuelle de santé de {locality}",
        "Mutuelle communautaire de santé de {locality}",
        "Mutuelle de santé des femmes de {locality}",
    ],
    "socio-professional": [
        "Mutuelle des enseignants de {locality}",
        "Mutuelle des commerçants de {locality}",
        "Mutuelle des artisans de {locality}",
        "Mutuelle des transporteurs de {locality}",
        "Mutuelle des producteurs agricoles de {locality}",
    ],
    "company": ["Mutuelle du personnel des entreprises de {locality}"],
    "trade-union": ["Mutuelle syndicale des travailleurs de {locality}"],
    "provider": [
        "Mutuelle de l'hôpital de {locality}",
        "Mutuelle du centre de santé de {locality}",
    ],
    "microfinance": ["Mutuelle de santé de la caisse d'épargne de {locality}"],
    "other": ["Mutuelle de santé solidarité de {locality}"],
}
URBAN = {"urban": 60, "mixed": 30, "rural": 10}
AREAS = dict.fromkeys(TYPES, URBAN) | {
    "community": {"rural": 55, "urban": 25, "mixed": 20},
    "microfinance": {"rural": 45, "mixed": 35, "urban": 20},
}
BASES = {"family": 55, "individual": 25, "group": 20}
LEGAL = {"recognized": 55, "pending": 20, "none": 25}
PERIODICITY = {"monthly": 55, "yearly": 25, "quarterly": 10, "half-yearly": 10}
PERIODS = {"monthly": 12, "quarterly": 4, "half-yearly": 2, "yearly": 1}
PAYMENT = {"third-party": 75, "reimbursement": 10, "capitation": 10, "mixed": 5}
BENEFITS = {
    "covers_primary_care": 0.95, "covers_hospitalization": 0.7,
    "covers_delivery": 0.75, "covers_surgery": 0.3, "covers_drugs": 0.6,
    "covers_evacuation": 0.4, "covers_specialist_care": 0.2,
}  # fmt: skip
BENEFITS_NOT_REPORTED = 0.06  # share of mutuals that do not say what they cover


def pick(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _nice(value: float) -> int:
    """Round a tariff to two significant digits, as mutuals set them."""
    step = 10 ** max(0, len(str(int(value))) - 2)
    return max(1, round(value / step) * step)


def _next_status(rng, status: str) -> str:
    draw = rng.random()
    if status == Status.DIFFICULTY:
        if draw < 0.05:
            return Status.INACTIVE
        return Status.FUNCTIONAL if draw < 0.45 else Status.DIFFICULTY
    return Status.DIFFICULTY if draw < 0.08 else Status.FUNCTIONAL


def _benefits(rng, mho) -> dict:
    """The care covered; a few mutuals leave that part of the form empty. That
    choice is drawn apart (seeded by the code) so the other figures do not move."""
    covered = {name: rng.random() < share for name, share in BENEFITS.items()}
    if random.Random(f"{mho.code} benefits").random() < BENEFITS_NOT_REPORTED:
        return dict.fromkeys(covered)
    return covered


def _fixed_fields(rng, mho) -> dict:
    """What an MHO keeps from year to year: currency, tariff, benefits..."""
    currency = CURRENCIES.get(mho.country.iso2, "XOF")
    scale = CURRENCY_SCALE.get(currency, 1)
    family = mho.membership_basis == "family"
    periodicity = pick(rng, PERIODICITY)
    monthly = rng.uniform(400, 1500) if family else rng.uniform(100, 400)
    return {
        "currency": currency,
        "contribution_unit": "family" if family else "person",
        "contribution_periodicity": periodicity,
        "contribution_amount": _nice(monthly * 12 / PERIODS[periodicity] * scale),
        "entry_fee": _nice(rng.uniform(500, 2000) * scale),
        "payment_mode": pick(rng, PAYMENT),
        **_benefits(rng, mho),
        "state": YearlyRecord.State.VALIDATED,
        "source": YearlyRecord.Source.DEMO,
    }


@dataclass(frozen=True)
class _Traits:
    """How an MHO behaves year after year (each year varies around these)."""

    ratio: float  # beneficiaries per member
    target_factor: float  # target population per beneficiary, the first year
    recovery: float  # contributions collected / expected
    claims: float  # benefits paid / contributions collected
    costs: float  # operating costs / contributions collected
    subsidized: bool


def _traits(rng, family: bool) -> _Traits:
    return _Traits(
        ratio=rng.uniform(3.0, 5.0) if family else rng.uniform(1.5, 3.0),
        target_factor=rng.uniform(4, 15),
        recovery=rng.uniform(0.55, 0.95),
        claims=rng.uniform(0.4, 0.9),
        costs=rng.uniform(0.12, 0.27),
        subsidized=rng.random() < 0.4,
    )


def _amounts(rng, fixed: dict, traits: _Traits, payers: int) -> dict:
    periods = PERIODS[fixed["contribution_periodicity"]]
    expected = payers * fixed["contribution_amount"] * periods
    collected = expected * traits.recovery * rng.uniform(0.9, 1.08)
    subsidies = collected * rng.uniform(0.05, 0.4) if traits.subsidized else 0
    return {
        "contributions_expected": round(expected),
        "contributions_collected": round(collected),
        "benefits_paid": round(collected * traits.claims * rng.uniform(0.85, 1.15)),
        "operating_costs": round(collected * traits.costs * rng.uniform(0.9, 1.1)),
        "subsidies": round(subsidies),
    }


def _first_members(rng, mho, founding: bool) -> int:
    members = rng.lognormvariate(math.log(MEDIAN_MEMBERS[mho.type]), 0.7)
    if founding:
        members *= rng.uniform(0.15, 0.4)
    return max(20, min(20_000, round(members)))


def _renewing(rng, members: int, previous: int | None, founding: bool) -> int:
    if previous is not None:
        return round(min(previous, members) * rng.uniform(0.6, 0.92))
    return 0 if founding else round(members * rng.uniform(0.6, 0.85))


def _record(rng, mho, year, status, members, previous, target, fixed, traits):
    """One year's figures; ``target`` is last year's target population."""
    ratio = min(5, max(1.5, traits.ratio * rng.uniform(0.97, 1.03)))
    beneficiaries = round(members * ratio)
    if target is None:
        target = beneficiaries * traits.target_factor
    target = round(max(target * rng.uniform(1.01, 1.03), beneficiaries * 1.1))
    renewing = _renewing(rng, members, previous, year == mho.founded_year)
    family = fixed["contribution_unit"] == "family"
    assembly = rng.random() < 0.85
    return YearlyRecord(
        mho=mho,
        year=year,
        status=status,
        members=members,
        beneficiaries=beneficiaries,
        target_population=target,
        new_members=members - renewing,
        renewing_members=renewing,
        general_assembly_held=assembly,
        accounts_approved=(rng.random() < 0.85) if assembly else None,
        **_amounts(rng, fixed, traits, members if family else beneficiaries),
        **fixed,
    )


def draw_records(rng, mho, years: range) -> Iterator[YearlyRecord]:
    """A demo MHO's validated records, from its founding year or the first year."""
    fixed = _fixed_fields(rng, mho)
    traits = _traits(rng, fixed["contribution_unit"] == "family")
    start = max(years.start, mho.founded_year)
    members = _first_members(rng, mho, start == mho.founded_year)
    status = Status.STARTING if start == mho.founded_year else Status.FUNCTIONAL
    fixed["provider_agreements"] = rng.randint(1, 6)
    previous = record = None
    reserves = 0
    for year in range(start, years.stop):
        if record is not None:
            status = _next_status(rng, status)
            low, high = (-0.10, 0.02) if status == Status.DIFFICULTY else (-0.04, 0.25)
            members = max(10, round(members * (1 + rng.uniform(low, high))))
            fixed["provider_agreements"] += rng.random() < 0.1
            if rng.random() < 0.08:  # the general assembly raised the tariff
                fixed["contribution_amount"] = _nice(fixed["contribution_amount"] * 1.2)
        if status == Status.INACTIVE:  # its last report
            yield YearlyRecord(
                mho=mho, year=year, status=status, members=0, beneficiaries=0, **fixed
            )
            return
        target = record.target_population if record else None
        record = _record(
            rng, mho, year, status, members, previous, target, fixed, traits
        )
        reserves += (
            record.contributions_collected
            + record.subsidies
            - record.benefits_paid
            - record.operating_costs
        )
        record.reserves = reserves = max(0, reserves)
        previous = members
        yield record
