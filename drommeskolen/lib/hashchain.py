"""A hash chain over append-only records.

Each record's digest covers its own canonical content and the previous record's digest,
so changing, removing or reordering any record breaks every digest after it. Used for the
access log (and later the case journal) so that tampering directly in the database is
detectable by `verify_chain`.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(content: Mapping[str, Any]) -> bytes:
    """A stable byte form of a record: sorted keys, no whitespace, strings for odd types."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode()


def link(previous_digest: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous_digest.encode() + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where a chain stops verifying: the record's position and key."""

    position: int
    key: Any
    reason: str


def verify_chain(records: Iterable[tuple[Any, str, str, Mapping[str, Any]]]) -> Break | None:
    """Check (key, previous_digest, digest, content) records in chain order.

    Returns the first break, or None when the whole chain holds.
    """
    expected_previous = GENESIS
    for position, (key, previous_digest, digest, content) in enumerate(records):
        if previous_digest != expected_previous:
            return Break(position, key, "previous digest does not match: a record was removed or reordered")
        if link(previous_digest, content) != digest:
            return Break(position, key, "digest does not match the content: the record was changed")
        expected_previous = digest
    return None
