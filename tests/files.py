"""Test files made by code: CSV text in any encoding and separator, .xlsx workbooks, zip archives."""

import io
import zipfile
from collections.abc import Sequence

import openpyxl
import pandas as pd
from hypothesis import strategies as st

HEADER = ("customer_id", "date", "amount")

#: A small order log; every reader test that changes only the file format should read it back the same.
ORDERS = (
    ("Zoé", "2024-01-05", "10.50"),
    ("Ann", "2024-01-20", "20.00"),
    ("Zoé", "2024-02-03", "15.25"),
)


def csv_bytes(
    rows: Sequence[Sequence[object]] = ORDERS,
    header: Sequence[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    """A delimited text file; cells are written as given (no quoting unless a cell carries its own quotes)."""
    lines = [delimiter.join(header), *(delimiter.join(str(cell) for cell in row) for row in rows)]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]], sheets: Sequence[str] = ("Orders",)) -> bytes:
    """A workbook whose first sheet holds ``rows`` (header included); further sheets are empty."""
    workbook = openpyxl.Workbook()
    workbook.active.title = sheets[0]
    for row in rows:
        workbook.active.append(list(row))
    for name in sheets[1:]:
        workbook.create_sheet(name)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) with the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx_bomb(unpacked: int = 40_000_000) -> bytes:
    """A small zip that looks like a workbook but unpacks to ``unpacked`` bytes of one repeated character."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                      "xl/worksheets/sheet1.xml": b" " * unpacked})


def order_logs(days: int, amounts: tuple[int, int], max_size: int, units: bool = False):
    """A hypothesis strategy of small order logs: customers a-h, dates within ``days`` days of 2023-01-01, whole
    amounts in ``amounts``, up to 31 order numbers per customer; with ``units``, a quantity of 1-4 and half of one
    less returned."""
    row = [st.sampled_from("abcdefgh"), st.integers(0, days), st.integers(*amounts), st.integers(0, 30)]
    rows = st.lists(st.tuples(*row, *([st.integers(0, 3)] if units else [])), min_size=1, max_size=max_size)

    def log(rows) -> pd.DataFrame:
        frame = pd.DataFrame({
            "customer_id": [row[0] for row in rows],
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta([row[1] for row in rows], unit="D"),
            "amount": [float(row[2]) for row in rows],
            "order_id": [f"{row[0]}{row[3]}" for row in rows],
        })
        if units:
            frame["quantity"] = [row[4] + 1 for row in rows]
            frame["returned_quantity"] = [row[4] // 2 for row in rows]
        return frame

    return rows.map(log)
