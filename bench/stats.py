"""Timing helpers, medians and the results table."""

import statistics
import time
from collections.abc import Callable


def timed(function: Callable, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def median(values):
    return statistics.median(values) if values else None


def percentile(values, fraction: float):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def side_by_side(product: Callable, baseline: Callable, runs: int, reset=None):
    """Alternate product and baseline ``runs`` times; return both time lists."""
    product_times, baseline_times = [], []
    for _ in range(runs):
        if reset:
            reset()
        product_times.append(timed(product))
        if reset:
            reset()
        baseline_times.append(timed(baseline))
    return product_times, baseline_times


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


COLUMNS = ["goal", "product", "baseline", "unit", "ratio", "target", "ok"]


def table(results: list[dict]) -> str:
    """A Markdown table of the results (one row per goal)."""
    rows = [COLUMNS, ["---"] * len(COLUMNS)]
    for result in results:
        ok = result.get("ok")
        rows.append(
            [
                result["goal"],
                _fmt(result.get("product")),
                _fmt(result.get("baseline")),
                result.get("unit", ""),
                _fmt(result.get("ratio")),
                result.get("target", ""),
                "—" if ok is None else ("yes" if ok else "**no**"),
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def goal(name, *, product, baseline, unit, ratio, target, ok, **extra) -> dict:
    return {
        "goal": name,
        "product": product,
        "baseline": baseline,
        "unit": unit,
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "ok": ok,
        **extra,
    }
