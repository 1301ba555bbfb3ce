"""Benchmarks of the order-log figures computed inside an engine (issue 18), each part against pandas in the same run.

Run from the repository root: ``python bench/warehouse.py`` runs both parts; ``--part duckdb`` or ``--part
postgres`` one of them. ``--orders`` defaults to 10,000,000 for the DuckDB part and 1,000,000 for PostgreSQL.

**PostgreSQL part** (``postgres_report``; ``--part postgres --orders 100000`` for a smaller log). It starts a throwaway
PostgreSQL cluster (tests/postgres_cluster.py, Debian's ``postgresql`` package, default settings apart from ``fsync =
off`` and ``--work-mem``), makes the seeded log of bench/transactions.py
(:func:`retention.io.sample_orders.sample_orders`), reads it with ``load_transactions``, loads the normalised orders
into a table with COPY and ANALYZEs it. Then, through the app's own read-only, time-bounded connection
(:func:`retention.io.warehouse.connect`) and as the app names the columns (:func:`retention.io.warehouse.orders_table`),
best of 3 each:

- in the database: ``period_table`` on the ibis table (the figures computed by PostgreSQL, only sums come back);
- baseline: the orders fetched into pandas (``to_pandas`` of the same table) and ``period_table`` on the frame.

"Rows to the app" counts the rows of every result that came back from the server (every ``to_pandas``); both must
give the same table (checked). Wall time and this process's CPU time (the server's CPU is not in it).

**DuckDB part** (``duckdb_*`` and ``pandas_*``, ``engines_report``; ``--part duckdb --orders 1000000`` for a smaller log
than 10,000,000 orders from 1,000,000 customers). The log is the seeded one of ``bench/transactions.py`` (three years,
refund lines), written once as CSV. Each measurement runs in its own Python process: it reads the file, then computes
one figure (the monthly period table, the customer summary or the monthly cohort matrix), once; wall time and CPU time
(user + system of the whole process, every DuckDB thread included, from ``resource.getrusage``) are taken for the
reading and for the computing, and the peak memory is ``ru_maxrss`` of that process (interpreter, imports, the data and
the step).

- pandas: ``load_transactions`` (the upload reader, its size limit raised to the file) and the pandas path;
- DuckDB: ``load_big`` (:mod:`retention.io.big_files`, what "Your data" uses above ``BIG_FILE_BYTES``) and the same
  functions given the ibis table, so the figures are computed inside DuckDB
  (:mod:`retention.orders.ibis_engine`).

Both must find the same revenue and periods (period table), customers (summary) and cohort sizes (cohorts); the
script says so. ``--before DIR`` (a checkout of earlier code, e.g. ``git archive <commit> | tar -x -C DIR``) adds
that code's DuckDB lines, run on the same log in the same run. Targets (issue 18) for 10,000,000 orders: DuckDB at
most 1.5 GB peak and the period table, reading included, within 5 s. Functions named ``duckdb_*`` and ``pandas_*``
are this engine comparison; a PostgreSQL part may add its own beside them.
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

SEED = 2024
REPEATS = 3


class RowCounter:
    """Counts the rows of every ibis result fetched into pandas while it is active."""

    def __init__(self):
        import ibis.expr.types as ir

        self.rows = self.results = 0
        self.each: list[tuple[int, float]] = []  # (rows, seconds) of each result
        self.classes = (ir.Table, ir.Column, ir.Scalar)
        self.originals = {cls: cls.to_pandas for cls in self.classes}

    def __enter__(self):
        counter = self

        def wrap(original):
            def to_pandas(expr, *args, **kwargs):
                started = time.perf_counter()
                result = original(expr, *args, **kwargs)
                rows = len(result) if hasattr(result, "__len__") else 1
                counter.rows += rows
                counter.results += 1
                counter.each.append((rows, time.perf_counter() - started))
                return result
            return to_pandas

        for cls, original in self.originals.items():
            cls.to_pandas = wrap(original)
        return self

    def __exit__(self, *exc):
        for cls, original in self.originals.items():
            cls.to_pandas = original


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(step) -> dict:
    """Best of REPEATS: wall and CPU seconds, and the rows and results fetched in one run."""
    best = None
    for _ in range(REPEATS):
        with RowCounter() as counter:
            wall, cpu = time.perf_counter(), cpu_seconds()
            result = step()
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        run = {"wall": wall, "cpu": cpu, "rows": counter.rows, "results": counter.results, "result": result,
               "each": counter.each}
        if best is None or wall < best["wall"]:
            best = run
    return best


def load(cluster, orders: int, customers: int):
    """The seeded log read as the app reads a file, then COPYed into the table ``orders``; returns the frame."""
    import psycopg
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from retention.io.readers import load_transactions
    from retention.io.sample_orders import sample_orders

    log = sample_orders(customers=customers, orders=orders, seed=SEED)
    log["Order date"] = log["Order date"].dt.date
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "orders.csv"
        pcsv.write_csv(pa.Table.from_pandas(log, preserve_index=False), path,
                       pcsv.WriteOptions(quoting_style="needed"))
        frame = load_transactions(path, max_bytes=path.stat().st_size + 1).frame
    columns = [name for name in ("customer_id", "date", "amount", "order_id", "quantity", "returned_quantity")
               if name in frame.columns]
    types = {"customer_id": "text", "date": "timestamp", "amount": "double precision", "order_id": "text",
             "quantity": "double precision", "returned_quantity": "double precision"}
    with psycopg.connect(cluster.url(), autocommit=True) as con:
        con.execute(f"CREATE TABLE orders ({', '.join(f'{name} {types[name]}' for name in columns)})")
        with con.cursor().copy(f"COPY orders ({', '.join(columns)}) FROM STDIN") as copy:
            for row in frame[columns].astype({"customer_id": str}).itertuples(index=False):
                copy.write_row(row)
        con.execute("ANALYZE orders")
        con.execute("GRANT SELECT ON orders TO bench_reader")
    return frame


def postgres_report(orders: int, customers: int, work_mem: str) -> None:
    """The PostgreSQL part: the monthly period table computed in the server against fetched into pandas."""

    import pandas as pd
    import psycopg

    from retention.io import warehouse
    from retention.orders.period_table import period_table
    from tests.postgres_cluster import start_cluster

    cluster = start_cluster({"statement_timeout": "600000", "log_statement": "none", "work_mem": work_mem})
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as con:
            con.execute("CREATE ROLE bench_reader LOGIN PASSWORD 'bench-reader-pw'")
        started = time.perf_counter()
        frame = load(cluster, orders, customers)
        print(f"PostgreSQL {cluster_version(cluster)}: {len(frame):,} order rows (refund lines netted by the reader) "
              f"from {frame['customer_id'].nunique():,} customers, loaded in {time.perf_counter() - started:.1f} s. "
              f"work_mem {work_mem}. {os.cpu_count()} cores shared by client and server, "
              f"best of {REPEATS}.\n")
        con = warehouse.connect(cluster.url("bench_reader", "bench-reader-pw"), timeout_seconds=600)
        mapping = {name: name for name in frame.columns
                   if name in ("customer_id", "date", "amount", "order_id", "quantity", "returned_quantity")}
        table = warehouse.orders_table(con, "orders", mapping)
        inside = timed(lambda: period_table(table))
        fetched = timed(lambda: period_table(table.to_pandas()))
        pd.testing.assert_frame_equal(inside["result"], fetched["result"], check_exact=False, rtol=1e-9)
        print("| monthly period table | wall time | client CPU | rows to the app (results) | ratio to baseline |")
        print("|---|---:|---:|---:|---:|")
        for name, run in (("orders fetched, pandas (baseline)", fetched), ("computed in PostgreSQL", inside)):
            print(f"| {name} | {run['wall']:.2f} s | {run['cpu']:.2f} s | {run['rows']:,} ({run['results']}) | "
                  f"{run['wall'] / fetched['wall']:.2f} |")
        print(f"\nSame table both ways: {len(inside['result'])} months, revenue "
              f"{inside['result']['revenue'].sum():,.2f}. Rows to the app: "
              f"{inside['rows'] / fetched['rows']:.4%} of the baseline's.")
        queries = ", ".join(f"{name} {seconds:.2f} s ({rows:,} rows)" for name, (rows, seconds) in
                            zip(("checks", "gaps", "period sums"), inside["each"], strict=False))
        print(f"The queries of the fastest run in the database: {queries}.")
        con.disconnect()
    finally:
        cluster.stop()


def cluster_version(cluster) -> str:
    import psycopg

    with psycopg.connect(cluster.url()) as con:
        return con.execute("SHOW server_version").fetchone()[0]


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


def _in_process(engine: str, name: str, csv: Path, root: Path = ROOT) -> dict:
    """One step in a process of its own, with the code of ``root`` (this checkout, or ``--before``'s)."""
    command = [sys.executable, str(root / "bench" / "warehouse.py"), "--step", f"{engine}:{name}", "--csv", str(csv)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=root).stdout
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


def engines_report(orders: int, customers: int, before: Path | None = None) -> None:
    """The DuckDB part: each engine reads the CSV and computes each figure, one process a line; with ``before``
    (a checkout of earlier code), its DuckDB lines too, in the same run."""
    engines = ENGINES + (("duckdb before",) if before else ())
    with tempfile.TemporaryDirectory() as name:
        csv = _write(orders, customers, Path(name))
        results = {(engine, step): _in_process(engine.split()[0], step, csv, before if " " in engine else ROOT)
                   for step in COMPUTATIONS for engine in engines}
    print("| computation | engine | reading: wall, CPU | computing: wall, CPU | read + compute (x pandas) "
          "| peak memory (x pandas) | check |")
    print("|---|---|---|---|---|---|---|")
    for step in COMPUTATIONS:
        base = results[("pandas", step)]
        for engine in engines:
            result = results[(engine, step)]
            total, base_total = result["read_wall"] + result["wall"], base["read_wall"] + base["wall"]
            print(f"| {step} | {engine} | {result['read_wall']:.2f} s, {result['read_cpu']:.2f} s "
                  f"| {result['wall']:.2f} s, {result['cpu']:.2f} s | {total:.2f} s ({total / base_total:.2f}) "
                  f"| {result['peak_mb']:,.0f} MB ({result['peak_mb'] / base['peak_mb']:.2f}) | {result['check']} |")
    same = all(results[("pandas", step)]["check"] == results[(engine, step)]["check"] for step in COMPUTATIONS
               for engine in engines)
    print(f"\nBoth engines found the same figures: {'yes' if same else 'NO'}.")
    duck = results[("duckdb", "period_table")]
    peak = max(results[("duckdb", step)]["peak_mb"] for step in COMPUTATIONS)
    print(f"DuckDB: reading + period table {duck['read_wall'] + duck['wall']:.2f} s (target at most "
          f"{TARGETS['read_and_period_table']} s), peak memory {peak:,.0f} MB (target at most "
          f"{TARGETS['peak_mb']:,} MB); load average {os.getloadavg()[0]:.1f} at the end.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("all", "duckdb", "postgres"), default="all")
    parser.add_argument("--orders", type=int, help="default: 10,000,000 (DuckDB part), 1,000,000 (PostgreSQL part)")
    parser.add_argument("--customers", type=int, help="default: one for every 10 orders")
    parser.add_argument("--work-mem", default="4MB", help="the server's work_mem (PostgreSQL's default: 4MB)")
    parser.add_argument("--before", type=Path, help="DuckDB part: also run the DuckDB steps with the code of this "
                                                    "checkout (e.g. an exported earlier commit), in the same run")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.step:
        engine, name = arguments.step.split(":")
        step = {"pandas": pandas_step, "duckdb": duckdb_step}[engine]
        print(json.dumps(step(name, arguments.csv)))
        return
    for part, default in (("duckdb", 10_000_000), ("postgres", 1_000_000)):
        if arguments.part in ("all", part):
            orders = arguments.orders or default
            customers = arguments.customers or max(1, orders // 10)
            if part == "duckdb":
                engines_report(orders, customers, arguments.before)
            else:
                postgres_report(orders, customers, arguments.work_mem)
            print()


if __name__ == "__main__":
    main()
