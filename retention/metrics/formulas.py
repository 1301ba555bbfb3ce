"""Every formula of DESIGN §2, one plain function each.

Parameter names are the field names and metric keys of DESIGN §2, so the registry in :mod:`retention.metrics.registry`
can feed each function from the user's numbers by name. Rates are fractions (0.79 means 79%) per period; money is
in the user's currency; lifetimes are in periods. A function returns ``None`` when its value is undefined (a zero
denominator) and ``math.inf`` when it is unbounded (no customer is ever lost).

=====================================  ======================================================
function                               formula
=====================================  ======================================================
lost_customers                         S + N + A - E
retention_rate                         (E - N - A) / S
churn_rate                             lost / S
end_to_start_ratio                     E / S
net_customer_growth                    (E - S) / S
gross_revenue_churn                    (churned + contraction) / R0
gross_revenue_retention                1 - gross revenue churn
net_revenue_retention                  (R0 - churned - contraction + expansion) / R0
existing_customer_revenue_growth       (current - previous) / previous
repeat_purchase_rate                   repeat buyers / buyers
purchase_frequency                     orders / buyers
average_order_value                    revenue / orders
average_days_between_purchases         period days / purchase frequency (an estimate)
loyal_customer_rate                    loyal customers / E
product_return_rate                    units returned / units sold
days_sales_outstanding                 accounts receivable / credit sales * period days
net_promoter_score                     100 * (promoters - detractors) / all answers
customer_lifetime_value                m * ARPC * (1 + d) / (1 + d - r)
customer_lifetime_revenue              ARPC / churn
average_customer_lifetime              1 / churn
ltv_to_cac                             CLV / acquisition cost
cac_payback_periods                    acquisition cost / (m * ARPC)
value_lost_to_churn                    lost * CLV
=====================================  ======================================================
"""

import math

