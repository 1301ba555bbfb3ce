"""Benchmark of reading an order log and computing its monthly period table and cohort matrix.

Run from the repository root: ``python bench/transactions.py`` (1,000,000 orders from 100,000 customers) or
``python bench/transactions.py --orders 10000000``. The log is made with a fixed seed by
:func:`retention.io.sample_orders.sample_orders` (three years, seasonality, churn, large customers, plus about 5%
refund lines) and written as CSV to a temporary directory. Each step runs in its own Python process, so that its
peak memory can be read from ``resource.getrusage(RUSAGE_SELF).ru_maxrss``: the peak resident memory of the whole
process (interpreter, imports, its input and the step). Each step is timed 3 times in that process; the best time
is printed. The baselines run in the same way, in the same command:

- reading: ``load_transactions(path)`` against plain ``pandas.read_csv(path, engine="pyarrow")`` of the same file
  (the size limit is raised to the file's size, which matters for 10,000,000 orders: about 460 MB);
- computing: ``period_table`` + ``cohort_matrix`` (monthly) against a plain monthly groupby of the same frame,
  ``amount`` summed per customer and month;
- engines (issue 18): in one process each, the CSV read once and then the monthly ``period_table`` (best of 3):
  pandas (``load_transactions``) against embedded DuckDB (``read_csv`` into an in-memory table, the period table
  through ibis, :mod:`retention.orders.ibis_engine`); the same revenue and periods show both found the same orders;
- groups (issue 14): ``group_period_tables`` split by a 10-value column (customer number mod 10, the group of
  each customer's first order found by ``customer_groups`` beforehand) against the unsplit ``period_table`` with
  the same window, and ``customer_groups`` and ``compare_groups`` on their own; target: the split at most 2x.

Targets (issue 3) for 1,000,000 orders on 2 cores: reading within 2 s, the two computations together within 1 s,
peak memory under 1 GB.
"""

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 2024
REPEATS = 3
#: Values of the group column of the groups' steps.
GROUPS = 10
TARGETS = {"read": 2.0, "compute": 1.0, "memory_mb": 1024}
#: The engines compared end to end (issue 18): each reads the CSV once, then times the monthly period table.
ENGINES = ("pandas", "duckdb")
#: The groups' steps, timed in turns in one process; the first is their baseline (the unsplit table, with the
#: window the split is given).
GROUP_STEPS = ("period_table, shop's window", "group_period_tables", "customer_groups", "compare_groups")


def peak_mb() -> float:
    """The peak resident memory of this process so far, in MB (ru_maxrss is in kilobytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_time(step) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return min(times), result


def run_step(name: str, folder: Path) -> dict:
    """One step, in this process: its input is loaded first, then the step is timed."""
    import pandas as pd

    from retention.io.readers import load_transactions
    from retention.orders.cohorts import cohort_matrix
    from retention.orders.groups import compare_groups, customer_groups, group_period_tables
    from retention.orders.period_table import period_table

    csv = folder / "orders.csv"
    if name == "write":
        return {"step": name, "rows": write_log(*folder_size(folder), folder), "bytes": csv.stat().st_size}
    if name in ENGINES:
        read = {"pandas": lambda: load_transactions(csv, max_bytes=csv.stat().st_size).frame,
                "duckdb": lambda: duckdb_table(csv)}[name]
        started = time.perf_counter()
        orders = read()
        read_seconds = time.perf_counter() - started
        seconds, table = best_time(lambda: period_table(orders))
        return {"step": name, "read_seconds": read_seconds, "seconds": seconds, "peak_mb": peak_mb(),
                "revenue": float(table["revenue"].sum()), "periods": len(table)}
    if name == "pandas.read_csv":
        before = peak_mb()
        seconds, _ = best_time(lambda: pd.read_csv(csv, engine="pyarrow"))
    elif name == "load_transactions":
        before = peak_mb()
        seconds, loaded = best_time(lambda: load_transactions(csv, max_bytes=csv.stat().st_size))
        with open(folder / "frame.pickle", "wb") as handle:
            pickle.dump(loaded.frame, handle)
    else:
        with open(folder / "frame.pickle", "rb") as handle:
            frame = pickle.load(handle)
        values = "g" + (frame["customer_id"].cat.codes % GROUPS).astype(str)
        groups = customer_groups(frame, values)
        window = period_table(frame).attrs["active_window"]
        before = peak_mb()
        step = {
            "groupby": lambda: frame.groupby(
                [frame["customer_id"], frame["date"].dt.to_period("M")], observed=True
            )["amount"].sum(),
            "period_table": lambda: period_table(frame),
            "cohort_matrix": lambda: cohort_matrix(frame),
        }.get(name)
        if step is None:  # the groups' steps, timed in turns in one process, so that a busy machine slows all alike
            steps = {"period_table, shop's window": lambda: period_table(frame, "M", window),
                     "group_period_tables": lambda: group_period_tables(frame, groups, "M", window),
                     "customer_groups": lambda: customer_groups(frame, values),
                     "compare_groups": lambda: compare_groups(frame, groups, "M", window)}
            times = {key: [] for key in steps}
            for _ in range(REPEATS):
                for key, timed in steps.items():
                    started = time.perf_counter()
                    timed()
                    times[key].append(time.perf_counter() - started)
            return {"step": name, "seconds": {key: min(seconds) for key, seconds in times.items()},
                    "peak_mb": peak_mb(), "before_mb": before}
        seconds, _ = best_time(step)
    return {"step": name, "seconds": seconds, "peak_mb": peak_mb(), "before_mb": before}


def duckdb_table(csv: Path):
    """The CSV read into an in-memory DuckDB table through ibis, its headers renamed to the normalised columns and
    its refund lines left out, as :func:`~retention.io.readers.load_transactions` does."""
    import ibis

    from retention.io.sample_orders import COLUMNS

    con = ibis.duckdb.connect()
    orders = con.read_csv(csv).rename({new: old for old, new in COLUMNS.items()}).select(*COLUMNS.values())
    orders = orders.filter(orders.amount >= 0)  # the reader leaves refund lines out
    return con.create_table("orders", orders)


def in_process(name: str, folder: Path, script: str = __file__) -> dict:
    """The step ``name`` of ``script`` run in a process of its own; its last line of output, read as JSON."""
    command = [sys.executable, script, "--step", name, "--folder", str(folder)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def folder_size(folder: Path) -> tuple[int, int]:
    """(orders, customers), as the parent process wrote them in the folder."""
    return tuple(json.loads((folder / "size.json").read_text()))


def write_log(orders: int, customers: int, folder: Path) -> int:
    """The seeded log as CSV; returns its number of rows."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from retention.io.sample_orders import sample_orders

    log = sample_orders(customers=customers, orders=orders, seed=SEED)
    log["Order date"] = log["Order date"].dt.date
    table = pa.Table.from_pandas(log, preserve_index=False)
    path = folder / "orders.csv"
    pcsv.write_csv(table, path, pcsv.WriteOptions(quoting_style="needed"))
    return len(log)


