"""PDF: LibreOffice turns our .docx (and .xlsx) into PDF with the CJK fonts embedded.

The pages of seed 004 table 4 and of the seed 001 self-evaluation are left as PNG files in
test-artifacts/export/ (pdftoppm) for people to look at; the text of every cell is found in the
PDF's tables (pdfplumber). Skipped only where LibreOffice or poppler-utils is not installed
(``make test`` installs both: tools/system-packages).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from jixiao.domain.model import Document
from jixiao.export import write
from jixiao.export.docx_ import text
from jixiao.export.layout import sheet
from jixiao.export.pdf import convert
from jixiao.ingest.text import compact

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (libreoffice-writer-nogui) and poppler-utils are needed",
)


def cell_texts(pdf: bytes) -> tuple[str, str]:
    """The page text and the text of every table cell of ``pdf``, whitespace removed."""
    pages, cells = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            pages.append(page.extract_text() or "")
            cells.extend(c for t in page.extract_tables() for row in t for c in row if c)
    return compact("".join(pages)), "|".join(compact(c) for c in cells)


def expected(document: Document) -> list[str]:
    layout = sheet(document)
    return [compact(text(p)) for p in layout.cells if text(p).strip()]


def pages_as_png(pdf: bytes, folder: Path, stem: str) -> list[Path]:
    for old in folder.glob(f"{stem}-*.png"):
        old.unlink()
    (folder / f"{stem}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(folder / f"{stem}.pdf"),
                    str(folder / stem)], check=True, timeout=120)  # fmt: skip
    return sorted(folder.glob(f"{stem}-*.png"))


@pytest.mark.parametrize(
    ("seed", "index", "stem"),
    [("004_5a0f60c6186e32fd.txt", 3, "seed-004-table-4"),
     ("001_eb7a6641e668a5f6.txt", 0, "seed-001-self-evaluation")],
)  # fmt: skip
def test_pdf_holds_every_cell_and_becomes_png_pages(
    sources: dict[str, list[Document]], artifacts: Path, seed: str, index: int, stem: str
) -> None:
    document = sources[seed][index]
    pdf = write([document], "pdf")
    page_text, cells = cell_texts(pdf)
    missing = [t for t in expected(document) if t not in cells]
    assert missing == []
    layout = sheet(document)
    for line in (layout.title, layout.year, layout.unit):
        assert compact(line) in page_text
    pages = pages_as_png(pdf, artifacts, stem)
    assert pages and all(p.stat().st_size > 1000 for p in pages)
    assert f"第1页共{len(pages)}页" in page_text


def test_pdf_embeds_its_fonts_and_is_a4(sources: dict[str, list[Document]]) -> None:
    pdf = write(sources["004_5a0f60c6186e32fd.txt"][:1], "pdf")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    rows = fonts.decode().splitlines()[2:]
    assert rows and any("CJK" in r for r in rows)
    assert all(r.split()[-5] == "yes" for r in rows)  # the "emb" column
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert sorted((round(page.width), round(page.height))) == [595, 842]


def test_exported_workbook_opens_in_libreoffice(sources: dict[str, list[Document]]) -> None:
    documents = sources["000_c59c10b86de5a10a.txt"]
    converted = convert({"seed-000.xlsx": write(documents, "xlsx")})
    page_text, _ = cell_texts(converted["seed-000.pdf"])
    assert compact(documents[0].title) in page_text
    assert compact(documents[-1].project.name) in page_text
