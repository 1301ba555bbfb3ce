"""The worked example the calculator opens with: a made-up online shop over one month.

Every number is consistent with DESIGN §2 and §3 (the bridges balance), so every card and chart has a value:
150 of 1,200 customers were lost, retention is (1,250 - 180 - 20) / 1,200 = 87.5%, net revenue retention is
(60,000 - 6,000 - 1,500 + 4,500) / 60,000 = 95%.
"""

__all__ = ["EXAMPLE_INPUTS", "EXAMPLE_PERIOD"]

EXAMPLE_PERIOD = "month"

EXAMPLE_INPUTS: dict[str, float] = {
    "customers_start": 1200,
    "customers_end": 1250,
    "new_customers": 180,
    "reactivated_customers": 20,
    "revenue_start": 60000,
    "churned_revenue": 6000,
    "contraction_revenue": 1500,
    "expansion_revenue": 4500,
    "existing_revenue_previous": 60000,
    "existing_revenue_current": 57000,
    "buyers": 900,
    "repeat_buyers": 360,
    "orders": 1100,
    "revenue": 71500,
    "loyal_customers": 300,
    "units_sold": 2400,
    "units_returned": 190,
    "accounts_receivable": 18000,
    "credit_sales": 45000,
    "promoters": 220,
    "passives": 140,
    "detractors": 90,
    "gross_margin": 0.45,
    "acquisition_cost": 120,
    "discount_rate": 0.01,
}
