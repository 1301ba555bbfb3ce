"""retention: the functional core of the customer retention calculator (no streamlit import).

======================================  =================================================================
name                                    what it does
======================================  =================================================================
compute_metrics(inputs, period, ...)    every metric of DESIGN §2 from any subset of the input fields
compute_available_metrics(inputs, ...)  the same, leaving impossible fields out and returning their messages
validate(inputs)                        clean numbers and one message per impossible field
InputError                              the one exception a user can cause, one message per field
METRICS, METRIC_KEYS                    the metric registry (see retention.metrics.registry)
FIELDS, FIELD_NAMES, GROUPS, PERIODS    the input fields of DESIGN §2 and the periods
assess(result, business_type, results)  is this good? rules of thumb and benchmarks, with their sources
convert_rate, convert_churn, ...        period conversions (monthly retention r is r ** 12 a year)
customer_summary(transactions, ...)     per-customer frequency, recency, T and spend for the forecast models
calibration_holdout_split(...)          the same, fitted up to a date and checked after it
BGNBD, GammaGamma                       the purchase (BG/NBD) and spend (Gamma-Gamma) models, fitted by ML
predict_clv(bgnbd, gamma_gamma, ...)    predicted lifetime value per customer
load_transactions, load_period_table   read an uploaded order log or table of periods, reporting assumptions
period_table(transactions, freq, ...)   every field and metric per week, month, quarter or year (DESIGN §3)
cohort_matrix, revenue_concentration    cohorts by first purchase; the 80/20 view
forecast(transactions, ...)             the whole forecast of an order log: models, customers, checks
baseline_from_inputs, apply_levers      what if: the calculator's numbers as a baseline, changed by Levers
project, outcome, sensitivity, ...      what if: projection, CLV and totals, which lever matters most
======================================  =================================================================

Shared links, exports and "how you compare" are modules of their own: ``retention.links`` (encode and decode the
query string) and ``retention.comparison`` (benchmarks for a business type) load no chart library;
``retention.exports`` (CSV, Excel, pictures, the report) does. The subpackages (docs/architecture.md): ``metrics``
(the metric set), ``io`` (reading files), ``orders`` (figures from an order log), ``btyd`` (the purchase and spend
models and the forecast), ``exports`` and ``charts`` (the only place that imports altair).
"""

from retention.btyd.bgnbd import BGNBD
from retention.btyd.clv import predict_clv
from retention.btyd.customer_summary import (
    TIME_UNIT_DAYS,
    calibration_holdout_split,
    customer_summary,
)
from retention.btyd.forecast import forecast
from retention.btyd.gamma_gamma import GammaGamma
from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS, GROUPS, PERIODS
from retention.io.readers import (
    LoadedTable,
    guess_mapping,
    load_period_table,
    load_transactions,
    preview_file,
)
from retention.metrics.benchmarks import Assessment, assess, benchmarks, benchmarks_for
from retention.metrics.computing import MetricResult, compute_available_metrics, compute_metrics
from retention.metrics.registry import METRIC_KEYS, METRICS
from retention.metrics.validation import validate
from retention.orders.cohorts import cohort_matrix
from retention.orders.habits import days_between_purchases, revenue_concentration
from retention.orders.period_table import period_table, with_metrics
from retention.periods import convert_churn, convert_periods, convert_rate
from retention.whatif import (
    Baseline,
    Levers,
    apply_levers,
    baseline_from_inputs,
    outcome,
    project,
    retention_effect,
    sensitivity,
)

__all__ = [
    "BGNBD",
    "FIELDS",
    "FIELD_NAMES",
    "GROUPS",
    "METRICS",
    "METRIC_KEYS",
    "PERIODS",
    "TIME_UNIT_DAYS",
    "Assessment",
    "Baseline",
    "GammaGamma",
    "InputError",
    "Levers",
    "LoadedTable",
    "MetricResult",
    "apply_levers",
    "assess",
    "baseline_from_inputs",
    "benchmarks",
    "benchmarks_for",
    "calibration_holdout_split",
    "cohort_matrix",
    "compute_available_metrics",
    "compute_metrics",
    "convert_churn",
    "convert_periods",
    "convert_rate",
    "customer_summary",
    "days_between_purchases",
    "forecast",
    "guess_mapping",
    "load_period_table",
    "load_transactions",
    "outcome",
    "period_table",
    "predict_clv",
    "preview_file",
    "project",
    "retention_effect",
    "revenue_concentration",
    "sensitivity",
    "validate",
    "with_metrics",
]
