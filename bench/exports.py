"""Benchmark of reading small exports in the layouts real systems write (issue 13: a 200-row Shopify file).

Run from the repository root: ``python bench/exports.py``. Each export is built by
:mod:`tests.data.exports.layouts` from the same orders (cycled to about 200 rows), then read 20 times by
``load_transactions``; the baseline, in the same run, is ``pyarrow.csv.read_csv`` of the same bytes. Best of the
20 runs; target: each file under 0.2 s.
"""

import io
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retention.io.readers import load_transactions
from tests.data.exports import layouts

RUNS = 20
TARGET_SECONDS = 0.2


def best(step) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    orders = layouts.many_orders(100)
    exports = {
        "Shopify orders": layouts.shopify_orders(orders),
        "Xero invoices": layouts.xero_invoices(orders),
        "Etsy sold items": layouts.etsy_sold_items(orders),
        "Stripe payments": layouts.stripe_payments(layouts.many_orders(200)),
        "QuickBooks sales by customer": layouts.quickbooks_sales_by_customer(),
    }
    print(f"Best of {RUNS} runs; pyarrow cannot parse a report with a title block, so that one has no baseline.\n")
    print("| export | rows | load_transactions | pyarrow parse | × parse | under 0.2 s |")
    print("|---|---:|---:|---:|---:|---|")
    for name, data in exports.items():
        ours = best(lambda data=data: load_transactions(data))
        try:
            parse = best(lambda data=data: pcsv.read_csv(io.BytesIO(data)))
            baseline = f"{parse * 1000:.2f} ms | {ours / parse:.0f}"
        except pa.ArrowInvalid:
            baseline = "– | –"
        rows = data.count(b"\n") - 1
        print(f"| {name} | {rows} | {ours * 1000:.1f} ms | {baseline} | "
              f"{'yes' if ours < TARGET_SECONDS else 'no'} |")

if __name__ == "__main__":
    main()
