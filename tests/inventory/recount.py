"""An independent recount of the synthesis with pandas, from what a researcher
downloads: the records of /data/inventory.csv, the MHO list (the mhos sheet of
/data/inventory.xlsx) and the countries' population (the API).

It follows the published definitions (the data dictionary), not the code:
every country with known MHOs has a row in every year that has records;
each ratio adds up, over the MHOs that reported both of its figures, its
numerator and its denominator (money only in the main currency)."""

import io
import math

import pandas as pd

STATUSES = ["functional", "difficulty", "starting", "project", "inactive"]
MONEY = [
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]
# ratio: (numerator column, denominator column, money)
PAIRS = {
    "growth": ("members", "previous_members", False),
    "retention": ("renewing_members", "previous_members", False),
    "penetration": ("beneficiaries", "target_population", False),
    "recovery": ("contributions_collected", "contributions_expected", True),
    "claims_ratio": ("benefits_paid", "contributions_collected", True),
    "operating_cost_ratio": ("operating_costs", "contributions_collected", True),
}
RATIOS = [*PAIRS, "coverage"]
AFRICA = ""


def read_csv(content: bytes) -> pd.DataFrame:
    # "NA" is Namibia, not a missing value: only empty cells are missing.
    return pd.read_csv(io.BytesIO(content), keep_default_na=False, na_values=[""])


def read_sheet(content: bytes, sheet: str) -> pd.DataFrame:
    return pd.read_excel(
        io.BytesIO(content), sheet_name=sheet, keep_default_na=False, na_values=[""]
    )


def _sum(series: pd.Series):
    total = series.sum(min_count=1)
    return None if pd.isna(total) else int(total)


def _divide(numerator, denominator, minus_one=False):
    if numerator is None or not denominator:
        return None
    return numerator / denominator - (1 if minus_one else 0)


def _triple(group: pd.DataFrame, numerator: str, denominator: str):
    both = group.dropna(subset=[numerator, denominator])
    if both.empty:
        return None, None, 0
    return _sum(both[numerator]), _sum(both[denominator]), len(both)


def _main_currency(group: pd.DataFrame) -> str:
    counts = group["currency"].value_counts()
    return sorted(counts[counts == counts.max()].index)[0]


def _reported(group: pd.DataFrame, population) -> dict:
    row = _empty()
    row |= {
        "mhos_reporting": len(group),
        "members": _sum(group["members"]) or 0,
        "beneficiaries": _sum(group["beneficiaries"]) or 0,
        **{f"mhos_{status}": int((group["status"] == status).sum())
           for status in STATUSES},
        "includes_demo": bool(group["is_demo"].any()),
    }  # fmt: skip
    currency = _main_currency(group)
    in_currency = group[group["currency"] == currency]
    row.update(currency=currency, money_records=len(in_currency))
    row.update({column: _sum(in_currency[column]) for column in MONEY})
    for name, (numerator, denominator, money) in PAIRS.items():
        values = _triple(in_currency if money else group, numerator, denominator)
        row.update(zip(_parts(name), values, strict=True))
    reported = int(group["beneficiaries"].notna().sum())
    if population and reported:
        row.update(zip(_parts("coverage"), (row["beneficiaries"], population, reported),
                       strict=True))  # fmt: skip
    return row


def _parts(name: str) -> list[str]:
    return [f"{name}_numerator", f"{name}_denominator", f"{name}_mhos"]


def _empty() -> dict:
    row = {
        "mhos_reporting": 0,
        "members": 0,
        "beneficiaries": 0,
        **{f"mhos_{status}": 0 for status in STATUSES},
        "includes_demo": False,
        "currency": "",
        "money_records": 0,
        **dict.fromkeys(MONEY),
    }
    for name in RATIOS:
        row.update(zip(_parts(name), (None, None, 0), strict=True))
    return row


def _with_ratios(row: dict) -> dict:
    row["completeness"] = _divide(row["mhos_reporting"], row["mhos_known"])
    for name in RATIOS:
        numerator, denominator, _mhos = (row[part] for part in _parts(name))
        row[name] = _divide(numerator, denominator, minus_one=name == "growth")
    return row


def expected_synthesis(records, mhos, population: dict) -> dict:
    """{(country ISO code or "" for Africa, year): {column: value}}."""
    previous = records[["mho_code", "year", "members"]].rename(
        columns={"members": "previous_members"}
    )
    previous["year"] += 1
    records = records.merge(previous, on=["mho_code", "year"], how="left")
    founded = records[["mho_code"]].merge(
        mhos[["mho_code", "founded_year"]], on="mho_code", how="left"
    )
    records["founded_later"] = (founded["founded_year"] > records["year"]).to_numpy()
    years = sorted(int(year) for year in records["year"].unique())
    groups = dict(list(records.groupby(["country_iso2", "year"])))
    expected = {}
    for country in sorted(set(mhos["country_iso2"])):
        of_country = mhos[mhos["country_iso2"] == country]["founded_year"]
        for year in years:
            group = groups.get((country, year))
            known = int((of_country.isna() | (of_country <= year)).sum())
            if group is not None:
                known += int(group["founded_later"].sum())
                row = _reported(group, population.get(country))
            else:
                row = _empty()
            if known or row["mhos_reporting"]:
                row.update(mhos_known=known, population=population.get(country))
                expected[(country, year)] = row
    for year in years:
        expected[(AFRICA, year)] = _africa(
            [row for (c, y), row in expected.items() if y == year]
        )
    return {key: _with_ratios(row) for key, row in expected.items()}


def _africa(rows: list[dict]) -> dict:
    africa = _empty()
    counted = ["mhos_known", "mhos_reporting", "members", "beneficiaries",
               *(f"mhos_{status}" for status in STATUSES)]  # fmt: skip
    for column in counted:
        africa[column] = sum(row[column] for row in rows)
    africa["includes_demo"] = any(row["includes_demo"] for row in rows)
    for name in ["growth", "retention", "penetration", "coverage"]:
        for part in _parts(name):
            values = [row[part] for row in rows if row[part] is not None]
            africa[part] = sum(values) if values else None
        africa[f"{name}_mhos"] = africa[f"{name}_mhos"] or 0
    populations = [row["population"] for row in rows]
    complete = all(value is not None for value in populations)
    africa["population"] = sum(populations) if complete else None
    return africa


def same(expected, actual) -> bool:
    """Equal, floats within the six decimals the CSV keeps; an empty text is
    an empty cell in the CSV."""
    if {expected, actual} <= {"", None}:
        return True
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, float) or isinstance(actual, float):
        return math.isclose(expected, actual, rel_tol=1e-6, abs_tol=1e-6)
    return expected == actual


def plain(value):
    """A cell read by pandas as a Python value (NaN: None, 2.0: 2)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
