"""Test files made by code: CSV text in any encoding and separator, .xlsx workbooks, zip archives."""

import io
import zipfile
from collections.abc import Sequence

import openpyxl

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
