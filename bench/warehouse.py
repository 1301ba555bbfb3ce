"""Benchmark of the order-log figures computed inside an engine (issue 18): embedded DuckDB through ibis against
pandas, on the same log, in the same run.

Run from the repository root: ``python bench/warehouse.py`` (10,000,000 orders from 1,000,000 customers) or
``python bench/warehouse.py --orders 1000000``. The log is the seeded one of ``bench/transactions.py`` (three
years, refund lines), written once as CSV. Each measurement runs in its own Python process: it reads the file,
then computes one figure (the monthly period table, the customer summary or the monthly cohort matrix), once;
wall time and CPU time (user + system of the whole process, every DuckDB thread included, from
``resource.getrusage``) are taken for the reading and for the computing, and the peak memory is ``ru_maxrss`` of
that process (interpreter, imports, the data and the step).

- pandas: ``load_transactions`` (the upload reader, its size limit raised to the file) and the pandas path;
- DuckDB: ``load_big`` (:mod:`retention.io.big_files`, what "Your data" uses above ``BIG_FILE_BYTES``) and the same
  functions given the ibis table, so the figures are computed inside DuckDB
  (:mod:`retention.orders.ibis_engine`).

Both must find the same revenue and periods (period table), customers (summary) and cohort sizes (cohorts); the
script says so. Targets (issue 18) for 10,000,000 orders: DuckDB at most 1.5 GB peak and the period table, reading
included, within 5 s. Functions named ``duckdb_*`` and ``pandas_*`` are this engine comparison; a PostgreSQL part
may add its own beside them.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

COMPUTATIONS = ("period_table", "customer_summary", "cohort_matrix")
ENGINES = ("pandas", "duckdb")
TARGETS = {"peak_mb": 1536, "read_and_period_table": 5.0}


def _clock() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime


def _timed(step) -> tuple[object, float, float]:
    wall, cpu = _clock()
    result = step()
    after_wall, after_cpu = _clock()
    return result, after_wall - wall, after_cpu - cpu


def _compute(name: str):
    from retention.btyd.customer_summary import customer_summary
    from retention.orders.cohorts import cohort_matrix
    from retention.orders.period_table import period_table

    return {"period_table": period_table, "customer_summary": customer_summary, "cohort_matrix": cohort_matrix}[name]


def _check(name: str, result) -> str:
    """What both engines must agree on, as a short text."""
    if name == "period_table":
        return f"revenue {result['revenue'].sum():,.2f}, {len(result)} periods"
    if name == "customer_summary":
        return f"{len(result):,} customers, {result['frequency'].sum():,.0f} repeat purchases"
    return f"{len(result)} cohorts, first cohort {result.iloc[0, 0]:,.0f} customers"


def pandas_read(csv: Path):
    from retention.io.readers import load_transactions

    return load_transactions(csv, max_bytes=csv.stat().st_size).frame


def duckdb_read(csv: Path):
    from retention.io.big_files import load_big, preview_big

    return load_big(csv, preview_big(csv).mapping).table


def pandas_step(name: str, csv: Path) -> dict:
    return _step(pandas_read, name, csv)


def duckdb_step(name: str, csv: Path) -> dict:
    return _step(duckdb_read, name, csv)


def _step(read, name: str, csv: Path) -> dict:
    import ibis  # noqa: F401  the imports are not timed: both engines import the same modules first

    import retention.io.big_files
    import retention.io.readers  # noqa: F401

    compute = _compute(name)
    orders, read_wall, read_cpu = _timed(lambda: read(csv))
    result, wall, cpu = _timed(lambda: compute(orders))
    return {"read_wall": read_wall, "read_cpu": read_cpu, "wall": wall, "cpu": cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "check": _check(name, result)}


def _in_process(engine: str, name: str, csv: Path) -> dict:
    command = [sys.executable, __file__, "--step", f"{engine}:{name}", "--csv", str(csv)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def _write(orders: int, customers: int, folder: Path) -> Path:
    """The log, made in a process of its own: ru_maxrss carries over from a parent into the processes it starts,
    so the parent must never hold the log."""
    script = ("import sys; sys.path[:0] = sys.argv[1:3]; from transactions import write_log; "
              "print(write_log(int(sys.argv[3]), int(sys.argv[4]), __import__('pathlib').Path(sys.argv[5])))")
    command = [sys.executable, "-c", script,
               str(ROOT), str(ROOT / "bench"), str(orders), str(customers), str(folder)]
    rows = int(subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout.split()[-1])
    csv = folder / "orders.csv"
    print(f"Log: {orders:,} orders from {customers:,} customers, {rows:,} rows with refund lines, "
          f"{csv.stat().st_size / 1e6:,.0f} MB of CSV. {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start; each line is one process, run once.\n")
    return csv


def report(orders: int, customers: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        csv = _write(orders, customers, Path(name))
        results = {(engine, step): _in_process(engine, step, csv) for step in COMPUTATIONS for engine in ENGINES}
    print("| computation | engine | reading: wall, CPU | computing: wall, CPU | read + compute (x pandas) "
          "| peak memory (x pandas) | check |")
    print("|---|---|---|---|---|---|---|")
    for step in COMPUTATIONS:
        base = results[("pandas", step)]
        for engine in ENGINES:
            result = results[(engine, step)]
            total, base_total = result["read_wall"] + result["wall"], base["read_wall"] + base["wall"]
            print(f"| {step} | {engine} | {result['read_wall']:.2f} s, {result['read_cpu']:.2f} s "
                  f"| {result['wall']:.2f} s, {result['cpu']:.2f} s | {total:.2f} s ({total / base_total:.2f}) "
                  f"| {result['peak_mb']:,.0f} MB ({result['peak_mb'] / base['peak_mb']:.2f}) | {result['check']} |")
    same = all(results[("pandas", step)]["check"] == results[("duckdb", step)]["check"] for step in COMPUTATIONS)
    print(f"\nBoth engines found the same figures: {'yes' if same else 'NO'}.")
    duck = results[("duckdb", "period_table")]
    peak = max(results[("duckdb", step)]["peak_mb"] for step in COMPUTATIONS)
    print(f"DuckDB: reading + period table {duck['read_wall'] + duck['wall']:.2f} s (target at most "
          f"{TARGETS['read_and_period_table']} s), peak memory {peak:,.0f} MB (target at most "
          f"{TARGETS['peak_mb']:,} MB); load average {os.getloadavg()[0]:.1f} at the end.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, help="default: one for every 10 orders")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.step:
        engine, name = arguments.step.split(":")
        step = {"pandas": pandas_step, "duckdb": duckdb_step}[engine]
        print(json.dumps(step(name, arguments.csv)))
    else:
        report(arguments.orders, arguments.customers or arguments.orders // 10)


if __name__ == "__main__":
    main()
