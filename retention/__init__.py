"""retention: the functional core of the customer retention calculator (no streamlit import).

======================================  =================================================================
name                                    what it does
======================================  =================================================================
compute_metrics(inputs, period, ...)    every metric of DESIGN §2 from any subset of the input fields
compute_available_metrics(inputs, ...)  the same, leaving impossible fields out and returning their messages
validate(inputs)                        clean numbers and one message per impossible field
InputError                              the one exception a user can cause, one message per field
METRICS, METRIC_KEYS                    the metric registry (see retention.registry)
FIELDS, FIELD_NAMES, GROUPS, PERIODS    the input fields of DESIGN §2 and the periods
assess(result)                          is this good? rules of thumb and benchmarks, with their sources
convert_rate, convert_churn, ...        period conversions (monthly retention r is r ** 12 a year)
======================================  =================================================================
"""

from retention.benchmarks import Assessment, assess, benchmarks, benchmarks_for
from retention.errors import InputError
from retention.fields import FIELD_NAMES, FIELDS, GROUPS, PERIODS
from retention.metrics import MetricResult, compute_available_metrics, compute_metrics
from retention.periods import convert_churn, convert_periods, convert_rate
from retention.registry import METRIC_KEYS, METRICS
from retention.validation import validate

__all__ = [
    "FIELDS",
    "FIELD_NAMES",
    "GROUPS",
    "METRICS",
    "METRIC_KEYS",
    "PERIODS",
    "Assessment",
    "InputError",
    "MetricResult",
    "assess",
    "benchmarks",
    "benchmarks_for",
    "compute_available_metrics",
    "compute_metrics",
    "convert_churn",
    "convert_periods",
    "convert_rate",
    "validate",
]
