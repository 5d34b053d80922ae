"""The interchange JSON is a file format like any other: ``jixiao parse`` output reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.demo import SEEDS, seed_paths
from jixiao.domain import interchange
from jixiao.ingest import ReadError, read_bytes, read_path

OFFICE = Path(__file__).parent / "data" / "office"
READABLE = [*seed_paths(), *(p for p in sorted(OFFICE.iterdir()) if p.name != "encrypted.xlsx")]


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_parse_then_read_gives_the_same_documents(path: Path) -> None:
    documents = read_path(path)
    text = interchange.dumps(documents)
    assert read_bytes("out.json", text.encode()) == documents
    assert all(d.id and d.id.endswith(f"#{i}") for i, d in enumerate(documents))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "jixiao-interchange",\n "documents": [\n}', "out.json:3: not valid JSON"),
        ('{"format": "other", "documents": []}', "not interchange JSON"),
        (
            '{"format": "jixiao-interchange", "version": "1", "documents": [{"kind": "memo"}]}',
            "out.json: documents.0: ",
        ),
    ],
)
def test_bad_interchange_json_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_bytes("out.json", text.encode())


@pytest.mark.parametrize(
    "path",
    [SEEDS / "001_eb7a6641e668a5f6.txt", OFFICE / "self_evaluation.xlsx"],
    ids=lambda p: p.name,
)
def test_parse_output_feeds_review_and_score(tmp_path: Path, path: Path) -> None:
    runner = CliRunner()
    parsed = runner.invoke(app, ["parse", str(path)])
    assert parsed.exit_code == 0, parsed.output
    out = tmp_path / "out.json"
    out.write_text(parsed.stdout, encoding="utf-8")
    direct = runner.invoke(app, ["review", str(path), "-f", "json"])
    again = runner.invoke(app, ["review", str(out), "-f", "json"])
    assert again.exit_code == direct.exit_code in (0, 1)
    assert again.stdout == direct.stdout  # same documents, same ids, same findings
    scored = runner.invoke(app, ["score", str(out), "-f", "json"])
    assert scored.exit_code == 0, scored.output
    assert scored.stdout == runner.invoke(app, ["score", str(path), "-f", "json"]).stdout
