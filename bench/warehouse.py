"""Benchmark of the monthly period table computed inside PostgreSQL against fetching the orders and computing in
pandas, on the same server, in the same run.

Run from the repository root: ``python bench/warehouse.py`` (1,000,000 orders from 100,000 customers) or
``python bench/warehouse.py --orders 100000``. It starts a throwaway PostgreSQL cluster (tests/postgres_cluster.py,
Debian's ``postgresql`` package, default settings apart from ``fsync = off`` and ``--work-mem``), makes the seeded
log of bench/transactions.py (:func:`retention.io.sample_orders.sample_orders`), reads it with
``load_transactions``, loads the normalised orders into a table with COPY and ANALYZEs it. Then, through the app's
own read-only, time-bounded connection (:func:`retention.io.warehouse.connect`) and as the app names the columns
(:func:`retention.io.warehouse.orders_table`), best of 3 each:

- in the database: ``period_table`` on the ibis table (the figures computed by PostgreSQL, only sums come back);
- baseline: the orders fetched into pandas (``to_pandas`` of the same table) and ``period_table`` on the frame.

"Rows to the app" counts the rows of every result that came back from the server (every ``to_pandas``); both must
give the same table (checked). Wall time and this process's CPU time (the server's CPU is not in it).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int)
    parser.add_argument("--work-mem", default="4MB", help="the server's work_mem (PostgreSQL's default: 4MB)")
    arguments = parser.parse_args()
    orders, customers = arguments.orders, arguments.customers or max(1, arguments.orders // 10)

    import pandas as pd
    import psycopg

    from retention.io import warehouse
    from retention.orders.period_table import period_table
    from tests.postgres_cluster import start_cluster

    cluster = start_cluster({"statement_timeout": "600000", "log_statement": "none", "work_mem": arguments.work_mem})
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as con:
            con.execute("CREATE ROLE bench_reader LOGIN PASSWORD 'bench-reader-pw'")
        started = time.perf_counter()
        frame = load(cluster, orders, customers)
        print(f"PostgreSQL {cluster_version(cluster)}: {len(frame):,} order rows (refund lines netted by the reader) "
              f"from {frame['customer_id'].nunique():,} customers, loaded in {time.perf_counter() - started:.1f} s. "
              f"work_mem {arguments.work_mem}. {os.cpu_count()} cores shared by client and server, "
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


if __name__ == "__main__":
    main()
