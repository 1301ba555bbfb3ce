"""Exports: figures with their definitions, charts as pictures, the report; no cell can run as a formula."""

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pandas as pd
import pytest
from openpyxl import load_workbook

from retention.charts.metrics import customer_bridge_chart, customer_bridge_data
from retention.exports import (
    WhatIfCases,
    chart_png,
    chart_svg,
    chart_title,
    inputs_table,
    metrics_csv,
    metrics_table,
    metrics_xlsx,
    neutralise,
    periods_csv,
    projection_csv,
    report_html,
)
from retention.exports.safe_cells import FORMULA_STARTS
from retention.exports.tables import METRIC_COLUMNS
from retention.metrics.computing import compute_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.metrics.registry import METRIC_KEYS
from retention.periods import PeriodSettings
from retention.whatif import Baseline, Levers, apply_levers, outcome
from retention.words import in_language
from ui.results import column_config

RESULTS = compute_metrics(EXAMPLE_INPUTS)
SHRINKING = compute_metrics({"customers_start": 1000, "customers_end": 958, "new_customers": 10})
HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", "＝1+1"]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so Excel reads the currency signs right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_no_formula(cells):
    """Every cell is a plain number or text that does not start like a formula."""
    for cell in cells:
        if isinstance(cell, str) and cell and not is_number(cell):
            assert not cell.startswith(FORMULA_STARTS), cell


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_like_a_formula_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Retail", "(99 − 20) / 100", "", 12.5, -3.0, None])
def test_other_cells_are_unchanged(value):
    assert neutralise(value) == value


def test_every_figure_has_its_definition_and_formula_beside_its_value():
    table = metrics_table(RESULTS)
    assert list(table.columns) == list(METRIC_COLUMNS)
    assert list(table["metric"]) == list(METRIC_KEYS)
    row = table.set_index("metric").loc["retention_rate"]
    assert row["value"] == pytest.approx(0.875)
    assert row["shown"] == "87.5%"
    assert row["meaning"].startswith("The share of the customers you had at the start")
    assert row["formula"] == "(customers at the end − new − won back) / customers at the start"
    assert row["worked"] == "(1,250 − 180 − 20) / 1,200 = 87.5%"
    clv = table.set_index("metric").loc["customer_lifetime_value"]
    assert clv["shown"] == "$267.46" and clv["sources"] == "David Skok SaaS Metrics 2.0"  # the LTV:CAC rule
    assert "at least 3 times the acquisition cost ($360.00)" in clv["judged"]
    shop = metrics_table(RESULTS, "online_shop").set_index("metric").loc["retention_rate", "judged"]
    assert shop == "Published figure for Retail: 63.0% a year, that is 96.2% a month; yours: 87.5% a month."
    ratio = table.set_index("metric").loc["ltv_to_cac"]
    assert "rule of thumb" in ratio["judged"] and "David Skok" in ratio["sources"]


def test_csv_reads_back_with_numbers_as_numbers():
    rows = csv_rows(metrics_csv(RESULTS))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Metric key", "Figure", "Value", "Unit", "Shown as"]
    by_key = {row[0]: row for row in body}
    assert float(by_key["retention_rate"][2]) == pytest.approx(0.875)
    assert by_key["lost_customers"][2] == "150"
    for row in body:
        assert_no_formula(row)


def test_negative_figures_keep_a_true_minus_and_never_start_a_formula():
    rows = csv_rows(metrics_csv(SHRINKING))
    growth = next(row for row in rows if row[0] == "net_customer_growth")
    assert float(growth[2]) == pytest.approx(-0.042)  # a number stays a number
    assert growth[4] == "−4.2%"
    for row in rows:
        assert_no_formula(row)


def test_missing_and_unbounded_figures_have_empty_values_and_say_why():
    results = compute_metrics({"customers_start": 100, "customers_end": 120, "new_customers": 20,
                               "revenue_per_customer": 10, "gross_margin": 0.5})
    by_key = {row[0]: row for row in csv_rows(metrics_csv(results))[1:]}
    assert by_key["customer_lifetime_value"][2] == "" and by_key["customer_lifetime_value"][5] == "no limit"
    assert by_key["net_promoter_score"][2] == "" and by_key["net_promoter_score"][6].startswith("Needs:")


def test_projection_csv_neutralises_case_names():
    baseline = Baseline(0.8, 100, 0.5, 50, 20, 200)
    cases = {name: outcome(apply_levers(baseline, Levers(retention_points=index)), 3).projection
             for index, name in enumerate(HOSTILE)}
    rows = csv_rows(projection_csv(cases))
    assert rows[0][:3] == ["Case", "Period", "Customers"]
    assert {row[0] for row in rows[1:]} == {"'" + name for name in HOSTILE}
    for row in rows:
        assert_no_formula(row)


def test_workbook_holds_figures_numbers_and_settings_as_text_or_numbers_never_formulas():
    data = metrics_xlsx(RESULTS, EXAMPLE_INPUTS, settings=PeriodSettings(currency="EUR"), created=date(2026, 11, 22),
                        link="=cmd|' /C calc'!A0")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Figures", "Your numbers", "About"]
    figures, typed, about = (book[name] for name in book.sheetnames)
    header = [cell.value for cell in figures[1]]
    assert header[:3] == ["Metric key", "Figure", "Value"]
    retention = next(row for row in figures.iter_rows(min_row=2) if row[0].value == "retention_rate")
    assert retention[2].value == pytest.approx(0.875) and retention[2].number_format == "0.0%"
    margin = next(row for row in typed.iter_rows(min_row=2) if row[0].value == "gross_margin")
    assert margin[2].value == 0.45 and margin[3].value == "45.0%"
    about_values = {row[0].value: row[1].value for row in about.iter_rows()}
    assert about_values["Made on"] == "2026-11-22"
    assert about_values["Open these numbers in the calculator"] == "'=cmd|' /C calc'!A0"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                assert_no_formula([cell.value])


