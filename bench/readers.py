"""Benchmark of reading order logs against pyarrow's own parse of the same bytes (issue 13, "Performance").

Run from the repository root: ``python bench/readers.py`` (1,000,000 orders from 100,000 customers) or
``python bench/readers.py --orders 10000000 --logs clean``. The seeded log of :mod:`bench.transactions` is written
in two layouts to a temporary directory:

- clean: the sales only (no refund lines), ISO dates, decimal points, comma-separated;
- European: every row (about 5% refund lines), dates day first (31/01/2024), decimal commas, semicolon-separated.

Each step runs in its own Python process (so that its peak memory is that process' ``ru_maxrss``) and is timed 3
times; the best time is printed, and the best CPU time of the process (all its threads: pyarrow parses on every
core, the reader's own work runs on one). The baseline, in the same command, is ``pyarrow.csv.read_csv`` of the
same file (types inferred, on all cores); its process' peak is the memory of the parsed table.
``load_transactions`` gets the size limit raised to the file's size. A 200-row Shopify orders export
(:mod:`tests.data.exports.layouts`) is read 20 times in one process, against the same parse of its bytes.

Targets (issue 13): ``load_transactions`` at most 3x the parse on the clean log and at most 4x on the European
one at 1,000,000 orders; at 10,000,000 orders at most 4x the parse, with at most 2x its peak memory; the Shopify
file under 0.2 s.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from transactions import REPEATS, ROOT, SEED, in_process, peak_mb

#: The layouts of the log: their separator, and the most time each may take as a multiple of the parse (at
#: 1,000,000 orders).
LOGS = {"clean": (",", 3.0), "european": (";", 4.0)}
TARGET_10M = (4.0, 2.0)
SHOPIFY_ORDERS = 109  # 200 rows
SHOPIFY_RUNS = 20
SHOPIFY_SECONDS = 0.2


def best_times(step) -> tuple[float, float, object]:
    """(the best wall-clock time, the best CPU time of the process, the last result) of ``REPEATS`` runs. The CPU
    time (every thread's) tells the work apart from the waiting when other programs share the cores."""
    wall, cpu, result = [], [], None
    for _ in range(REPEATS):
        started, used = time.perf_counter(), time.process_time()
        result = step()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return min(wall), min(cpu), result


def write_logs(orders: int, customers: int, folder: Path) -> dict:
    """The seeded log in each layout as ``<layout>.csv``; {layout: [rows, bytes]}."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    from retention.io.sample_orders import sample_orders

    log = sample_orders(customers=customers, orders=orders, seed=SEED)
    log["Order date"] = log["Order date"].dt.date
    table = pa.Table.from_pandas(log, preserve_index=False)
    clean = table.filter(pc.greater(table["Amount"], 0))
    european = table.set_column(2, "Order date", pc.strftime(table["Order date"], "%d/%m/%Y"))
    european = european.set_column(3, "Amount", pc.replace_substring(
        pc.cast(european["Amount"], pa.string()), ".", ","))
    sizes = {}
    for layout, rows in (("clean", clean), ("european", european)):
        path = folder / f"{layout}.csv"
        pcsv.write_csv(rows, path, pcsv.WriteOptions(quoting_style="needed", delimiter=LOGS[layout][0]))
        sizes[layout] = [rows.num_rows, path.stat().st_size]
    return sizes


def run_step(name: str, folder: Path) -> dict:
    """One step in this process: "write", "parse:<layout>", "load:<layout>" or "shopify"."""
    import pyarrow.csv as pcsv

    from retention.io.readers import load_transactions

    if name == "write":
        return write_logs(*json.loads((folder / "size.json").read_text()), folder)
    if name == "shopify":
        from tests.data.exports import layouts

        data = layouts.shopify_orders(layouts.many_orders(SHOPIFY_ORDERS))
        timed = {"parse": lambda: pcsv.read_csv(io.BytesIO(data)), "load": lambda: load_transactions(data)}
        best = {}
        for key, step in timed.items():
            times = []
            for _ in range(SHOPIFY_RUNS):
                started = time.perf_counter()
                step()
                times.append(time.perf_counter() - started)
            best[key] = min(times)
        return {"rows": data.count(b"\n") - 1, **best}
    kind, layout = name.split(":")
    path = folder / f"{layout}.csv"
    if kind == "parse":
        options = pcsv.ParseOptions(delimiter=LOGS[layout][0])
        seconds, cpu, table = best_times(lambda: pcsv.read_csv(path, parse_options=options))
        return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb(), "table_mb": table.nbytes / 2**20}
    seconds, cpu, loaded = best_times(lambda: load_transactions(path, max_bytes=path.stat().st_size))
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb(), "frame_rows": len(loaded.frame)}


def report(orders: int, customers: int, logs: list[str]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "size.json").write_text(json.dumps([orders, customers]))
        started = time.perf_counter()
        sizes = in_process("write", folder, __file__)
        print(f"Logs of {orders:,} orders from {customers:,} customers (made in {time.perf_counter() - started:.1f} "
              f"s); {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start, best of 3 runs, "
              f"peak = ru_maxrss of the step's own process.\n")
        results = {(kind, layout): in_process(f"{kind}:{layout}", folder, __file__)
                   for layout in logs for kind in ("parse", "load")}
    print("| log | rows (read) | CSV | pyarrow.csv.read_csv | load_transactions | × parse (target) "
          "| CPU: parse, load (×) | peak: parse (table) | peak: load | × parse |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for layout in logs:
        parse, load = results["parse", layout], results["load", layout]
        rows, size = sizes[layout]
        target = TARGET_10M[0] if orders >= 10_000_000 else LOGS[layout][1]
        print(f"| {layout} | {rows:,} ({load['frame_rows']:,}) | {size / 1e6:,.0f} MB | {parse['seconds']:.3f} s "
              f"| {load['seconds']:.3f} s | **{load['seconds'] / parse['seconds']:.2f}** (≤ {target}) "
              f"| {parse['cpu']:.3f} s, {load['cpu']:.3f} s ({load['cpu'] / parse['cpu']:.2f}) "
              f"| {parse['peak_mb']:,.0f} MB ({parse['table_mb']:,.0f} MB) | {load['peak_mb']:,.0f} MB "
              f"| {load['peak_mb'] / parse['peak_mb']:.2f} |")
    shopify = in_process("shopify", Path(ROOT), __file__)
    print(f"\nShopify orders export, {shopify['rows']} rows, best of {SHOPIFY_RUNS}: load_transactions "
          f"{shopify['load'] * 1000:.1f} ms (target under {SHOPIFY_SECONDS * 1000:.0f} ms), pyarrow.csv.read_csv "
          f"{shopify['parse'] * 1000:.2f} ms.")
    if orders >= 10_000_000:
        print(f"Targets at {orders:,} orders: at most {TARGET_10M[0]}x the parse's time and "
              f"{TARGET_10M[1]}x its peak memory.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, help="default: one for every 10 orders")
    parser.add_argument("--logs", default=",".join(LOGS), help="the layouts to read, comma-separated")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.step:
        print(json.dumps(run_step(arguments.step, arguments.folder)))
    else:
        report(arguments.orders, arguments.customers or arguments.orders // 10, arguments.logs.split(","))


if __name__ == "__main__":
    main()
