"""Reading a config file: YAML, ``${ENV_VAR}`` expansion, relative paths, and pydantic errors as one line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

_ENV_PATTERN = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ConfigError(Exception):
    """A config problem, already phrased as one line for the user."""


def expand_env(value: Any) -> Any:
    """Replace ``${NAME}`` and ``${NAME:-default}`` in every string of ``value``."""
    if isinstance(value, str):
        def substitute(match: re.Match[str]) -> str:
            name, default = match.group(1), match.group(2)
            if name in os.environ:
                return os.environ[name]
            if default is not None:
                return default
            raise ConfigError(f"environment variable {name} is not set (used as ${{{name}}}); export it or give a default with ${{{name}:-value}}")

        return _ENV_PATTERN.sub(substitute, value)
    if isinstance(value, dict):
        return {key: expand_env(item) for key, item in value.items()}
    if isinstance(value, list):
        return [expand_env(item) for item in value]
    return value


def format_validation_error(error: ValidationError, source: str) -> str:
    """First problem of a pydantic error as one line: ``file: key.path: what is expected``."""
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    kind = first["type"]
    if kind == "extra_forbidden":
        message = "unknown key; remove it or check the spelling (see pipeline.yaml in the project for every key)"
    elif kind == "missing":
        message = "required key is missing"
    elif kind == "value_error":  # our own validators' messages already say what to do
        message = first["msg"].removeprefix("Value error, ")
    else:
        got = first.get("input")
        shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
        message = f"{first['msg']} (got {shown})"
    more = len(error.errors()) - 1
    suffix = f" (+{more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{source}: {key}: {message}{suffix}"


ConfigModel = TypeVar("ConfigModel", bound=BaseModel)


def validate_mapping(model: type[ConfigModel], data: Any, source: str) -> ConfigModel:
    """Expand ``${VAR}`` in ``data`` and validate it as ``model``; errors become one-line :class:`ConfigError`."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of sections, got {type(data).__name__}")
    try:
        return model.model_validate(expand_env(data))
    except ValidationError as error:
        raise ConfigError(format_validation_error(error, source)) from None


def read_yaml(path: Path) -> Any:
    """The parsed YAML file, or a :class:`ConfigError` naming the file (and line) when it cannot be read."""
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where}: not valid YAML ({getattr(error, 'problem', error)})") from None


def resolve_path(base: Path, path: Path) -> Path:
    """``path`` with ``~`` expanded, relative to ``base`` (the config file's folder) unless absolute."""
    path = path.expanduser()
    return path if path.is_absolute() else (base / path).resolve()