def test_inputs_table_lists_only_typed_numbers():
    table = inputs_table({"customers_start": 1200, "gross_margin": 0.45, "orders": None}, "EUR")
    assert table.to_dict("records") == [
        {"field": "customers_start", "label": "Customers at the start", "number": 1200.0, "shown": "1,200"},
        {"field": "gross_margin", "label": "Gross margin (%)", "number": 0.45, "shown": "45.0%"},
    ]


def test_charts_as_pictures():
    chart = customer_bridge_chart(customer_bridge_data(EXAMPLE_INPUTS))
    assert chart_png(chart, scale=1).startswith(b"\x89PNG\r\n\x1a\n")
    svg = chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "150 of 1,200 customers left" in svg
    assert chart_title(chart) == "150 of 1,200 customers left, hidden by 200 who joined or came back"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.images = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_report_holds_the_headline_verdicts_bridge_scenarios_and_link():
    chart = customer_bridge_chart(customer_bridge_data(EXAMPLE_INPUTS))
    shop = Baseline(0.875, 79.44, 0.45, 120, 180, 1250)
    cases = WhatIfCases("36 months", [("Baseline", outcome(shop, 36)),
                                      ("Loyalty", outcome(apply_levers(shop, Levers(retention_points=5)), 36))])
    html_text = report_html(RESULTS, settings=PeriodSettings(business_type="online_shop"),
                            created=date(2026, 11, 22), bridge=chart,
                            link="http://127.0.0.1:8501/?v=1&customers_start=1200", whatif=cases)
    page = _Collector()
    page.feed(html_text)
    text = " ".join(page.text)
    assert "Customer retention report" in text and "11/22/2026" in text and "Online shop (e-commerce)" in text
    assert "87.5% a month" in text and "Worth attention" in text  # the headline strip with its verdicts
    assert "Figures compared for Online shop (e-commerce): 6" in text  # how you compare, counted
    assert "Retail: 63.0% a year, that is 96.2% a month" in text and "! Worse" in text
    assert "subscription" not in text  # a shop is compared with shop figures
    assert "What if, each case over 36 months" in text and "Loyalty" in text and "1,250" not in text
    assert page.images[0]["src"].startswith("data:image/svg+xml;base64,")
    assert page.images[0]["alt"] == chart_title(chart)
    assert '<a class="link" href="http://127.0.0.1:8501/?v=1&amp;customers_start=1200">' in html_text
    assert "@page { size: A4" in html_text and "font-size: 10pt" in html_text


def test_report_states_the_reason_once_and_judges_without_a_business_type():
    text = report_html(RESULTS)
    assert "no business type chosen" in text and "Figures compared with the rules of thumb: 4" in text
    assert text.count("Published figures range from 55.0%") == 1  # retention has no row: its strip says why
    assert text.count("a churn rate above 7.0% a month deserves attention") == 0  # its row says it
    sizes = [float(size) for size in re.findall(r"font-size: ([0-9.]+)pt", text)]
    assert min(sizes) >= 10 and not re.search(r"font-size: [0-9.]+(px|em|rem)", text)


def test_report_escapes_every_text_it_did_not_write():
    hostile = "<script>alert(1)</script>"
    baseline = Baseline(0.8, 100, 0.5, 50, 20, 200)
    cases = WhatIfCases("12 months", [(hostile, outcome(baseline, 12)),
                                      ("B", outcome(apply_levers(baseline, Levers(retention_points=5)), 12))])
    html_text = report_html(RESULTS, link="javascript:alert(1)", whatif=cases)
    assert "<script" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert 'href="javascript' not in html_text
    assert "What if" in html_text


def test_the_periods_csv_names_the_currency_of_its_money():
    table = pd.DataFrame({"revenue": [1234.5, 99.0], "retention_rate": [0.9, 0.8]},
                         index=pd.period_range("2024-01", periods=2, freq="M", name="period"))
    lines = periods_csv(table, "EUR").decode("utf-8-sig").splitlines()
    assert lines == ["period,revenue,retention_rate,currency", "2024-01,1234.5,0.9,EUR", "2024-02,99.0,0.8,EUR"]


def test_money_columns_of_a_table_show_its_currency():
    config = column_config(["revenue", "retention_rate", "not_a_field"], currency="EUR")
    assert config["revenue"]["label"] == "Revenue (€)"  # numbers the page's way: "localized", two decimals
    assert (config["revenue"]["type_config"]["format"], config["revenue"]["type_config"]["step"]) == ("localized",
                                                                                                    0.01)
    assert config["retention_rate"]["type_config"]["format"] == "percent"
    assert "not_a_field" not in config
    assert column_config(["revenue"])["revenue"]["type_config"]["format"] == "localized"


def test_the_report_and_the_figures_file_in_norwegian_keep_numbers_as_numbers():
    """Issue 17: the words and the formatted values in the language, the numbers of the files still numbers."""
    with in_language("nb"):
        results = compute_metrics(EXAMPLE_INPUTS)
        html_text = report_html(results, settings=PeriodSettings(), created=date(2026, 11, 22))
        book = load_workbook(io.BytesIO(metrics_xlsx(results, EXAMPLE_INPUTS, created=date(2026, 11, 22))))
    page = _Collector()
    page.feed(html_text)
    text = " ".join(page.text)
    assert "22.11.2026" in text and "87,5\xa0% per måned" in text
    sheet = book.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    retention = rows["retention_rate"]
    assert 0.875 in retention and "87,5\xa0%" in retention  # the value a number, the shown text Norwegian
    assert "Kundebevaring" in " ".join(str(cell) for cell in retention if cell)
