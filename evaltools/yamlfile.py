"""Reading ``insats.yaml`` as YAML: the file's own problems, told in Swedish with line and column.

:func:`read_yaml` returns what the file holds; checking that against the contract is
:mod:`evaltools.config`' job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

__all__ = ["read_yaml"]


def read_yaml(path: Path) -> Any:
    """The content of a YAML file, never None. Raises :class:`ConfigError` when the file is missing,
    a folder, unreadable, not UTF-8, empty, or not valid YAML (naming line and column)."""
    if path.is_dir():
        raise ConfigError(path, f"är en mapp, inte en fil ({path})")
    if not path.is_file():
        raise ConfigError(path, f"filen finns inte ({path})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(path, "filen är inte sparad som UTF-8; spara om den som UTF-8") from None
    except PermissionError:
        raise ConfigError(path, "filen kan inte läsas: behörighet saknas") from None
    except OSError as err:
        raise ConfigError(path, f"filen kan inte läsas ({type(err).__name__})") from None
    try:
        content = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        raise ConfigError(path, _yaml_message(err)) from None
    if content is None:
        raise ConfigError(path, "filen är tom; skriv minst insats:, insatsperiod: och rapportperiod:")
    return content


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one mapping (YAML would silently keep the last)."""

    def __init__(self, key: str, first: yaml.Mark, again: yaml.Mark):
        super().__init__(None, None, "found duplicate key", again)
        self.key = key
        self.first = first


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, except that an impossible date (``2024-02-30``) stays text (the check of
    the key it belongs to then names that key, instead of YAML failing without saying where), and a
    key written twice is an error instead of the last one silently winning."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Mark] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, seen[key_node.value], key_node.start_mark)
                seen[key_node.value] = key_node.start_mark
        return super().construct_mapping(node, deep)


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

# PyYAML's problems, in words an evaluator can act on
_YAML_PROBLEMS = [
    ("mapping values are not allowed", "ett kolon (:) står där det inte får stå; en text som innehåller "
                                       "': ' behöver citattecken, och varje nyckel sin egen rad"),
    ("found character '\\t'", "tabbtecken får inte användas för indrag; använd mellanslag"),
    ("found unexpected end of stream", "ett citattecken avslutas aldrig"),
    ("could not find expected ':'", "ett kolon (:) saknas efter nyckeln"),
    ("expected ',' or '}'", "en { avslutas inte med } (eller ett kommatecken saknas)"),
    ("expected ',' or ']'", "en [ avslutas inte med ] (eller ett kommatecken saknas)"),
    ("expected <block end>", "indraget stämmer inte: raden står på fel nivå jämfört med raderna före"),
    ("did not find expected key", "indraget stämmer inte: raden står på fel nivå jämfört med raderna före"),
    ("did not find expected '-'", "indraget stämmer inte i en lista (rader som börjar med -)"),
    ("did not find expected node content", "ett värde saknas"),
    ("cannot start any token", "tecknet kan inte inleda ett värde; sätt värdet inom citattecken"),
    ("found undefined alias", "* kan inte inleda ett värde; sätt värdet inom citattecken"),
    ("found unknown escape character", "okänt \\-tecken inom dubbla citattecken; använd enkla "
                                       "citattecken"),
    ("but found another document", "filen innehåller flera YAML-dokument (---); ta bort ---"),
    ("could not determine a constructor", "okänd YAML-typ (!…); ta bort den"),
    ("found unhashable key", "en nyckel kan inte vara en lista eller en samling"),
]


def _yaml_message(err: yaml.YAMLError) -> str:
    """A YAML syntax error in Swedish, with the line and column it was found at."""
    if isinstance(err, _DuplicateKey):
        return (f"kan inte läsas på rad {err.problem_mark.line + 1}, kolumn {err.problem_mark.column + 1}: "
                f"nyckeln '{err.key}' står två gånger (första gången på rad {err.first.line + 1}); "
                "ta bort den ena")
    if isinstance(err, yaml.reader.ReaderError):
        return "filen innehåller tecken som inte hör hemma i en textfil (är det rätt fil?)"
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark is not None else ""
    problem = str(getattr(err, "problem", None) or "")
    said = next((swedish for english, swedish in _YAML_PROBLEMS if english in problem),
                "YAML-syntaxen är felaktig här")
    context = getattr(err, "context_mark", None)
    if context is not None and mark is not None and context.line != mark.line and (
            "'}'" in problem or "']'" in problem or "end of stream" in problem):
        said += f" (det som inte avslutas börjar på rad {context.line + 1})"
    return f"kan inte läsas{where}: {said}"