__all__ = [
    "average_customer_lifetime",
    "average_days_between_purchases",
    "average_order_value",
    "cac_payback_periods",
    "churn_rate",
    "churn_rate_of_all_customers",
    "churn_rate_without_new_customers",
    "clv_first_period_not_counted",
    "clv_from_order_habits",
    "customer_lifetime_revenue",
    "customer_lifetime_value",
    "days_sales_outstanding",
    "end_to_start_ratio",
    "existing_customer_revenue_growth",
    "gross_revenue_churn",
    "gross_revenue_retention",
    "lost_customers",
    "loyal_customer_rate",
    "ltv_to_cac",
    "net_customer_growth",
    "net_promoter_score",
    "net_revenue_retention",
    "product_return_rate",
    "purchase_frequency",
    "repeat_purchase_rate",
    "retention_rate",
    "value_lost_to_churn",
]


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (the ratio is undefined)."""
    return numerator / denominator if denominator else None


def _per_churn(amount: float, churn: float) -> float:
    """amount / churn, or infinity when no customer is lost (churn = 0): the lifetime has no end."""
    if churn <= 0:
        return math.inf if amount > 0 else 0.0
    return amount / churn


# Customers ----------------------------------------------------------------------------------------------------


def lost_customers(customers_start, customers_end, new_customers, reactivated_customers=0):
    """Customers lost during the period: lost = S + N + A - E (a count).

    Everyone present at the start, plus the new and won-back customers, minus those present at the end.

    >>> lost_customers(customers_start=100, customers_end=99, new_customers=20)
    21
    >>> lost_customers(customers_start=100, customers_end=99, new_customers=15, reactivated_customers=5)
    21
    """
    return customers_start + new_customers + reactivated_customers - customers_end


def retention_rate(customers_start, customers_end, new_customers, reactivated_customers=0):
    """Customer retention rate (CRR): retention = (E - N - A) / S, a fraction per period.

    The share of the customers present at the start who are still customers at the end; new and won-back
    customers do not count. Undefined (None) when there were no customers at the start.

    >>> retention_rate(customers_start=100, customers_end=99, new_customers=20)
    0.79
    >>> retention_rate(customers_start=0, customers_end=10, new_customers=10) is None
    True
    """
    return _ratio(customers_end - new_customers - reactivated_customers, customers_start)


def churn_rate(lost_customers, customers_start):
    """Customer churn rate: churn = lost / S = 1 - retention, a fraction per period.

    >>> churn_rate(lost_customers=21, customers_start=100)
    0.21
    """
    return _ratio(lost_customers, customers_start)


def churn_rate_without_new_customers(customers_start, customers_end):
    """The naive churn (S - E) / S: only right in a period without new or won-back customers.

    >>> churn_rate_without_new_customers(customers_start=100, customers_end=99)
    0.01
    """
    return _ratio(customers_start - customers_end, customers_start)


def churn_rate_of_all_customers(lost_customers, customers_start, new_customers):
    """Churn over everyone served in the period: lost / (S + N).

    >>> churn_rate_of_all_customers(lost_customers=24, customers_start=100, new_customers=20)
    0.2
    """
    return _ratio(lost_customers, customers_start + new_customers)


def end_to_start_ratio(customers_start, customers_end):
    """E / S: the naive "retention" that hides the customers lost behind the new ones.

    >>> end_to_start_ratio(customers_start=100, customers_end=99)
    0.99
    """
    return _ratio(customers_end, customers_start)


def net_customer_growth(customers_start, customers_end):
    """Net customer growth: (E - S) / S, a fraction per period (negative when the customer base shrank).

    >>> net_customer_growth(customers_start=200, customers_end=230)
    0.15
    """
    return _ratio(customers_end - customers_start, customers_start)


# Recurring revenue --------------------------------------------------------------------------------------------


def gross_revenue_churn(revenue_start, churned_revenue, contraction_revenue=0):
    """Gross revenue churn: (churned + contraction) / R0, a fraction per period.

    R0 is the revenue of the customers present at the start of the period.

    >>> gross_revenue_churn(revenue_start=10_000, churned_revenue=800, contraction_revenue=200)
    0.1
    """
    return _ratio(churned_revenue + contraction_revenue, revenue_start)


def gross_revenue_retention(gross_revenue_churn):
    """Gross revenue retention (GRR): 1 - gross revenue churn, a fraction per period (never above 100%).

    >>> gross_revenue_retention(gross_revenue_churn=0.1)
    0.9
    """
    return 1 - gross_revenue_churn


def net_revenue_retention(revenue_start, churned_revenue, contraction_revenue=0, expansion_revenue=0):
    """Net revenue retention (NRR): (R0 - churned - contraction + expansion) / R0, a fraction per period.

    Above 1 (100%) the customers who stayed grew their spending by more than was lost: "negative churn".

    >>> net_revenue_retention(revenue_start=10_000, churned_revenue=800, contraction_revenue=200,
    ...                       expansion_revenue=1_500)
    1.05
    """
    return _ratio(revenue_start - churned_revenue - contraction_revenue + expansion_revenue, revenue_start)


def existing_customer_revenue_growth(existing_revenue_previous, existing_revenue_current):
    """Existing-customer revenue growth: (current - previous) / previous, a fraction per period.

    >>> existing_customer_revenue_growth(existing_revenue_previous=50_000, existing_revenue_current=54_000)
    0.08
    """
    return _ratio(existing_revenue_current - existing_revenue_previous, existing_revenue_previous)


# Purchases ----------------------------------------------------------------------------------------------------


def repeat_purchase_rate(repeat_buyers, buyers):
    """Repeat purchase rate: repeat buyers / buyers, a fraction (buyers who have bought at least twice).

    >>> repeat_purchase_rate(repeat_buyers=300, buyers=1_200)
    0.25
    """
    return _ratio(repeat_buyers, buyers)


def purchase_frequency(orders, buyers):
    """Purchase frequency: orders / buyers, orders per buyer per period.

    >>> purchase_frequency(orders=1_500, buyers=1_200)
    1.25
    """
    return _ratio(orders, buyers)


def average_order_value(revenue, orders):
    """Average order value (AOV): revenue / orders, money per order.

    >>> average_order_value(revenue=90_000, orders=1_500)
    60.0
    """
    return _ratio(revenue, orders)


def average_days_between_purchases(period_days, purchase_frequency):
    """Estimated days between purchases: period days / purchase frequency, in days.

    An estimate from period totals; the exact mean gap comes from an order log.

    >>> average_days_between_purchases(period_days=30, purchase_frequency=1.25)
    24.0
    """
    return _ratio(period_days, purchase_frequency)


def loyal_customer_rate(loyal_customers, customers_end):
    """Loyal customer rate: loyal customers / E, a fraction (loyal: bought in each of the last k periods).

    >>> loyal_customer_rate(loyal_customers=150, customers_end=600)
    0.25
    """
    return _ratio(loyal_customers, customers_end)


# Returns, receivables, survey ---------------------------------------------------------------------------------


def product_return_rate(units_returned, units_sold):
    """Product return rate: units returned / units sold, a fraction.

    >>> product_return_rate(units_returned=45, units_sold=1_500)
    0.03
    """
    return _ratio(units_returned, units_sold)


def days_sales_outstanding(accounts_receivable, credit_sales, period_days):
    """Days sales outstanding (DSO): accounts receivable / credit sales * period days, in days.

    How many days, on average, customers take to pay what they bought on credit.

    >>> days_sales_outstanding(accounts_receivable=40_000, credit_sales=100_000, period_days=30)
    12.0
    """
    quotient = _ratio(accounts_receivable, credit_sales)
    return None if quotient is None else quotient * period_days


def net_promoter_score(promoters, passives, detractors):
    """Net promoter score (NPS): 100 * (promoters - detractors) / (promoters + passives + detractors), -100..100.

    Promoters answered 9-10 to "how likely are you to recommend us?", passives 7-8, detractors 0-6.

    >>> net_promoter_score(promoters=50, passives=30, detractors=20)
    30.0
    """
    share = _ratio(promoters - detractors, promoters + passives + detractors)
    return None if share is None else 100 * share


# Economics ----------------------------------------------------------------------------------------------------


def customer_lifetime_value(gross_margin, revenue_per_customer, retention_rate, discount_rate=0):
    """Customer lifetime value (CLV): m * ARPC * (1 + d) / (1 + d - r), money per customer.

    The margin a customer brings over their expected lifetime, first period counted: m is the gross margin
    (0-1), ARPC the revenue per customer per period, r the retention rate and d the discount rate per period.
    With d = 0 this is m * ARPC / churn. Infinite when r = 1 and d = 0 (no customer ever leaves).

    >>> customer_lifetime_value(gross_margin=0.5, revenue_per_customer=100, retention_rate=0.8)
    250.00000000000006
    >>> round(customer_lifetime_value(gross_margin=0.5, revenue_per_customer=100, retention_rate=0.8,
    ...                               discount_rate=0.1), 2)
    183.33
    """
    margin_per_period = gross_margin * revenue_per_customer
    return _per_churn(margin_per_period * (1 + discount_rate), 1 + discount_rate - retention_rate)


def clv_first_period_not_counted(gross_margin, revenue_per_customer, retention_rate, discount_rate=0):
    """CLV without the first period (Gupta and Lehmann): m * ARPC * r / (1 + d - r), money per customer.

    >>> round(clv_first_period_not_counted(gross_margin=0.5, revenue_per_customer=100, retention_rate=0.8), 2)
    200.0
    """
    margin_per_period = gross_margin * revenue_per_customer
    return _per_churn(margin_per_period * retention_rate, 1 + discount_rate - retention_rate)


def customer_lifetime_revenue(revenue_per_customer, churn_rate):
    """Customer lifetime revenue: ARPC / churn, money per customer (CLV without margin or discounting).

    >>> customer_lifetime_revenue(revenue_per_customer=100, churn_rate=0.25)
    400.0
    """
    return _per_churn(revenue_per_customer, churn_rate)


def clv_from_order_habits(average_order_value, purchase_frequency, average_customer_lifetime):
    """The e-commerce shortcut: AOV * purchase frequency * lifespan, money per customer (no margin).

    >>> clv_from_order_habits(average_order_value=60, purchase_frequency=1.25, average_customer_lifetime=4)
    300.0
    """
    return average_order_value * purchase_frequency * average_customer_lifetime


def average_customer_lifetime(churn_rate):
    """Average customer lifetime: 1 / churn, in periods (unbounded when no customer is lost).

    >>> average_customer_lifetime(churn_rate=0.25)
    4.0
    >>> average_customer_lifetime(churn_rate=0)
    inf
    """
    return _per_churn(1.0, churn_rate)


def ltv_to_cac(customer_lifetime_value, acquisition_cost):
    """LTV:CAC: CLV / acquisition cost per new customer, a ratio (3 or more is a common rule of thumb).

    >>> ltv_to_cac(customer_lifetime_value=250, acquisition_cost=50)
    5.0
    """
    return _ratio(customer_lifetime_value, acquisition_cost)


def cac_payback_periods(acquisition_cost, gross_margin, revenue_per_customer):
    """CAC payback: acquisition cost / (m * ARPC), the periods of margin it takes to earn back a new customer's cost.

    >>> cac_payback_periods(acquisition_cost=120, gross_margin=0.4, revenue_per_customer=100)
    3.0
    """
    return _ratio(acquisition_cost, gross_margin * revenue_per_customer)


def value_lost_to_churn(lost_customers, customer_lifetime_value):
    """Value lost to churn: lost * CLV, money (an estimate of the future margin that walked out).

    >>> value_lost_to_churn(lost_customers=21, customer_lifetime_value=250)
    5250
    """
    if lost_customers == 0:
        return 0.0
    return lost_customers * customer_lifetime_value
