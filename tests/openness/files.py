"""Real files of every kind the checker meets, written by the libraries that make them (openpyxl, pandas'
odf writer, zipfile) or byte by byte where the format is that simple (CSV, HTML, PDF header, PE header)."""

from __future__ import annotations

import datetime as dt
import http.server
import struct
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from tests.support.fixtures import xlsx_bytes

KPI_HEADER = ["ปีงบประมาณ", "ตัวชี้วัด", "ค่าเป้าหมาย", "ผลการดำเนินงาน"]
KPI_ROWS = [
    [2565, "ร้อยละความพึงพอใจของผู้รับบริการ", 85, 87.5],
    [2566, "จำนวนผู้เข้าอบรม", 1200, 1315],
    [2567, "จำนวนมาตรฐานที่รับรอง", 12, 14],
]


@contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler], path: str) -> Iterator[str]:
    """A real HTTP server on a free loopback port answering with ``handler``; yields the URL of ``path``."""
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{path}"
    finally:
        server.shutdown()


def write_csv_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def kpi_csv_text() -> str:
    lines = [",".join(KPI_HEADER)] + [",".join(str(cell) for cell in row) for row in KPI_ROWS]
    return "\n".join(lines) + "\n"


def write_xlsx(
    path: Path, sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None
) -> Path:
    path.write_bytes(xlsx_bytes(sheets, merged))
    return path


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, index=False, header=False)
    return path


def kpi_sheet() -> list[list[object]]:
    return [KPI_HEADER, *KPI_ROWS]


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def write_zip_bomb(path: Path, expanded_bytes: int = 64 * 1024 * 1024) -> Path:
    """One member of zeros: 64 MiB deflates to about 64 KiB, a ratio of about 1000."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("data.csv", "w", force_zip64=True) as member,
    ):
        block = b"0" * (1024 * 1024)
        for _ in range(expanded_bytes // len(block)):
            member.write(block)
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n<lolz>&lol9;</lolz>\n"
)


def write_xlsx_with_xml_bomb(path: Path) -> Path:
    """A real workbook whose sheet XML declares the billion-laughs entities."""
    source = path.with_suffix(".clean.xlsx")
    write_xlsx(source, {"Sheet1": kpi_sheet()})
    with zipfile.ZipFile(source) as clean, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bombed:
        for info in clean.infolist():
            data = clean.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.decode("utf-8").split("?>", 1)[-1]
                data = (BILLION_LAUGHS.split("<lolz>")[0] + body).encode("utf-8")
            bombed.writestr(info, data)
    source.unlink()
    return path


def write_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n")
    return path


def write_exe(path: Path) -> Path:
    header = b"MZ" + b"\x90\x00" * 29 + struct.pack("<I", 64) + b"PE\x00\x00" + b"\x4c\x01" + b"\x00" * 200
    path.write_bytes(header)
    return path


ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>404 ไม่พบหน้าที่ต้องการ</title></head>"
    "<body><h1>Not Found</h1></body></html>\n"
)


def workbook_dates_sheet() -> list[list[object]]:
    return [
        ["วันที่", "จำนวน", "หมายเหตุ"],
        [dt.date(2024, 1, 31), 10, "มกราคม"],
        [dt.date(2024, 2, 29), 2.5, ""],
    ]


# The CSV copies of the two sheets above, byte for byte after their BOM: RFC 4180 line ends, UTF-8.
KPI_SHEET_CSV = (
    "ปีงบประมาณ,ตัวชี้วัด,ค่าเป้าหมาย,ผลการดำเนินงาน\r\n"
    "2565,ร้อยละความพึงพอใจของผู้รับบริการ,85,87.5\r\n"
    "2566,จำนวนผู้เข้าอบรม,1200,1315\r\n"
    "2567,จำนวนมาตรฐานที่รับรอง,12,14\r\n"
).encode()
DATES_SHEET_CSV = "วันที่,จำนวน,หมายเหตุ\r\n2024-01-31,10,มกราคม\r\n2024-02-29,2.5,\r\n".encode()
