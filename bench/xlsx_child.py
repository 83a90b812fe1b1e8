"""Run in a subprocess: one XLSX build (product or baseline), printing JSON
with its time and the peak RSS growth (VmHWM minus the RSS before it).

``python -m bench.xlsx_child product|baseline OUT.xlsx`` with DATABASE_URL set.
"""

import json
import sys
import time
from pathlib import Path


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _baseline(path: Path) -> dict:
    """XlsxWriter in constant-memory mode writing rows already in memory: the
    same sheets and rows as the product, read before the clock starts."""
    import xlsxwriter

    from opendata.exports.columns import MHO_COLUMNS, RECORD_COLUMNS
    from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
    from opendata.exports.rows import mho_rows, record_rows, synthesis_rows

    sheets = [
        ("records", RECORD_COLUMNS, list(record_rows())),
        ("mhos", MHO_COLUMNS, list(mho_rows())),
        ("synthesis", SYNTHESIS_COLUMNS, list(synthesis_rows())),
    ]
    before = _status("VmRSS")
    started = time.perf_counter()
    book = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "remove_timezone": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd hh:mm:ss",
        },
    )
    cells = 0
    for name, columns, rows in sheets:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [column.name for column in columns])
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, row)
        cells += len(rows) * len(columns)
    book.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cells": cells, "rss_before": before}


def _product(path: Path) -> dict:
    from django.utils import timezone

    from opendata.exports.build import _citation
    from opendata.exports.columns import MHO_COLUMNS, RECORD_COLUMNS
    from opendata.exports.columns_synthesis import SYNTHESIS_COLUMNS
    from opendata.exports.xlsx_build import inventory_xlsx_write
    from opendata.models.synthesis import SynthesisRow

    citation = _citation(timezone.now())
    synthesis = SynthesisRow.objects.count()
    before = _status("VmRSS")
    started = time.perf_counter()
    counts = inventory_xlsx_write(path, citation=citation)
    seconds = time.perf_counter() - started
    cells = (
        counts.records * len(RECORD_COLUMNS)
        + counts.mhos * len(MHO_COLUMNS)
        + synthesis * len(SYNTHESIS_COLUMNS)
    )
    return {"seconds": seconds, "cells": cells, "rss_before": before}


def main() -> None:
    import django

    django.setup()
    kind, path = sys.argv[1], Path(sys.argv[2])
    result = (_product if kind == "product" else _baseline)(path)
    result["peak_growth"] = _status("VmHWM") - result.pop("rss_before")
    result["bytes"] = path.stat().st_size
    print(json.dumps(result))


if __name__ == "__main__":
    main()
