"""Full inventory.xlsx build vs XlsxWriter (constant memory) writing the same
rows already in memory; and the build's peak memory growth.

Each build runs in its own subprocess (``bench.xlsx_child``) so that its peak
RSS (VmHWM) is its own. The baseline counts the same cells (records, mhos and
synthesis sheets); its rows are read before its clock starts.
"""

import json
import os
import subprocess
import sys

from .env import ROOT
from .stats import goal, median

MIB = 1 << 20


def _run(kind: str, tmp) -> dict:
    out = tmp / f"{kind}.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "bench.xlsx_child", kind, str(out)],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    out.unlink(missing_ok=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(*, runs: int, tmp) -> list[dict]:
    products, baselines = [], []
    for _ in range(runs):
        products.append(_run("product", tmp))
        baselines.append(_run("baseline", tmp))
    cells = products[0]["cells"]
    p = cells / median([r["seconds"] for r in products])
    b = baselines[0]["cells"] / median([r["seconds"] for r in baselines])
    growth = max(r["peak_growth"] for r in products) / MIB
    base_growth = max(r["peak_growth"] for r in baselines) / MIB
    return [
        goal(
            "XLSX build vs XlsxWriter constant-memory (rows in memory)",
            product=p,
            baseline=b,
            unit="cells/s",
            ratio=p / b,
            target="≥ 0.8",
            ok=p / b >= 0.8,
            cells=cells,
            product_runs=products,
            baseline_runs=baselines,
        ),
        goal(
            "XLSX build peak memory growth",
            product=round(growth, 1),
            baseline=round(base_growth, 1),
            unit="MiB",
            ratio=None,
            target="≤ 100 MiB",
            ok=growth <= 100,
            note="baseline column: the baseline's growth, rows already in memory",
        ),
    ]
