"""Write the sample data and the templates the app offers for download, into retention/data/.

    python scripts/make_sample_data.py

- sample_orders.csv: the seeded synthetic order log of :func:`retention.io.sample_orders.sample_orders`;
- sample_periods.csv: its monthly period table (the DESIGN §2 input fields, with the default active window: the
  buying cycle's, 2 months), with a gross margin and an acquisition cost added, as a user with monthly figures
  would upload it;
- template_orders.csv and template_periods.csv: the right headers and a few example rows.

The output depends only on the seed, so running the script again gives the same files.
"""

from pathlib import Path

import pandas as pd

from retention.fields import FIELD_NAMES
from retention.io.readers import TRANSACTION_COLUMNS
from retention.io.sample_orders import COLUMNS, sample_orders
from retention.orders.period_table import period_table

DATA = Path(__file__).resolve().parent.parent / "retention" / "data"

TEMPLATE_ORDERS = [
    ["C001", "2024-01-05", 49.90, "SO-1001", 2, 0],
    ["C002", "2024-01-17", 120.00, "SO-1002", 1, 0],
    ["C001", "2024-02-11", 35.50, "SO-1003", 1, 1],
    ["C003", "2024-02-20", 18.25, "SO-1004", 3, 0],
]

TEMPLATE_PERIODS = {
    "period": ["2024-01", "2024-02"],
    "customers_start": [1000, 1010],
    "customers_end": [1010, 1025],
    "new_customers": [80, 95],
    "reactivated_customers": [10, 12],
    "revenue": [52000.0, 54500.0],
    "orders": [1300, 1350],
    "buyers": [950, 980],
    "repeat_buyers": [400, 420],
    "gross_margin": [0.4, 0.4],
    "acquisition_cost": [35.0, 35.0],
}


def sample_periods(orders: pd.DataFrame) -> pd.DataFrame:
    """The monthly input fields of the sample order log, with a gross margin and an acquisition cost."""
    transactions = orders.rename(columns=COLUMNS)
    transactions = transactions[transactions["amount"] > 0]
    table = period_table(transactions)
    fields = table[[name for name in FIELD_NAMES if name in table.columns]]
    fields = fields.assign(gross_margin=0.4, acquisition_cost=35.0)
    return fields.rename(index=str).reset_index()


def main() -> None:
    orders = sample_orders()
    orders.to_csv(DATA / "sample_orders.csv", index=False, date_format="%Y-%m-%d")
    sample_periods(orders).to_csv(DATA / "sample_periods.csv", index=False, float_format="%.2f")
    template = pd.DataFrame(TEMPLATE_ORDERS, columns=TRANSACTION_COLUMNS)
    template.to_csv(DATA / "template_orders.csv", index=False, float_format="%.2f")
    template = pd.DataFrame(TEMPLATE_PERIODS).reindex(columns=["period", *FIELD_NAMES])
    template.to_csv(DATA / "template_periods.csv", index=False, float_format="%.2f")


if __name__ == "__main__":
    main()