def report(orders: int, customers: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "size.json").write_text(json.dumps([orders, customers]))
        started = time.perf_counter()
        written = in_process("write", folder)
        print(f"Log: {orders:,} orders from {customers:,} customers, {written['rows']:,} rows with refund lines, "
              f"{written['bytes'] / 1e6:,.0f} MB of CSV (made in {time.perf_counter() - started:.1f} s). "
              f"{os.cpu_count()} cores, best of {REPEATS} runs, peak = ru_maxrss of the step's own process.\n")
        results = {name: in_process(name, folder) for name in (
            "pandas.read_csv", "load_transactions", "groupby", "period_table", "cohort_matrix", "groups", *ENGINES
        )}
    compute = results["period_table"]["seconds"] + results["cohort_matrix"]["seconds"]
    print("| step | time | peak memory (before the step) | ratio to baseline |")
    print("|---|---|---|---|")
    for name, baseline in (("pandas.read_csv", None), ("load_transactions", "pandas.read_csv"),
                           ("groupby", None), ("period_table", "groupby"), ("cohort_matrix", "groupby")):
        result = results[name]
        ratio = f"{result['seconds'] / results[baseline]['seconds']:.2f}" if baseline else "baseline"
        print(f"| {name} | {result['seconds']:.3f} s | {result['peak_mb']:,.0f} MB ({result['before_mb']:,.0f} MB) "
              f"| {ratio} |")
    print(f"| period_table + cohort_matrix | {compute:.3f} s | | "
          f"{compute / results['groupby']['seconds']:.2f} |")
    groups = results["groups"]["seconds"]
    unsplit = GROUP_STEPS[0]
    for name in GROUP_STEPS:
        ratio = "baseline" if name == unsplit else f"{groups[name] / groups[unsplit]:.2f}"
        print(f"| {name} ({GROUPS} groups, timed in turns) | {groups[name]:.3f} s | | {ratio} |")
    print("\n| engine (issue 18) | reading once | period_table, best of 3 | peak memory | revenue, periods |")
    print("|---|---|---|---|---|")
    for name in ENGINES:
        result = results[name]
        print(f"| {name} | {result['read_seconds']:.3f} s | {result['seconds']:.3f} s | {result['peak_mb']:,.0f} MB "
              f"| {result['revenue']:,.2f}, {result['periods']} |")
    peak = max(result["peak_mb"] for name, result in results.items() if name not in ENGINES)
    figures = (f"reading {results['load_transactions']['seconds']:.2f} s, computing {compute:.2f} s, "
               f"peak memory {peak:,.0f} MB")
    if orders == 1_000_000:
        print(f"\nTargets for 1,000,000 orders: {figures}; at most {TARGETS['read']} s, {TARGETS['compute']} s "
              f"and {TARGETS['memory_mb']:,} MB.")
    else:
        print(f"\n{figures} (the targets are set for 1,000,000 orders).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, help="default: one for every 10 orders")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.step:
        print(json.dumps(run_step(arguments.step, arguments.folder)))
    else:
        report(arguments.orders, arguments.customers or arguments.orders // 10)


if __name__ == "__main__":
    main()
