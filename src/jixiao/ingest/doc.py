"""Word 97-2003 documents (.doc): converted to .docx with LibreOffice headless, then read as such.

LibreOffice is optional: without ``soffice`` on PATH the reader says so in a ReadError.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao.domain.model import Document
from jixiao.ingest import docx
from jixiao.ingest.errors import ReadError
from jixiao.ingest.office import documents
from jixiao.ingest.report import FileReport
from jixiao.ingest.safety import is_ole, refuse_encrypted_package

TIMEOUT = 120  # seconds for one conversion


class DocReader:
    name = "Word 97-2003 document (.doc)"

    def sniff(self, name: str, head: bytes) -> bool:
        return name.lower().endswith(".doc") or (
            is_ole(head) and "WordDocument".encode("utf-16-le") in head
        )

    def read(self, name: str, data: bytes) -> list[Document]:
        return documents(report(name, data))

    def report(self, name: str, data: bytes) -> FileReport:
        return report(name, data)


def report(name: str, data: bytes) -> FileReport:
    refuse_encrypted_package(name, data)
    if not is_ole(data):
        raise ReadError(name, "not a Word 97-2003 document (.doc)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(
            name,
            "a .doc (Word 97-2003) file needs LibreOffice to be converted, and soffice is not "
            "installed: install LibreOffice or save the file as .docx",
        )
    return docx.report(name, _convert(name, data, soffice), reader=DocReader.name)


def _convert(name: str, data: bytes, soffice: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        command = [
            soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
            "--convert-to", "docx", "--outdir", tmp, str(source),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True)
        except subprocess.TimeoutExpired as exc:
            raise ReadError(
                name, f"LibreOffice did not convert the file within {TIMEOUT} s"
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise ReadError(
                name, f"LibreOffice could not convert the file (exit {exc.returncode})"
            ) from exc
        converted = Path(tmp) / "input.docx"
        if not converted.exists():
            raise ReadError(name, "LibreOffice could not convert the file (no .docx produced)")
        return converted.read_bytes()


READER = DocReader()
