"""PDF: the .docx of :mod:`jixiao.export.docx_` converted by LibreOffice (``soffice --headless``).

One layout for Word and PDF, so the two never disagree; LibreOffice embeds the fonts it uses
(Debian's fonts-noto-cjk stands in for 宋体), repeats the header rows and fills the page fields.
A process keeps one LibreOffice profile (made on first use, removed at exit) and converts one
batch at a time, so conversions neither pay LibreOffice's first start twice nor share its lock
with another process. 宋体 is mapped to Noto Serif CJK SC by a fontconfig file of the profile.
:class:`ConversionError` when LibreOffice is missing or fails.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from jixiao.domain.model import Document
from jixiao.export import docx_
from jixiao.export.writer import Writer

TIMEOUT = 300  # seconds for one LibreOffice run
_LOCK = threading.Lock()
_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
"""


class ConversionError(RuntimeError):
    """LibreOffice could not turn a document into PDF."""


def write(documents: Sequence[Document]) -> bytes:
    return convert({"document.docx": docx_.write(documents)})["document.pdf"]


def convert(files: dict[str, bytes], target: str = "pdf") -> dict[str, bytes]:
    """``files`` (name → bytes, e.g. .docx or .xlsx) converted to ``target`` in one LibreOffice run.

    Returns name → bytes with the suffix replaced (``a.docx`` → ``a.pdf``).
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("LibreOffice (soffice) is not installed: PDF export needs it")
    with _LOCK, tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as work:
        folder = Path(work)
        paths = []
        for name, data in files.items():
            path = folder / "in" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            paths.append(path)
        command = [soffice, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={_profile().as_uri()}",
                   "--convert-to", target, "--outdir", str(folder / "out"), *map(str, paths)]  # fmt: skip
        try:
            environment = {**os.environ, "FONTCONFIG_FILE": str(_profile() / "fonts.conf")}
            run = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT, check=False, env=environment
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice took longer than {TIMEOUT} s") from exc
        found = {p.name: (folder / "out" / p.with_suffix(f".{target}").name) for p in paths}
        missing = [name for name, out in found.items() if not out.exists()]
        if missing:
            detail = run.stderr.decode("utf-8", "replace").strip()[-300:]
            raise ConversionError(f"LibreOffice did not convert {', '.join(missing)}: {detail}")
        return {out.name: out.read_bytes() for out in found.values()}


def _profile() -> Path:
    """This process's LibreOffice profile directory (with the fontconfig file)."""
    folder = Path(tempfile.gettempdir()) / f"jixiao-soffice-{os.getpid()}"
    if not folder.exists():
        folder.mkdir(parents=True)
        (folder / "fonts.conf").write_text(_FONTS, encoding="utf-8")
        atexit.register(shutil.rmtree, folder, True)
    return folder


WRITER = Writer("pdf", ".pdf", "application/pdf", write)
