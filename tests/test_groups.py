"""Groups compared (issue 14, point 5): a fixture with a known difference worked by hand, the top 12 + "other"
rule, the shop's window for every group, the sums of the groups against the whole shop, the chart and the sample."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention.charts.groups import group_ranking_chart
from retention.io.readers import load_transactions
from retention.orders.cohorts import cohort_matrix
from retention.orders.groups import (
    TOP_GROUPS,
    chance_in_words,
    compare_groups,
    customer_groups,
    group_cohorts,
    group_period_tables,
)
from retention.orders.habits import buying_cycle_window
from retention.orders.period_table import period_table
from tests.test_readers import DATA

START = pd.Timestamp("2024-01-15")


def log_of(customers: dict[str, tuple[str, list[int]]]) -> pd.DataFrame:
    """Orders of 10 on the given days after 15 January 2024, each row with its customer's group."""
    rows = [(name, START + pd.Timedelta(days=day), 10.0, group)
            for name, (group, days) in customers.items() for day in days]
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount", "group"])


def kept(prefix: str, group: str, total: int, february: int, march: int) -> dict:
    """``total`` customers buy in January, the first ``february`` of them again in February, the first ``march``
    of those in March (one order a month, the 15th)."""
    return {f"{prefix}{number}": (group, [0, 31, 60][: 1 + (number < february) + (number < march)])
            for number in range(total)}


@pytest.fixture
def known():
    """Group A keeps 90% a month (100 -> 90 -> 81), group B 60% (100 -> 60 -> 36)."""
    orders = log_of(kept("a", "A", 100, 90, 81) | kept("b", "B", 100, 60, 36))
    orders.loc[orders["date"].dt.month.eq(3) & orders["group"].eq("A"), "group"] = "B"  # later orders: no say
    return orders, customer_groups(orders, orders["group"])


def test_a_customer_belongs_to_the_group_of_their_first_order(known):
    orders, groups = known
    assert groups.groupby(orders["customer_id"]).nunique().eq(1).all()
    assert groups[orders["customer_id"].str.startswith("a")].eq("A").all()
    assert list(groups.cat.categories) == ["A", "B"]


def test_each_group_has_its_retention_by_hand(known):
    orders, groups = known
    tables = group_period_tables(orders, groups, "M", active_window=1)
    assert tables.loc["A", "retention_rate"].tolist()[1:] == [0.9, 0.9]  # 90 / 100, 81 / 90
    assert tables.loc["B", "retention_rate"].tolist()[1:] == [0.6, 0.6]  # 60 / 100, 36 / 60
    assert tables.loc["A", "customers_start"].tolist() == [0, 100, 90]


