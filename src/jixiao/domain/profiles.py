"""Profiles (口径): review and scoring settings as TOML data, read by one loader.

A profile is a TOML file, shipped in ``jixiao/profiles/<kind>/<name>.toml`` (kind ``review`` or
``scoring``) or given by path. Numbers are read as exact decimals. ``inherits = "<name>"`` (or a
``.toml`` path, relative to the file) starts from another profile of the same kind; a loop of
inheritance is refused with the chain. The review and scoring packages keep their own typed view
of the merged data and refuse unknown keys through :meth:`ProfileData.error`, which names the file
and line that set the key (tomllib gives no lines, so the key is looked up in the text).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

Kind = Literal["review", "scoring"]
Table = dict[str, Any]
Merge = Callable[[Table, Table], Table]


class ProfileError(ValueError):
    """A profile that cannot be found or read, or that does not fit what it configures."""


def profile_names(kind: Kind) -> list[str]:
    """The names of the profiles of ``kind`` shipped with the package."""
    return sorted(
        p.name.removesuffix(".toml") for p in _builtin(kind).iterdir() if p.name.endswith(".toml")
    )


def _builtin(kind: Kind) -> Traversable:
    return resources.files("jixiao") / "profiles" / kind


@dataclass(frozen=True)
class Layer:
    """One file of a profile's inheritance chain: where it is, its text and its data."""

    where: str  # the file path shown in messages
    text: str
    data: Table

    def line(self, keys: Sequence[str]) -> int | None:
        """The line that sets ``keys`` (a dotted path such as rules.APP-01.match_budget)."""
        table: tuple[str, ...] = ()
        for number, raw in enumerate(self.text.splitlines(), start=1):
            text = raw.split("#", 1)[0].strip()
            if header := _HEADER.match(text):
                table = _split(header["keys"])
                path = table
            elif "=" in text:
                path = table + _split(text.split("=", 1)[0])
            else:
                continue
            if path[: len(keys)] == tuple(keys):
                return number
        return None


_HEADER = re.compile(r"^\[\[?(?P<keys>[^\]]+)\]\]?$")


def _split(keys: str) -> tuple[str, ...]:
    """A TOML key (bare, quoted or dotted) as its parts."""
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', keys.strip())
    return tuple(part.strip().strip("\"'") for part in parts)


@dataclass(frozen=True)
class ProfileData:
    """A profile's merged data and the files it came from (the profile first, then its parents)."""

    kind: Kind
    name: str
    layers: tuple[Layer, ...]
    data: Table

    def error(self, keys: Sequence[str], message: str) -> ProfileError:
        """An error about the setting ``keys``, at the file and line that set it."""
        for layer in self.layers:
            line = layer.line(keys)
            if line is not None:
                return ProfileError(f"profile {layer.where}:{line}: {message}")
        return ProfileError(f"profile {self.layers[0].where}: {message}")

    def refuse_unknown(self, table: Table, known: set[str], keys: Sequence[str] = ()) -> None:
        """ProfileError at the first key of ``table`` (found at ``keys``) not in ``known``."""
        for key in table:
            if key not in known:
                where = ".".join(keys) or "the top level"
                raise self.error((*keys, key), f"unknown setting {key!r} in {where}")


def merge_tables(parent: Table, child: Table) -> Table:
    """The child's settings over the parent's: tables merge key by key, other values replace."""
    merged = dict(parent)
    for key, value in child.items():
        base = merged.get(key)
        both = isinstance(value, dict) and isinstance(base, dict)
        merged[key] = merge_tables(base, value) if both else value  # type: ignore[arg-type]
    return merged


def load(kind: Kind, name: str | Path, merge: Merge = merge_tables) -> ProfileData:
    """The profile ``name`` (a shipped name or a ``.toml`` path) with everything it inherits."""
    layers: list[Layer] = []
    chain: list[str] = []
    ref: str | Path | None = name
    folder = Path.cwd()
    while ref is not None:
        key, where, text, folder = _read(kind, ref, folder)
        if key in chain:
            names = " → ".join(layer.where for layer in layers)
            raise ProfileError(f"profile {where}: inherits itself ({names} → {where})")
        chain.append(key)
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"profile {where}: {exc}") from exc
        layers.append(Layer(where, text, data))
        parent = data.get("inherits")
        ref = str(parent) if parent is not None else None
    merged: Table = {}
    for layer in reversed(layers):
        merged = merge(merged, layer.data)
    return ProfileData(kind, str(layers[0].data.get("name", name)), tuple(layers), merged)


def loads(kind: Kind, text: str, where: str, merge: Merge = merge_tables) -> ProfileData:
    """A profile from its TOML ``text`` (a stored version; ``where`` names it in messages); its
    ``inherits``, if any, is a shipped profile."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"profile {where}: {exc}") from exc
    layer = Layer(where, text, data)
    if data.get("inherits") is None:
        return ProfileData(kind, str(data.get("name", where)), (layer,), data)
    parent = load(kind, str(data["inherits"]), merge)
    merged = merge(parent.data, data)
    return ProfileData(kind, str(data.get("name", where)), (layer, *parent.layers), merged)


def _read(kind: Kind, ref: str | Path, folder: Path) -> tuple[str, str, str, Path]:
    """The file ``ref`` names: a key that tells files apart, where it is shown, its text, and the
    folder its parents are found from."""
    if str(ref).endswith(".toml"):
        path = Path(ref) if Path(ref).is_absolute() else folder / ref
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"profile {ref}: {exc.strerror or exc}") from exc
        return str(path.resolve()), str(ref), text, path.parent
    entry = _builtin(kind) / f"{ref}.toml"
    if not entry.is_file():
        known = ", ".join(profile_names(kind))
        raise ProfileError(f"unknown profile {str(ref)!r} ({kind}); built-in: {known}")
    return f"{kind}:{ref}", f"profiles/{kind}/{ref}.toml", entry.read_text(encoding="utf-8"), folder
