"""Hostile and broken files fail fast with a ReadError that names the file and the cause."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.ingest import ReadError, read_bytes, read_path, xls, xlsx
from jixiao.ingest.pdf import grids

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _replace(
    source: bytes, member: str, content: bytes, compress: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A copy of the zip ``source`` with ``member`` replaced by ``content``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", compress) as new:
        for item in old.infolist():
            new.writestr(item.filename, content if item.filename == member else old.read(item))
    return out.getvalue()


OFFICE = Path(__file__).parent.parent / "data" / "office"


def _workbook() -> bytes:
    return (OFFICE / "split_target.xlsx").read_bytes()


def test_zip_bomb_is_refused_from_the_directory() -> None:
    bomb = _replace(_workbook(), SHEET, b" " * (8 * 1024 * 1024))
    assert len(bomb) < 100_000
    with pytest.raises(ReadError, match="zip bomb") as error:
        read_bytes("bomb.xlsx", bomb)
    assert error.value.file == "bomb.xlsx"


def test_xml_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="' + _MAIN.encode() + b'"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        b"<is><t>&lol2;</t></is></c></row></sheetData></worksheet>"
    )
    with pytest.raises(ReadError, match="entity expansion"):
        read_bytes("laughs.xlsx", _replace(_workbook(), SHEET, laughs))
    document = (OFFICE / "department.docx").read_bytes()
    with pytest.raises(ReadError, match="entity expansion"):
        read_bytes("laughs.docx", _replace(document, "word/document.xml", laughs))


def test_truncated_workbook_and_document() -> None:
    with pytest.raises(ReadError, match="damaged or truncated"):
        read_bytes("cut.xlsx", _workbook()[:3000])
    with pytest.raises(ReadError, match="damaged or truncated"):
        read_bytes("cut.docx", (OFFICE / "department.docx").read_bytes()[:5000])


def test_password_protected_workbook() -> None:
    with pytest.raises(ReadError, match="password-protected"):
        read_path(OFFICE / "encrypted.xlsx")


def test_a_100k_row_sheet_is_refused_while_streaming() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 100_001))
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    with pytest.raises(ReadError, match="more than 20000 rows") as error:
        read_bytes("huge.xlsx", _replace(_workbook(), SHEET, sheet))
    assert error.value.table == "目标表"


def test_doc_without_libreoffice_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ReadError, match="needs LibreOffice"):
        read_bytes("old.doc", legacy)


def test_a_workbook_without_performance_tables_says_what_it_found() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["部门整体支出绩效评价指标体系及评分表"])
    book.active.append(["一级指标", "二级指标", "三级指标", "评分标准", "分值"])
    book.active.append(["部门决策（25分）", "目标设定", "绩效目标合理性", "合理得5分", 5])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(ReadError, match="score sheet"):
        read_bytes("score.xlsx", data.getvalue())


def test_entity_declarations_after_4_kb_of_padding_are_refused() -> None:
    """The whole part is searched, not its head; also in UTF-16."""
    padded = b'<?xml version="1.0"?><!--' + b"x" * 100_000 + b'--><!DOCTYPE w [<!ENTITY a "a">]>'
    sheet = padded + f'<worksheet xmlns="{_MAIN}"><sheetData/></worksheet>'.encode()
    with pytest.raises(ReadError, match="entity expansion"):
        read_bytes("padded.xlsx", _replace(_workbook(), SHEET, sheet))
    wide = sheet.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    with pytest.raises(ReadError, match="entity expansion"):
        read_bytes("wide.xlsx", _replace(_workbook(), SHEET, wide.encode("utf-16-le")))


def _pdf_with_stream(content: bytes) -> bytes:
    """A one-page PDF whose content stream is ``content`` deflated."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 600] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    body = b"%PDF-1.4\n"
    for number, obj in enumerate(objects, start=1):
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    return body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def _deflated_spaces(megabytes: int) -> bytes:
    deflater = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    return b"".join(deflater.compress(chunk) for _ in range(megabytes)) + deflater.flush()


