"""Bad input gets one clear ReadError naming file and line; encodings and line endings are accepted."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.demo import SEEDS
from jixiao.domain.model import SelfEvaluation, TargetTable
from jixiao.ingest import MAX_BYTES, ReadError, read_bytes

SEED_003 = (SEEDS / "003_88a8ef7fc06e4953.txt").read_bytes()
SEED_001 = (SEEDS / "001_eb7a6641e668a5f6.txt").read_bytes()


def lines_of(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


def error_for(name: str, data: bytes) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_bytes(name, data)
    return info.value


def test_empty_file() -> None:
    assert str(error_for("empty.txt", b"  \n")) == "empty.txt: the file is empty"


def test_binary_file() -> None:
    error = error_for("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    assert error.file == "picture.png" and "not a recognised" in error.message


def test_binary_bytes_inside_a_table() -> None:
    data = SEED_003.replace("购置设备数量".encode(), b"\x00\x01\x02")
    error = error_for("t.txt", data)
    assert "binary" in error.message


def test_unknown_format() -> None:
    assert "not a recognised" in error_for("notes.txt", "会议纪要\n今天开会".encode()).message


def test_too_large() -> None:
    assert "larger than" in error_for("big.txt", b"x" * (MAX_BYTES + 1)).message


def test_truncated_table() -> None:
    lines = lines_of(SEED_003)
    error = error_for("cut.txt", ("\n".join(lines[:38]) + "\n").encode())
    assert (error.line, error.message) == (36, "an indicator row has 3 cells, expected 5")
    assert error.table == "2024年度天津市辐射环境执法安全防护能力提升项目绩效目标表"


def test_truncated_mid_line() -> None:
    """Cut exactly after a row, the file still ends in the middle of a line."""
    error = error_for("cut.txt", "\n".join(lines_of(SEED_003)[:52]).encode())
    assert (error.line, error.message) == (52, "the file ends in the middle of a line: truncated?")


def test_missing_column() -> None:
    lines = lines_of(SEED_003)
    del lines[lines.index("\t验收合格率")]  # one of the two 验收合格率 cells
    error = error_for("missing.txt", "\n".join(lines).encode())
    assert error.line == 36 and error.message == "an indicator row has 4 cells, expected 5"
    assert str(error).startswith(
        "missing.txt:36 (2024年度天津市辐射环境执法安全防护能力提升项目绩效目标表)"
    )


def test_missing_header_column() -> None:
    lines = lines_of(SEED_003)
    del lines[lines.index("\t绩效指标描述")]
    error = error_for("header.txt", "\n".join(lines).encode())
    assert "indicator header" in error.message and error.line is not None


def test_garbage_in_a_value_cell() -> None:
    data = SEED_003.replace("≥90%".encode(), b"\x1b[31m90%", 1)
    error = error_for("garbage.txt", data)
    assert error.line == lines_of(SEED_003).index("\t≥90%") + 1 and "U+001B" in error.message


def test_garbage_in_a_self_evaluation_line() -> None:
    """The file is searched once for unreadable characters; the error still names the line."""
    data = SEED_001.replace(b"\t0.55\t0.55\t\n", b"\t0.55\t0.55\x07\t\n", 1)
    error = error_for("bell.txt", data)
    assert error.line == 47 and "U+0007" in error.message


def test_garbage_budget() -> None:
    data = SEED_003.replace(b"\t6.00\n", "\t六块钱\n".encode(), 1)
    error = error_for("budget.txt", data)
    assert error.line == 10 and "预算数" in error.message


def test_self_evaluation_row_without_scores() -> None:
    data = SEED_001.replace(b"\t0.55\t0.55\t\n", "\t很好\t很好\t\n".encode(), 1)
    error = error_for("se.txt", data)
    assert error.line == 47 and "分值" in error.message


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("gb18030"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8-bom", "gb18030", "crlf"],
)
@pytest.mark.parametrize("seed", [SEED_003, SEED_001], ids=["003", "001"])
def test_encodings(encode: object, seed: bytes) -> None:
    plain = read_bytes("doc.txt", seed)
    assert callable(encode)
    encoded = read_bytes("doc.txt", encode(seed.decode("utf-8")))
    # the same documents; only the identity differs, as it names the file's bytes
    assert [d.id for d in encoded] != [d.id for d in plain]
    assert [d.model_copy(update={"id": None}) for d in encoded] == [
        d.model_copy(update={"id": None}) for d in plain
    ]


MUTATIONS = ["delete", "duplicate", "swap", "blank", "garble", "truncate"]


def mutate(lines: list[str], rng: random.Random, kind: str) -> list[str]:
    lines = list(lines)
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[j])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "blank":
        lines.insert(i, "")
    elif kind == "garble":
        lines[i] = "\t" + "".join(rng.choice("≥≤%万元，。\t 123abc") for _ in range(8))
    else:
        lines = lines[:i]
    return lines


@settings(max_examples=150, deadline=None)
@given(
    seed=st.sampled_from(["003", "001"]),
    rng=st.randoms(use_true_random=False),
    kinds=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
)
def test_mutated_seeds_read_or_fail_cleanly(
    seed: str, rng: random.Random, kinds: list[str]
) -> None:
    """A damaged document is either read into complete documents or refused with a ReadError."""
    lines = lines_of(SEED_003 if seed == "003" else SEED_001)
    for kind in kinds:
        lines = mutate(lines, rng, kind) or [""]
    try:
        documents = read_bytes("mutant.txt", "\n".join(lines).encode("utf-8"))
    except ReadError as error:
        assert error.file == "mutant.txt" and error.message
        return
    for document in documents:
        assert isinstance(document, (TargetTable, SelfEvaluation))
        assert document.indicators
        for indicator in document.indicators:
            assert indicator.level1 and indicator.level2
            assert indicator.source.line is not None and 0 < indicator.source.line <= len(lines)
