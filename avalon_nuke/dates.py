"""Times as a person reads them, and as JSON carries them.

Documents keep Avalon's compact UTC stamp (``20261124T153000Z``): sortable text,
the same in every studio. People read it in their own time zone
(``2026-11-24 16:30`` in Paris); programs reading ``--json`` get ISO 8601 in UTC
(``2026-11-24T15:30:00Z``), so no caller ever has to know the compact form.
"""

from __future__ import annotations

from datetime import datetime, timezone

_COMPACT = "%Y%m%dT%H%M%SZ"
READABLE = "%Y-%m-%d %H:%M"


def parse_stamp(stamp: object) -> datetime | None:
    """The UTC moment of a compact stamp (or an ISO 8601 text); None for anything else."""
    if not isinstance(stamp, str) or not stamp.strip():
        return None
    text = stamp.strip()
    try:
        return datetime.strptime(text, _COMPACT).replace(tzinfo=timezone.utc)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def local_text(stamp: object) -> str:
    """``2026-11-24 16:30`` in this machine's time zone; text that is no stamp is shown as stored."""
    moment = parse_stamp(stamp)
    if moment is None:
        return "" if stamp is None else str(stamp)
    return moment.astimezone().strftime(READABLE)


def iso_utc(stamp: object) -> str | None:
    """``2026-11-24T15:30:00Z`` for JSON; None when there is no time, the stored text when unreadable."""
    moment = parse_stamp(stamp)
    if moment is None:
        return None if stamp in (None, "") else str(stamp)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
