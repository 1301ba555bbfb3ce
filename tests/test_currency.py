"""The file's currency (``LoadedTable.currency``): from the signs and codes beside the amounts or a currency column;
a file in several currencies is refused, never summed."""

import pytest

from retention.errors import InputError
from retention.formatting import CURRENCIES, currency_name, format_value
from retention.io.readers import load_transactions
from retention.words import LANGUAGES, in_language
from tests.files import csv_bytes

DAYS = ("2025-01-15", "2025-02-03", "2025-03-09")


def loaded_with(amounts, header=("customer_id", "date", "amount"), extra=None):
    """An order log of three customers whose amounts are written as given (and a further column, when given)."""
    rows = [(f"c{number}", day, amount) for number, (day, amount) in enumerate(zip(DAYS, amounts, strict=True))]
    if extra is not None:
        header = (*header, extra[0])
        rows = [(*row, cell) for row, cell in zip(rows, extra[1], strict=True)]
    return load_transactions(csv_bytes(rows, header, delimiter=";"))


def messages(notes) -> dict[str, str]:
    return {note.key: note.message for note in notes}


@pytest.mark.parametrize(("amounts", "code"), [
    (["1.234,56 €", "12,00 €", "3,50 €"], "EUR"), (["£12.50", "£3.00", "£1"], "GBP"),
    (["¥8,620", "¥120", "¥1"], "JPY"), (["8,620円", "120円", "1円"], "JPY"), (["₹500", "₹20", "₹1"], "INR"),
    (["NOK 1 234,50", "NOK 99,00", "12,00"], "NOK"), (["EUR 1.234,56", "EUR 7,10", "7,10 €"], "EUR"),
    (["kr 10,00", "NOK 5,00", "kr 1,00"], "NOK"), (["R$ 10,00", "R$ 5,00", "R$ 1,00"], "BRL"),
])
def test_the_currency_is_read_from_the_amounts(amounts, code):
    loaded = loaded_with(amounts)
    assert loaded.currency == code
    assert messages(loaded.assumptions)["currency_found"] == (
        f"The amounts are in {currency_name(code)}, as the signs in column “amount” show."
    )


def test_amounts_of_one_currency_add_up_as_written():
    loaded = loaded_with(["kr 1 234,50", "kr 99,00", "kr 0,50"])
    assert loaded.frame["amount"].tolist() == [1234.5, 99.0, 0.5]


def test_a_dollar_alone_is_taken_as_us_dollars_and_said():
    loaded = loaded_with(["$12.50", "$3.00", "$1"])
    assert loaded.currency == "USD"
    assert messages(loaded.assumptions)["currency_assumed"] == (
        "Column “amount” writes amounts with “$” alone; we took them to be US dollars (USD). If they are another "
        "dollar, choose the currency in the sidebar."
    )


def test_kroner_alone_name_no_currency_and_the_user_is_asked_to_choose():
    loaded = loaded_with(["kr 12,50", "kr 3,00", "1,00 kr"])
    assert loaded.currency is None
    assert messages(loaded.warnings)["currency_ambiguous"] == (
        "Column “amount” writes amounts with “kr” alone, which could be Norwegian kroner (NOK), Swedish kronor (SEK), "
        "Danish kroner (DKK), Icelandic krónur (ISK): choose the currency in the sidebar."
    )


def test_plain_numbers_name_no_currency():
    loaded = loaded_with(["12.50", "3", "1"])
    assert loaded.currency is None
    assert not {"currency_found", "currency_assumed"} & set(messages(loaded.assumptions))


@pytest.mark.parametrize(("header", "cells", "code"), [
    ("Currency", ["EUR", "EUR", "EUR"], "EUR"), ("currency", ["usd", "usd", "usd"], "USD"),
    ("Währung", ["EUR", "EUR", "EUR"], "EUR"), ("Devise", ["EUR", "EUR", "EUR"], "EUR"),
    ("Moneda", ["MXN", "MXN", "MXN"], "MXN"), ("Valuta", ["NOK", "NOK", "NOK"], "NOK"),
    ("Νόμισμα", ["€", "€", "€"], "EUR"), ("Valiuta", ["EUR", "EUR", "EUR"], "EUR"),
    ("通貨", ["JPY", "JPY", "JPY"], "JPY"),
])
def test_a_currency_column_names_the_currency(header, cells, code):
    loaded = loaded_with(["12.50", "3", "1"], extra=(header, cells))
    assert loaded.currency == code
    assert messages(loaded.assumptions)["currency_found"].endswith(f"as column “{header}” says.")


def test_a_file_in_several_currencies_is_refused_with_the_rows_of_each():
    with pytest.raises(InputError) as caught:
        loaded_with(["12.50", "3", "1"], extra=("Currency", ["EUR", "USD", "EUR"]))
    assert caught.value.messages["amount"] == (
        "Column “Currency” holds amounts in several currencies (EUR in 2 rows, USD in 1 row), which cannot be added "
        "up. Export one currency at a time (filter the export by currency) and upload each file on its own."
    )
    with pytest.raises(InputError, match=r"several currencies \(EUR in 2 rows, “\$” in 1 row\)"):
        loaded_with(["12,50 €", "3,00 €", "$1"])


def test_a_currency_the_app_cannot_show_is_said():
    loaded = loaded_with(["12.50", "3", "1"], extra=("Currency", ["XAF", "XAF", "XAF"]))
    assert loaded.currency == "XAF"
    assert messages(loaded.warnings)["currency_unknown"] == (
        "The amounts are in XAF, a currency the app cannot show yet: figures are shown in the currency chosen in the "
        "sidebar, not converted."
    )


def test_every_currency_the_app_shows_has_its_name_in_every_language():
    for language in LANGUAGES:
        with in_language(language):
            assert all(currency_name(code).endswith(f" ({code})") for code in CURRENCIES)
    assert {"USD", "EUR", "GBP", "JPY", "INR", "CHF", "CAD", "AUD", "SEK", "BRL", "NOK", "DKK"} <= set(CURRENCIES)
    assert format_value(1234.5, "money", "NOK") == "NOK\u00a01,234"
    with in_language("nb"):
        assert format_value(1234.5, "money", "NOK") == "1\u00a0234\u00a0kr"
