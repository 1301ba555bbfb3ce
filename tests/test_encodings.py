"""Text files in the encodings shops' systems write, and dates and amounts written the local way.

Each fixture is made here from known records: written in an encoding, read back, the names, dates and amounts must
be the records' own.
"""

import codecs

import pandas as pd
import pytest

from retention.io._cell_values import date_texts, number_texts
from retention.io.readers import load_transactions
from tests.files import csv_bytes

GREEK = (("Πελάτης", "Ημερομηνία", "Ποσό"), [
    "Γιώργος Παπαδόπουλος", "Μαρία Αλεξίου", "Νίκος Κωνσταντίνου", "Ελένη Γεωργίου", "Δημήτρης Νικολάου",
    "Κατερίνα Οικονόμου", "Ανδρέας Βασιλείου", "Σοφία Μακρή",
])
LITHUANIAN = (("Klientas", "Data", "Suma"), [
    "Jonas Petraitis", "Živilė Kazlauskienė", "Aušra Šimkūnė", "Rūta Vaitkutė", "Tomas Žukauskas",
    "Eglė Jankauskaitė", "Mindaugas Stankevičius", "Gintarė Paulauskienė",
])
JAPANESE = (("顧客", "注文日", "金額"), ["山田太郎", "鈴木花子", "佐藤次郎", "高橋美咲", "田中一郎", "伊藤直子"])
GERMAN = (("Kunde", "Datum", "Betrag"), ["Jürgen Müller", "François Lefèvre", "Søren Ærø", "Zoë Brontë"])
POLISH = (("Klient", "Data", "Kwota"), ["Zażółć Gęślą", "Łukasz Świątek", "Michał Żółkiewski", "Ewa Łęcka"])


def mapped(header) -> dict[str, str]:
    """The mapping of a (customer, date, amount) header (other languages' headers are issue 13's point 3)."""
    return dict(zip(header, ("customer_id", "date", "amount"), strict=True))


def records(language, date_text: str = "{day:02d}.01.2025", amount_text: str = "{whole},50"):
    """(header, rows, total): one order per name on day 1, 2, ... of January 2025, the n-th for n * 10 + 0.50."""
    header, names = language
    rows = [(name, date_text.format(day=day), amount_text.format(whole=10 * day))
            for day, name in enumerate(names, start=1)]
    return header, rows, sum(10 * day + 0.5 for day in range(1, len(names) + 1))


@pytest.mark.parametrize(("language", "encoding"), [
    (GREEK, "cp1253"), (GREEK, "iso8859_7"), (LITHUANIAN, "cp1257"), (LITHUANIAN, "iso8859_13"),
    (GERMAN, "cp1252"), (GERMAN, "latin_1"), (POLISH, "cp1250"), (POLISH, "iso8859_2"),
    (JAPANESE, "cp932"), (JAPANESE, "shift_jis"), (JAPANESE, "euc_jp"),
    (GREEK, "utf-8"), (JAPANESE, "utf-8-sig"), (LITHUANIAN, "utf-16"),
])
def test_names_and_headers_come_out_right_in_each_encoding(language, encoding):
    header, rows, total = records(language)
    data = csv_bytes(rows, header, delimiter=";", encoding=encoding)
    loaded = load_transactions(data, mapped(header))
    assert list(loaded.columns) == list(header)
    assert loaded.frame["customer_id"].tolist() == [name for name, _, _ in rows]
    assert loaded.frame["amount"].sum() == pytest.approx(total)
    assert loaded.frame["date"].dt.day.tolist() == list(range(1, len(rows) + 1))
    found = loaded.detected["encoding"]
    text = data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    assert data.removeprefix(codecs.BOM_UTF8).decode(found) == text.removeprefix("\ufeff"), found
    note = next(note.message for note in loaded.assumptions if note.key == "encoding")
    assert ("as the file's letters show" in note) == (not found.startswith("utf"))