def test_the_two_proportion_test_by_hand(known):
    orders, groups = known
    comparison = compare_groups(orders, groups, "M", active_window=1)
    assert comparison.index.tolist() == ["A", "B"]
    assert comparison[["customers", "customer_periods", "retained"]].to_numpy().tolist() == [
        [100, 190, 171], [100, 160, 96]]  # A: 100 + 90 starts, 90 + 81 kept; B: 100 + 60, 60 + 36
    assert comparison["retention"].tolist() == pytest.approx([0.9, 0.6])
    # customers (starts s, kept r): A 10 x (1, 0), 9 x (2, 1), 81 x (2, 2); B 40 x (1, 0), 24 x (2, 1), 36 x (2, 2)
    variance_a = (10 * 0.9**2 + 9 * (1 - 1.8) ** 2 + 81 * (2 - 1.8) ** 2) / 190**2
    variance_b = (40 * 0.6**2 + 24 * (1 - 1.2) ** 2 + 36 * (2 - 1.2) ** 2) / 160**2
    z = 0.3 / math.sqrt(variance_a + variance_b)
    assert z == pytest.approx(6.7528, abs=1e-4)
    assert comparison.loc["A", "z"] == pytest.approx(z) and comparison.loc["B", "z"] == pytest.approx(-z)
    assert comparison.loc["A", "p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert comparison["differs"].all() and comparison.attrs["threshold"] == 0.025  # 0.05 shared by 2 groups
    assert chance_in_words(comparison.loc["A", "p_value"]).endswith("less than 1 time in 1,000")


def test_one_period_per_customer_is_the_textbook_test():
    orders = log_of(kept("a", "A", 100, 90, 0) | kept("b", "B", 100, 60, 0))
    orders = orders[orders["date"] < "2024-03-01"]
    comparison = compare_groups(orders, customer_groups(orders, orders["group"]), "M", active_window=1)
    z = 0.3 / math.sqrt(0.9 * 0.1 / 100 + 0.6 * 0.4 / 100)
    assert comparison.loc["A", "z"] == pytest.approx(z)


def test_groups_alike_are_within_chance():
    orders = log_of(kept("a", "A", 100, 70, 49) | kept("b", "B", 100, 70, 49))
    comparison = compare_groups(orders, customer_groups(orders, orders["group"]), "M", active_window=1)
    assert comparison["p_value"].tolist() == pytest.approx([1.0, 1.0]) and not comparison["differs"].any()
    assert chance_in_words(1.0) == "a difference this large could easily happen by chance"


@pytest.mark.parametrize(("p_value", "words"), [
    (0.0004, "less than 1 time in 1,000"), (0.001, "about 1 time in 1,000"), (0.02, "about 1 time in 50"),
    (0.3, "about 3 times in 10"), (0.96, "could easily happen by chance"),
])
def test_chance_in_words(p_value, words):
    assert chance_in_words(p_value).endswith(words)


def test_more_than_fifty_values_keep_the_twelve_largest_and_other():
    # value k is the first order's value of k + 1 customers; a blank cell is "not given"
    customers = {f"c{k}_{i}": (f"v{k}", [0]) for k in range(60) for i in range(k + 1)} | {"blank": ("", [0])}
    orders = log_of(customers)
    groups = customer_groups(orders, orders["group"])
    expected = [f"v{k}" for k in range(59, 59 - TOP_GROUPS, -1)]
    assert list(groups.cat.categories) == ["Other", *expected]
    assert groups.eq("Other").sum() == sum(range(1, 49)) + 1  # values 0..47 and the blank one
    few = log_of({name: value for name, value in customers.items() if name.startswith(("c1_", "c2_", "blank"))})
    assert set(customer_groups(few, few["group"]).cat.categories) == {"v1", "v2", "(not given)"}


def test_every_group_is_counted_with_the_shops_window():
    # A buys every 62 days (its own window: 3 months), B every 10 days (1 month); the shop's P80 is 62 days
    orders = log_of({f"a{n}": ("A", [0, 62, 124]) for n in range(40)}
                    | {f"b{n}": ("B", list(range(0, 60, 10))) for n in range(40)})
    shop = period_table(orders).attrs["active_window"]
    groups = customer_groups(orders, orders["group"])
    part = orders[orders["group"] == "B"]
    assert (shop, buying_cycle_window(part).window) == (3, 1)
    tables = group_period_tables(orders, groups, "M", shop)
    assert tables.attrs["active_window"] == 3 and tables.attrs["windows"] == {"A": 3, "B": 3}
    span = (orders["date"].min(), orders["date"].max())
    alone = period_table(part, "M", 3, span=span)
    pd.testing.assert_frame_equal(tables.loc["B"], alone, check_names=False)
    assert not tables.loc["B"]["customers_end"].equals(period_table(part, "M", span=span)["customers_end"])
    typed = group_period_tables(orders, groups, "M", 5)
    assert typed.attrs["windows"] == {"A": 5, "B": 5}


log_of_customers = st.dictionaries(
    st.sampled_from([f"c{n}" for n in range(12)]),
    st.tuples(st.sampled_from("XYZ"), st.lists(st.integers(0, 200), min_size=1, max_size=6)),
    min_size=1,
)


@given(log_of_customers, st.integers(1, 4), st.sampled_from("WMQ"))
def test_the_groups_add_up_to_the_shop(customers, window, freq):
    orders = log_of(customers)
    groups = customer_groups(orders, orders["group"])
    shop = period_table(orders, freq, window)
    tables = group_period_tables(orders, groups, freq, window)
    for name in ("customers_start", "customers_end", "new_customers", "lost_customers", "buyers", "orders"):
        summed = tables[name].groupby(level="period").sum()
        assert summed.reindex(shop.index).tolist() == shop[name].tolist()
    comparison = compare_groups(orders, groups, freq, window)
    assert comparison["customer_periods"].sum() == shop["customers_start"].sum()
    assert comparison["retained"].sum() == (shop["customers_start"] - shop["lost_customers"]).sum()
    cohorts = group_cohorts(orders, groups, freq)["customers"].groupby(level="cohort").sum()
    assert cohorts.tolist() == cohort_matrix(orders, freq)["customers"].tolist()


def test_the_ranking_chart_says_the_finding_in_words(known):
    orders, groups = known
    comparison = compare_groups(orders, groups, "M", active_window=1)
    spec = group_ranking_chart(comparison, "month", "Channel", 267 / 350).to_dict()
    assert " ".join(spec["title"]["text"]) == ("A keeps customers best (90.0% a month); A and B differ from the "
                                               "rest by more than chance")
    bars, labels, rule = spec["layer"]
    assert labels["encoding"]["text"]["field"] == "label"  # the verdict's sign beside each bar, not colour alone
    data = spec["datasets"][spec["data"]["name"]]
    assert [row["verdict"] for row in data] == ["▲ higher than the rest", "▼ lower than the rest"]  # the legend
    assert [row["label"] for row in data] == ["90.0% ▲", "60.0% ▼"]
    assert bars["encoding"]["x"]["title"] == "Retention a month, pooled"
    assert bars["encoding"]["y"]["title"] == "Channel"
    assert [tip["title"] for tip in bars["encoding"]["tooltip"]] == [
        "Group", "Retention", "Rest of the shop", "Customers", "Customer-periods", "Chance"]
    assert spec["datasets"][rule["data"]["name"]][0]["label"] == "Whole shop: 76.3%"


def test_column_texts_follow_the_rows_kept():
    loaded = load_transactions(b"customer,date,amount,Channel\nann,2024-01-01,5,web\nann,2024-01-02,-5,web\n"
                               b",,,\nbob,2024-01-03,7, shop \ncy,2024-01-04,2,\n")
    assert loaded.frame["customer_id"].tolist() == ["ann", "bob", "cy"]
    assert loaded.column_texts("Channel").iloc[:2].tolist() == ["web", "shop"]
    assert loaded.column_texts("Channel").isna().tolist() == [False, False, True]


def test_the_sample_channels_differ_in_retention():
    loaded = load_transactions(DATA / "sample_orders.csv")
    groups = customer_groups(loaded.frame, loaded.column_texts("Channel"))
    comparison = compare_groups(loaded.frame, groups, "M", period_table(loaded.frame).attrs["active_window"])
    assert comparison.index.tolist() == ["Newsletter", "Web shop", "Marketplace"]
    assert comparison["retention"].round(3).tolist() == [0.768, 0.730, 0.702]
    assert comparison["differs"].tolist() == [True, False, True]
    assert comparison["customers"].tolist() == [1334, 1333, 1333]
