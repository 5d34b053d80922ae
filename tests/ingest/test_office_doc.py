"""Word 97-2003 (.doc) files, converted by LibreOffice (``soffice``, installed by .ci/run).

The .doc fixtures are made at test time by converting .docx shapes with LibreOffice, so no
binary .doc is checked in; reading them back must give the documents pinned for the .docx.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.ingest import ReadError, describe, read_bytes

sys.path.insert(0, str(Path(__file__).parent))
from shapes_summary import summary

PINNED = json.loads(
    (Path(__file__).parent.parent / "data" / "office_shapes.json").read_text(encoding="utf-8")
)
SHAPES = ["application", "grouped"]


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice")
    assert found, "LibreOffice (soffice) is needed for the .doc tests: see README (.doc files)"
    return found


@pytest.fixture(scope="module")
def doc_files(soffice: str, office: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("doc")
    command = [
        soffice, f"-env:UserInstallation=file://{out}/profile", "--headless",
        "--convert-to", "doc", "--outdir", str(out),
        *(str(office / f"{name}.docx") for name in SHAPES),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    return out


@pytest.mark.parametrize("name", SHAPES)
def test_a_doc_file_reads_like_the_docx_it_was_saved_from(name: str, doc_files: Path) -> None:
    data = (doc_files / f"{name}.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # a real OLE (Word 97-2003) file
    report = describe(f"{name}.doc", data)
    assert report is not None and report.reader == "Word 97-2003 document (.doc)"
    assert [summary(d) for d in report.documents] == PINNED[name]
    assert report.documents[0].indicators[0].source.cell is not None
    assert report.documents[0].indicators[0].source.cell.startswith("table 1 row ")


def test_a_damaged_doc_is_a_read_error(soffice: str) -> None:
    with pytest.raises(ReadError, match="LibreOffice could not convert"):
        read_bytes("bad.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
