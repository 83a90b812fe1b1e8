"""Print the Markdown table of one or more result files:
``python -m bench.report bench-results.json [...]``."""

import json
import sys
from pathlib import Path

from .stats import table


def main(paths: list[str]) -> None:
    for path in paths:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
        scale = report["scale"]
        print(
            f"### {path}: {scale['mhos']:,} MHOs × {scale['years']} years, "
            f"{report['data'].get('records', '?')} records, "
            f"median of {report['runs']} runs, {report['started_at']}\n"
        )
        print(table(report["results"]))
        extra = [r for r in report["results"] if "ratio_vs_django_hello" in r]
        if extra:
            print(
                "\nSame measurements against a hello-world Django view behind the "
                "portal's middleware (informative):\n"
            )
            print("| goal | Django hello | ratio |\n| --- | --- | --- |")
            for result in extra:
                value = (
                    result["django_hello_rps"]
                    if "throughput" in result["goal"]
                    else result["django_hello_p95_ms"]
                )
                print(
                    f"| {result['goal']} | {value:.1f} | "
                    f"{result['ratio_vs_django_hello']} |"
                )
        for name, error in report.get("errors", {}).items():
            print(f"\n{name}: not measured ({error})")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