def test_a_pdf_stream_bomb_is_refused_before_parsing() -> None:
    bomb = _pdf_with_stream(_deflated_spaces(100))
    assert len(bomb) < 200_000
    with pytest.raises(ReadError, match="decompression bomb") as error:
        read_bytes("bomb.pdf", bomb)
    assert error.value.file == "bomb.pdf"


def test_an_ordinary_deflated_pdf_stream_passes_the_check() -> None:
    text = b"BT /F1 12 Tf 72 712 Td (no table here) Tj ET\n" * 50
    with pytest.raises(ReadError, match="no supported performance table"):
        read_bytes("text.pdf", _pdf_with_stream(zlib.compress(text)))


def test_a_pdf_page_whose_stream_has_a_broken_checksum_is_read() -> None:
    """pdfminer's recovery (made linear in jixiao.ingest.pdf_inflate): nothing before it lost."""
    content = bytearray(zlib.compress(b"BT /F1 12 Tf 72 712 Td (no table here) Tj ET\n" * 200))
    content[-1] ^= 0xFF
    (page,) = grids("damaged.pdf", _pdf_with_stream(bytes(content)))
    assert page.rows[0][0].text.count("no table here") == 200


def _xls_with_cells(*where: tuple[int, int]) -> bytes:
    """A one-sheet .xls (xlwt) with the number 1 at each (row, column) of ``where``."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("目标表")
    for row, column in where:
        sheet.write(row, column, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_with_cells(*where: tuple[int, int]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "目标表"
    for row, column in where:
        sheet.cell(row + 1, column + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FAR_CELL = Path(__file__).parent.parent / "data" / "limits" / "shenzhen-far-cell.xls"


@pytest.mark.parametrize(
    "data",
    [_xls_with_cells((0, 0), (65535, 255)), FAR_CELL.read_bytes()],
    ids=["xlwt, a cell at IV65536", "fuzzed: a cell at row 65536, 65,285 columns"],
)
def test_an_xls_cell_far_out_is_refused_without_padding_the_sheet(data: bytes) -> None:
    """xlrd pads every row to the widest one unless told not to (``ragged_rows``): one stray cell
    far out made millions of empty ones (a fuzzed 9.7 KB file asked for gigabytes, and a
    fuzzing process at the sandbox's address-space limit later crashed CPython)."""
    tracemalloc.start()
    try:
        with pytest.raises(ReadError, match="more than 20000 rows") as error:
            read_bytes("far.xls", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.value.file == "far.xls"
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MB"  # padded: ≈ 190 MB


@pytest.mark.parametrize(
    ("name", "make"), [("wide.xls", _xls_with_cells), ("wide.xlsx", _xlsx_with_cells)]
)
def test_a_sheet_padded_past_the_cell_limit_is_refused(
    name: str, make: Callable[..., bytes]
) -> None:
    """19,999 rows of 200 columns once padded to the widest row: 4 million cells from two."""
    with pytest.raises(
        ReadError, match=r"19999 rows × 200 columns \(more than 1000000 cells\)"
    ) as error:
        read_bytes(name, make((0, 0), (19998, 199)))
    assert error.value.file == name
    assert error.value.table == "目标表"


@pytest.mark.parametrize("make", [_xls_with_cells, _xlsx_with_cells], ids=["xls", "xlsx"])
def test_rows_shorter_than_the_widest_are_padded_with_empty_cells(
    make: Callable[..., bytes],
) -> None:
    read = xls.grids if make is _xls_with_cells else xlsx.grids
    rows = read("ragged", make((0, 0), (2, 3)))[0].rows
    assert [len(row) for row in rows] == [4, 4, 4]
    assert [c.address for c in rows[1]] == [f"目标表!{col}2" for col in "ABCD"]
    assert [c.text for c in rows[0]] == ["1", "", "", ""]
    assert [c.text for c in rows[2]] == ["", "", "", "1"]
