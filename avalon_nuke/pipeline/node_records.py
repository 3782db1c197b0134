"""Reading the JSON records Avalon imprints on nodes (containers, publish instances).

Both kinds live in one string knob each; garbage in the knob is reported with the
reason, never raised as a JSON or key error.
"""

from __future__ import annotations

import json
from typing import Any


def read_record(text: str | None, *, what: str, record_id: str, required: tuple[str, ...],
                error: type[ValueError]) -> dict[str, Any]:
    """The record in a knob's *text*; *error* (with the reason) when it is not a *what*."""
    if not text:
        raise error(f"empty {what} knob")
    try:
        record = json.loads(text)
    except (ValueError, RecursionError) as problem:  # RecursionError: nested deeper than json can read
        raise error(f"{what} knob is not JSON") from problem
    if not isinstance(record, dict) or record.get("id") != record_id:
        raise error(f"{what} knob is not an Avalon {what}")
    missing = [key for key in required if not isinstance(record.get(key), str)]
    if missing:
        raise error(f"{what} knob lacks {', '.join(missing)}")
    return record
