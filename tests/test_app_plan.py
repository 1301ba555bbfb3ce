"""The action plan page (issue 19) through AppTest: the ranking follows the verdicts, each list holds exactly the
customers its rule names, a step opens the what-if with its lever, and without numbers it says what unlocks what."""

from pages.plan import _csv_table
from retention.btyd.forecast import forecast
from retention.btyd.risk import win_back
from retention.io.readers import load_transactions
from retention.links import SharedState, encode
from retention.metrics.computing import compute_available_metrics
from retention.metrics.example import EXAMPLE_INPUTS
from retention.orders.customer_lists import customer_histories, one_time_buyers, quiet_customers, top_customers
from retention.plan import VERDICT_ORDER, rank_topics
from retention.words import language_words, words
from tests.apptest import app_test, plain
from ui.orders import ORDERS, ORDERS_NAME, SAMPLE_ORDERS
from ui.state import FORECAST_RESULT

TOPIC_NAMES = {key: value["name"] for key, value in words("plan")["topics"].items()}
#: An order log with known customers; the log ends on 2024-06-30 (z's last order).
#: q1 (gap 10 days, silent 161) and q2 (gap 31, silent 90) have gone quiet; a1 (gap 19, silent 10) and z (gap 60,
#: silent 0) have not; o1 bought once in June, the log's last month; o2 once in February; the top 20% of six
#: customers are the two with most revenue: z (1,000) and q1 (300).
ORDERS_CSV = """customer,date,amount
q1,2024-01-01,100
q1,2024-01-11,100
q1,2024-01-21,100
q2,2024-03-01,50
q2,2024-04-01,50
a1,2024-06-01,25
a1,2024-06-20,25
o1,2024-06-15,20
o2,2024-02-10,30
z,2024-05-01,500
z,2024-06-30,500
"""


def step_headers(app) -> list[str]:
    return [header.value for header in app.header if header.value[:1].isdigit()]


def test_the_worked_example_ranks_the_figures_that_need_attention_first():
    app = app_test("plan").run()
    assert not app.exception
    results, _ = compute_available_metrics(EXAMPLE_INPUTS)
    ranked = rank_topics(results)
    verdicts = [judged.verdict for judged in ranked]
    assert verdicts == sorted(verdicts, key=VERDICT_ORDER.__getitem__)  # the ranking follows the verdicts
    assert step_headers(app) == [f"{number}. {TOPIC_NAMES[key]}" for number, key in
                                 enumerate(("keep_customers", "grow_existing", "worth_more"), 1)]
    assert all(judged.verdict == "attention" for judged in ranked[:3])
    text = plain(" ".join(block.value for block in app.markdown))
    # 2 points more retention on the worked example: what the what-if's lever gives over 36 months
    assert ("With the calculator's worked-example numbers, Retention +2.0 points is worth $228,839 more profit over "
            "36 months; type your own numbers on the Calculator to see what it is worth to you.") in text
    assert "On your numbers" not in text
    assert [plain(info.value) for info in app.info] == [
        ("These figures come from the calculator's worked example, not from your numbers: type your own on the "
         "Calculator, or upload your orders on “Your data” and send a period to the calculator.")]
    assert "Fewer products sent back" in text and "Going well" in " ".join(header.value for header in app.header)
    assert "Upload your orders" in " ".join(caption.value for caption in app.caption)


def test_a_step_opens_the_what_if_with_its_lever_moved():
    app = app_test("plan").run()
    [button] = [button for button in app.button if button.key == "plan_what_if_keep_customers"]
    button.click().run()
    assert not app.exception
    assert app.title[0].value == "What if you kept more customers?"
    assert app.select_slider(key="retention_points").value == 2.0


def test_without_numbers_it_says_which_numbers_unlock_which_steps():
    app = app_test("plan")
    app.query_params["v"] = "1"
    app.query_params["customers_start"] = "100"
    app.run()
    assert not app.exception
    assert step_headers(app) == []
    text = plain(" ".join(block.value for block in app.markdown))
    assert "Add these numbers for more steps" in " ".join(header.value for header in app.header)
    assert f"**{TOPIC_NAMES['keep_customers']}**: add Customers at the end and New customers." in text
    assert f"**{TOPIC_NAMES['listen']}**: add" in text  # every topic without a figure says what it needs


