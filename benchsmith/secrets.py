"""Keep credentials out of everything benchsmith writes.

Secrets are the values of ``api_key`` fields in the config and of environment
variables whose names look like credentials. Every exported text passes
through :func:`redact`, so a key echoed back in a provider's error message
does not end up in ``rejected.jsonl`` or ``run.json`` either.
"""

from __future__ import annotations

import os
import re
from typing import Any

_SECRET_NAME = re.compile(r"(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)", re.I)
_SECRET_KEY = re.compile(r"(^|_)(api_?key|token|secret|password|credentials?|authorization)$", re.I)
MASK = "**********"
MIN_SECRET_LENGTH = 6  # shorter values would mask ordinary words
_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    if value and len(value) >= MIN_SECRET_LENGTH:
        _registered.add(value)


def secret_values() -> list[str]:
    from_env = {value for name, value in os.environ.items() if _SECRET_NAME.search(name) and len(value) >= MIN_SECRET_LENGTH}
    return sorted(_registered | from_env, key=len, reverse=True)  # longest first: no partial leftovers


def redact(value: Any, secrets: list[str] | None = None) -> Any:
    """``value`` with every secret replaced by a mask, recursing into dicts and lists."""
    secrets = secret_values() if secrets is None else secrets
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {key: MASK if _SECRET_KEY.search(str(key)) and isinstance(item, str) and item else redact(item, secrets)
                for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, secrets) for item in value]
    return value
