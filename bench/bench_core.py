"""Benchmark of the register core at county scale: how long the officer's common reads take.

Run: ``uv run python bench/bench_core.py [--cases 2000 5000]``. It builds demo registers in a
temporary folder (each size once), then times opening the register, the whole due list, one
case's obligations and a search, and reports peak Python memory of the due list. Results
print as a table and are written to bench/results/core.json. Targets live here, never in
tests: the due list should stay under 1 s at 5,000 arrangements on the CI machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pf_register.demo import build_demo
from pf_register.register import Register

AS_OF = date(2026, 11, 27)
TARGET_DUE_SECONDS = {5000: 1.0}


def _time(fn: Callable[[], object], repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def measure(cases: int, folder: Path) -> dict[str, float | int]:
    path = folder / f"demo-{cases}.db"
    start = time.perf_counter()
    build_demo(path, seed=1, cases=cases, as_of=AS_OF)
    built = time.perf_counter() - start
    opened = _time(lambda: Register.open(path, today=lambda: AS_OF).close())
    with Register.open(path, today=lambda: AS_OF) as reg:
        reg.due()  # warm the holiday tables once, as the app does at start
        due = _time(reg.due)
        one = _time(lambda: reg.obligations(cases // 2))
        search = _time(lambda: reg.find("Patel"))
        tracemalloc.start()
        items = len(reg.due())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "cases": cases,
        "build_demo_s": round(built, 2),
        "open_s": round(opened, 4),
        "due_list_s": round(due, 3),
        "due_items": items,
        "one_case_s": round(one, 5),
        "search_s": round(search, 4),
        "due_peak_mib": round(peak / 2**20, 1),
        "file_mib": round(path.stat().st_size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, nargs="+", default=[500, 2000, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(n, Path(tmp)) for n in args.cases]
    for row in results:
        target = TARGET_DUE_SECONDS.get(int(row["cases"]))
        verdict = (
            ""
            if target is None
            else (
                "  (target met)" if row["due_list_s"] <= target else f"  (TARGET {target}s MISSED)"
            )
        )
        print(", ".join(f"{k}={v}" for k, v in row.items()) + verdict)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "core.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
