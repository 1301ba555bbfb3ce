"""The figures as tables, CSV and Excel workbooks: every text cell neutralised (:mod:`retention.exports.safe_cells`).

Numbers stay numbers (a negative number is not a formula); the workbook also stores every text cell as text.
"""

import csv
import io
import math
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from retention.btyd.forecast import Forecast
from retention.exports.safe_cells import neutralise, to_csv_bytes
from retention.fields import FIELDS
from retention.formatting import format_quantity
from retention.metrics.benchmarks import assess
from retention.metrics.computing import MetricResult
from retention.metrics.registry import METRICS
from retention.metrics.validation import field_label
from retention.periods import DEFAULT_SETTINGS, PeriodSettings
from retention.words import Words, words

__all__ = [
    "customers_csv",
    "inputs_table",
    "metrics_csv",
    "metrics_table",
    "metrics_xlsx",
    "periods_csv",
    "projection_csv",
    "readable_customers",
    "verdict_and_sources",
    "win_back_csv",
]

#: The columns of the figures table, in order.
METRIC_COLUMNS = ("metric", "label", "value", "unit", "shown", "status", "note", "meaning", "formula", "worked",
                  "judged", "sources", "period", "currency")


def _text() -> Words:
    return words("exports")


def _minus(text: str) -> str:
    """A formatted number with a true minus sign (as the worked formulas write it): -4.2% becomes −4.2%.

    >>> _minus("-4.2%"), _minus("$12")
    ('−4.2%', '$12')
    """
    return "\u2212" + text[1:] if text.startswith("-") else text


def _number(value: float | None) -> float | None:
    """A value a spreadsheet can hold as a number (None for no value, unbounded or undefined)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return float(value)


def verdict_and_sources(result: MetricResult, business_type: str | None = None,
                        results: Mapping[str, MetricResult] | None = None) -> tuple[str, str]:
    """Whether the figure is good for the business type, in words, and the sources of that judgement, as two texts
    (``results``: the other figures, for lifetime value's LTV:CAC rule)."""
    found = assess(result, business_type, results)
    return " ".join(item.text for item in found), "; ".join(dict.fromkeys(item.source for item in found))


def metrics_table(results: Mapping[str, MetricResult], business_type: str | None = None) -> pd.DataFrame:
    """One row per figure (in the registry's order) with its definition and formula beside its value, judged for the
    business type.

    Columns: metric (the stable key), label, value (a number; empty when there is none), unit, shown (formatted for
    people), status, note, meaning (the definition), formula (in words), worked (with the user's numbers), judged
    (rules of thumb and benchmarks), sources, period and currency. Headings are the keys of ``METRIC_COLUMNS``.

    >>> from retention.metrics.computing import compute_metrics
    >>> table = metrics_table(compute_metrics({"customers_start": 100, "customers_end": 99, "new_customers": 20}))
    >>> row = table.set_index("metric").loc["retention_rate"]
    >>> float(row["value"]), row["shown"], row["worked"]
    (0.79, '79.0%', '(99 − 20 − 0) / 100 = 79.0%')
    """
    statuses = _text()["statuses"]
    rows = []
    for metric in METRICS:
        result = results[metric.key]
        judged, sources = verdict_and_sources(result, business_type, results)
        rows.append({
            "metric": metric.key, "label": result.label, "value": _number(result.value), "unit": metric.unit,
            "shown": _minus(result.formatted), "status": statuses[result.status], "note": result.note,
            "meaning": result.meaning, "formula": result.formula, "worked": result.worked, "judged": judged,
            "sources": sources, "period": result.period, "currency": result.currency,
        })
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def inputs_table(inputs: Mapping[str, float | None], currency: str = "USD", period: str = "month") -> pd.DataFrame:
    """The typed numbers: field (the stable name), label, number (fractions 0-1) and how the form shows it."""
    rows = []
    for fld in FIELDS:
        value = inputs.get(fld.name)
        if value is None:
            continue
        rows.append({"field": fld.name, "label": field_label(fld.name), "number": _number(value),
                     "shown": _minus(format_quantity(fld.name, value, currency, period))})
    return pd.DataFrame(rows, columns=["field", "label", "number", "shown"])


def _headings(columns: Sequence[str]) -> list[str]:
    return [_text()["columns"][column] for column in columns]


def _csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV with every text cell neutralised; numbers written exactly, no value as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(heading) for heading in _headings(table.columns)])
    for row in table.itertuples(index=False):
        cells = []
        for cell in row:
            if cell is None or (isinstance(cell, float) and math.isnan(cell)):
                cells.append("")
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                cells.append(repr(float(cell)) if not float(cell).is_integer() else str(int(cell)))
            else:
                cells.append(neutralise(str(cell)))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def metrics_csv(results: Mapping[str, MetricResult], business_type: str | None = None) -> bytes:
    """The figures table (:func:`metrics_table`) as CSV bytes, ready to download."""
    return _csv_bytes(metrics_table(results, business_type))