def test_the_detector_names_the_encoding_windows_writes():
    header, rows, _ = records(JAPANESE)
    loaded = load_transactions(csv_bytes(rows, header, ";", encoding="shift_jis"), mapped(header))
    assert loaded.detected["encoding"] == "cp932"
    header, rows, _ = records(GREEK)
    loaded = load_transactions(csv_bytes(rows, header, delimiter=";", encoding="cp1253"), mapped(header))
    assert loaded.detected["encoding"] == "cp1253"
    assert loaded.assumptions[0].message == (
        "Text encoding: Windows-1253 (Greek), as the file's letters show. Check that names and accented letters "
        "look right in the preview."
    )
    assert load_transactions(csv_bytes()).assumptions[0].message == "Text encoding: UTF-8."


def test_a_japanese_file_in_cp932_with_japanese_dates_and_yen():
    header, rows, total = records(JAPANESE, "2025年1月{day}日", '"{whole},000円"')
    loaded = load_transactions(csv_bytes(rows, header, encoding="cp932"), mapped(header))
    assert loaded.frame["amount"].sum() == pytest.approx(sum(10_000 * day for day in range(1, 7)))
    assert loaded.frame["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2025-01-01", "2025-01-02"]
    assert loaded.currency == "JPY" and total


def test_plain_utf8_is_not_given_to_the_detector(monkeypatch):
    import retention.io._file_cells as file_cells

    def refuse(*_):
        raise AssertionError("the detector ran")

    monkeypatch.setattr(file_cells.charset_normalizer, "from_bytes", refuse)
    header, rows, _ = records(GREEK)
    assert load_transactions(csv_bytes(rows, header, delimiter=";"), mapped(header)).detected["encoding"] == "utf-8"


def test_bytes_that_are_no_text_are_still_refused():
    with pytest.raises(Exception, match="neither a table of text"):
        load_transactions(bytes(range(256)) * 40)


@pytest.mark.parametrize(("text", "expected"), [
    ("2025/01/15", "2025-01-15"), ("2025/1/5", "2025-01-05"), ("2025年1月15日", "2025-01-15"),
    ("2025年12月3日 10:30", "2025-12-03 10:30"), ("15.01.2025", "2025-01-15"),
])
def test_local_dates(text, expected):
    assert date_texts(pd.Series([text]), dayfirst=True)[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(("texts", "values", "sign"), [
    (["8,620円", "12,000円"], [8620, 12000], "円"), (["¥8,620", "¥120"], [8620, 120], "¥"),
    (["kr 1 234,50", "kr 99,00"], [1234.5, 99], "kr"), (["1.234,56 €", "12,00 €"], [1234.56, 12], "€"),
    (["EUR 1.234,56", "EUR 7,10"], [1234.56, 7.1], "EUR"), (["R$ 1.234,56", "R$ 3,00"], [1234.56, 3], "R$"),
    (["CA$3.50", "CA$1,200.00"], [3.5, 1200], "CA$"), (["£12.50", "-£3.00"], [12.5, -3], "£"),
])
def test_local_amounts_and_their_signs(texts, values, sign):
    parsed, found = number_texts(pd.Series(texts), allow_percent=False, comma_first=False)
    assert parsed.tolist() == pytest.approx(values)
    assert found["signs"].tolist() == [sign, sign] and not found["invalid"].any()


def test_a_long_file_is_judged_by_its_lines_beyond_ascii():
    header, rows, total = records(LITHUANIAN)
    ascii_rows = [(f"c{number}", "01.02.2025", "1,00") for number in range(30_000)]  # about 500 KB before them
    data = csv_bytes([*ascii_rows, *rows], header, delimiter=";", encoding="cp1257")
    loaded = load_transactions(data, mapped(header))
    assert loaded.detected["encoding"] == "cp1257"
    assert loaded.frame["customer_id"].tolist()[-len(rows):] == [name for name, _, _ in rows]
    assert loaded.frame["amount"].sum() == pytest.approx(total + 30_000)