def test_a_shared_link_gives_the_plan_of_its_numbers():
    shared = {**EXAMPLE_INPUTS, "customers_end": 1400, "new_customers": 400}  # more customers kept than lost
    app = app_test("plan")
    for key, value in encode(SharedState(inputs=shared)).items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    results, _ = compute_available_metrics(shared)
    expected = [judged.topic.key for judged in rank_topics(results) if judged.verdict != "good"][:3]
    assert step_headers(app) == [f"{number}. {TOPIC_NAMES[key]}" for number, key in enumerate(expected, 1)]
    text = plain(" ".join(block.value for block in app.markdown))
    assert "On your numbers, " in text and "worked-example" not in text  # the numbers are the link's
    assert not app.info


def test_each_list_holds_exactly_the_customers_its_rule_names():
    table = load_transactions(ORDERS_CSV.encode())
    histories = customer_histories(table.frame)
    assert quiet_customers(histories)["customer_id"].tolist() == ["q1", "q2"]
    assert one_time_buyers(histories, "M")["customer_id"].tolist() == ["o1"]
    assert top_customers(histories)["customer_id"].tolist() == ["z", "q1"]
    assert histories.loc["q1", "usual_gap_days"] == 10 and histories.loc["q2", "days_since_last"] == 90

    app = app_test("plan")
    app.session_state[ORDERS], app.session_state[ORDERS_NAME] = table, "orders.csv"
    app.run()
    assert not app.exception
    # quiet and top under "keep more of your customers"; the one-time buyers, whose step is not among the three,
    # after the steps; each list once
    assert [frame.value["customer_id"].tolist() for frame in app.dataframe] == [["q1", "q2"], ["z", "q1"], ["o1"]]
    one_time = app.dataframe[2].value  # one purchase has no usual gap: the column is left out, not shown as "None"
    assert "usual_gap_days" not in one_time.columns and not one_time.isna().any().any()
    assert "usual_gap_days" in app.dataframe[0].value.columns
    text = plain(" ".join(block.value for block in app.markdown))
    assert ("2 repeat customers have gone quiet for longer than their usual gap between purchases; they brought "
            "$400.00 so far.") in text
    assert "Your top 20%: 2 customers bring 86.7% of your revenue." in text  # 1,300 of 1,500
    assert "1 customer bought once, in Jun 2024, and not again yet." in text
    csv = _csv_table(quiet_customers(histories))
    assert csv.columns[0] == "Customer" and csv.iloc[0].tolist() == ["q1", 3, "2024-01-01", "2024-01-21", 300.0, 10.0,
                                                                     161]


def test_the_valuable_customers_at_risk_come_from_the_forecast_of_the_same_orders():
    table = load_transactions(SAMPLE_ORDERS)
    app = app_test("plan")
    app.session_state[ORDERS], app.session_state[ORDERS_NAME] = table, "sample"
    app.run()
    assert "The valuable customers at risk come from the forecast" in " ".join(caption.value for caption in app.caption)
    result = forecast(table.frame)
    app.session_state[FORECAST_RESULT] = {"table": table, "settings": None, "result": result}
    app.run()
    assert not app.exception
    expected = win_back(result.customers)["customer_id"].astype(str).head(10).tolist()
    assert expected and expected in [frame.value["customer_id"].astype(str).tolist() for frame in app.dataframe]


def test_lists_in_a_sentence_are_joined_as_the_language_writes_them():
    """Japanese joins a list with "、", not ", "; Greek with "και" before the last item."""
    for language, joined in (("ja", "{}、{}"), ("el", "{} και {}")):
        app = app_test("plan")
        app.query_params.update({"v": "1", "customers_start": "100", "lang": language})
        app.run()
        assert not app.exception
        labels = [language_words("fields", language)[name]["label"] for name in ("customers_end", "new_customers")]
        text = plain(" ".join(block.value for block in app.markdown))
        assert joined.format(*labels) in text