def projection_csv(cases: Mapping[str, pd.DataFrame]) -> bytes:
    """Projections of several cases (name -> :func:`retention.whatif.project` table) as one CSV, case by case."""
    columns = ["case", "projection_period", "customers", "revenue", "acquisition", "profit", "discounted_profit",
               "cumulative_profit"]
    frames = [
        projection.rename(columns={"period": "projection_period"}).assign(case=name)[columns]
        for name, projection in cases.items()
    ]
    return _csv_bytes(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns))


# Excel ---------------------------------------------------------------------------------------------------------

_NUMBER_FORMATS = {"fraction": "0.0%", "money": "#,##0.00", "count": "#,##0.##", "ratio": "0.00",
                   "periods": "0.0", "days": "0.0", "score": "0.0"}


def _write_sheet(sheet, table: pd.DataFrame, widths: Mapping[str, int], units: Sequence[str] | None = None) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append([neutralise(heading) for heading in _headings(table.columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for index, row in enumerate(table.itertuples(index=False)):
        values = []
        for cell in row:
            if cell is None or (isinstance(cell, float) and math.isnan(cell)):
                values.append(None)
            elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
                values.append(float(cell))
            else:
                values.append(neutralise(str(cell)))
        sheet.append(values)
        for column, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif cell.value is not None and units is not None and table.columns[column] in ("value", "number"):
                cell.number_format = _NUMBER_FORMATS.get(units[index], "General")
    for column, name in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = widths.get(name, 14)
    sheet.freeze_panes = "A2"


def metrics_xlsx(
    results: Mapping[str, MetricResult], inputs: Mapping[str, float | None], *,
    settings: PeriodSettings = DEFAULT_SETTINGS, created: date | None = None, link: str = "",
) -> bytes:
    """An Excel workbook: the figures with their definitions and formulas, the typed numbers, and the settings."""
    from openpyxl import Workbook

    text = _text()
    workbook = Workbook()
    metrics = workbook.active
    metrics.title = text["sheets"]["metrics"]
    table = metrics_table(results, settings.business_type)
    _write_sheet(metrics, table, {"metric": 28, "label": 30, "shown": 14, "meaning": 60, "formula": 45,
                                  "worked": 45, "judged": 60, "sources": 40, "note": 40}, list(table["unit"]))
    typed = inputs_table(inputs, settings.currency, settings.period)
    units = [next(fld.kind for fld in FIELDS if fld.name == name) for name in typed["field"]]
    _write_sheet(workbook.create_sheet(text["sheets"]["inputs"]), typed,
                 {"field": 28, "label": 40, "number": 14, "shown": 16}, units)
    about = workbook.create_sheet(text["sheets"]["about"])
    rows = [
        (text["about"]["created"], (created or date.today()).isoformat()),
        (text["about"]["period"], words("format")["period_name"][settings.period]),
        (text["about"]["period_days"], settings.days),
        (text["about"]["currency"], settings.currency),
        (text["about"]["link"], link),
        (text["about"]["rates"], ""),
        (text["about"]["cells"], ""),
    ]
    for name, value in rows:
        about.append([neutralise(name), neutralise(value)])
        for cell in about[about.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    about.column_dimensions["A"].width = 60
    about.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def customers_csv(result: Forecast) -> bytes:
    """Every customer of a forecast as UTF-8 CSV with the page's column names; text cells that a spreadsheet would
    run as a formula (customer ids come from users' files) are neutralised with a leading apostrophe.
    """
    table = readable_customers(result.customers)
    table = table.round({"spent_so_far": 2, "probability_alive": 4, "expected_purchases": 3, "expected_spend": 2,
                         "predicted_clv": 2, "clv_low": 2, "clv_high": 2})
    table.columns = [words("forecast")["columns"][column] for column in table.columns]
    return to_csv_bytes(table)


def periods_csv(table: pd.DataFrame, currency: str) -> bytes:
    """A table of periods (one row per period, indexed by period) as UTF-8 CSV, numbers as numbers, with a
    ``currency`` column naming the currency of its money columns."""
    shown = table.copy()
    shown.index = shown.index.astype(str)
    return to_csv_bytes(shown.reset_index().assign(currency=currency))


def win_back_csv(slipping: pd.DataFrame) -> bytes:
    """The "win back first" list (:func:`retention.btyd.risk.win_back`) as UTF-8 CSV, spreadsheet-safe."""
    table = readable_customers(slipping).round({"spent_so_far": 2, "probability_alive": 4, "value_at_risk": 2})
    text = words("forecast")
    names = {**text["columns"], "value_at_risk": text["risk"]["value_at_risk"]}
    table.columns = [names[column] for column in table.columns]
    return to_csv_bytes(table)


def readable_customers(customers: pd.DataFrame) -> pd.DataFrame:
    """A forecast's customers for people: ids and dates as text, the risk band in words, "none expected" where no
    next order is likely within the look-ahead (the page's table and the CSV)."""
    text = words("forecast")["risk"]
    table = customers.copy()
    table["customer_id"] = table["customer_id"].astype(str)
    for column in ("first_purchase", "last_purchase", "next_order_by"):
        if column in table.columns:
            table[column] = table[column].dt.strftime("%Y-%m-%d")
    if "next_order_by" in table.columns:
        table["next_order_by"] = table["next_order_by"].fillna(text["none_expected"])
    table["risk"] = table["risk"].map(lambda band: text[band])
    return table
