"""Approvals reach an open script: a check every few seconds, and Reads follow as on script load.

A compositor keeps one script open all day; without this, an approval reaches it only at the
next open or "Update". Each check is split so that the host's UI thread never waits for the
database:

``prepare(host)``   UI thread: is a check due and allowed? No database. The container records
                    are read only on the first check, after a Read was made (``touch``), every
                    15th check, and when the last check saw a subset move.
``run(check)``      any thread: the database only. Nothing moved: one indexed query
                    (:meth:`Repository.version_heads`, or draining a MongoDB change stream),
                    and one by id when a Read shows a version below its subset's heads
                    (``shown_versions``: rejecting that version moves no head). Something
                    moved: the script is read and the Reads concerned are resolved as on
                    load (four more round trips).
``deliver(host, outcome)``  UI thread: apply what moved as one undo step and say so in one line,
                    or, in notify-only mode, only say so (``apply_pending`` applies on request).

``step(host)`` does the three in a row: tests and benchmarks drive it with their own clock.
A script without containers costs nothing, not even a connection. Nothing switches while a
guard says no (a locked script always; the Nuke hook-up adds render sessions and publishes).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bson import ObjectId

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.db.documents import is_rejected
from avalon_nuke.db.repository import VersionFeed, VersionHeads
from avalon_nuke.errors import AvalonError, InputError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.approval_notes import (
    Announcement,
    describe,
    needs_change,
    one_line,
    pending_line,
    switched_line,
)
from avalon_nuke.pipeline.container_data import DATA_KNOB
from avalon_nuke.pipeline.protection import is_locked
from avalon_nuke.pipeline.records_host import RecordsHost
from avalon_nuke.pipeline.shown_versions import Shown, learn, rejections

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 20.0        # seconds: "well under a minute", a few queries a minute per script
READ_SCRIPT_EVERY = 15         # checks between readings of the script when nothing asked for one
SHORTEST, LONGEST = 2.0, 3600.0
UNDO_LABEL = "Avalon: follow approvals"
MODES = ("switch", "notify")

Guard = Callable[[ScriptHost], "str | None"]   # why nothing may switch now, or None


@dataclass(frozen=True)
class WatchOptions:
    """How often to check, and whether to switch or only say what would switch."""

    interval: float = DEFAULT_INTERVAL     # 0: not watching at all
    notify_only: bool = False

    @property
    def retry(self) -> float:
        """After a failed check: wait longer, so a database that is down is not hammered."""
        return max(60.0, self.interval * 4)

    @classmethod
    def from_settings(cls, settings: Settings) -> WatchOptions:
        """``AVALON_APPROVAL_INTERVAL`` (seconds, 0 = off) and ``AVALON_APPROVAL_MODE`` (switch|notify)."""
        interval = DEFAULT_INTERVAL
        if settings.approval_interval is not None:
            try:
                interval = float(settings.approval_interval)
            except ValueError:
                interval = -1.0
            if interval != 0 and not SHORTEST <= interval <= LONGEST:
                raise InputError(f"AVALON_APPROVAL_INTERVAL must be 0 (off) or {SHORTEST:g} to {LONGEST:g} "
                                 f"seconds, not {settings.approval_interval!r}")
        mode = (settings.approval_mode or "switch").lower()
        if mode not in MODES:
            raise InputError("AVALON_APPROVAL_MODE must be 'switch' or 'notify', "
                             f"not {settings.approval_mode!r}")
        return cls(interval=interval, notify_only=mode == "notify")


@dataclass(frozen=True)
class Check:
    """What the script showed when the check began: container record text by node name.

    None: the records were not read (a quiet check asks about the subsets already known, and
    reads the script only when one of them moved).
    """

    records: Mapping[str, str] | None


@dataclass(frozen=True)
class Outcome:
    """What the database said; ``heads`` None means "nothing moved" (the change stream was quiet)."""

    check: Check
    shown: Mapping[str, Shown] = field(default_factory=dict)
    fresh: frozenset[str] = frozenset()          # containers first seen (or changed) in this check
    heads: Mapping[ObjectId, VersionHeads] | None = None
    resolved: tuple[inventory.Container, ...] = ()
    rejected: frozenset[ObjectId] = frozenset()  # versions shown that are rejected now
    error: BaseException | None = None
    round_trips: int = 0
    wants_records: bool = False                  # a subset moved: read the script and check again


class ApprovalWatcher:
    """Follows approvals for one open script of one project."""

    def __init__(self, project: str, open_repository: Callable[[], Repository], *,
                 options: WatchOptions | None = None, clock: Callable[[], float] = time.monotonic,
                 guards: Sequence[Guard] = (),
                 announce: Callable[[Announcement], None] | None = None) -> None:
        self.project = project
        self.options = options or WatchOptions()
        self._open = open_repository
        self._clock = clock
        self._guards: tuple[Guard, ...] = (_locked, *guards)
        self._announce = announce or (lambda note: log.info("%s", note.text))
        self._lock = threading.Lock()
        self._repo: Repository | None = None
        self._feed: VersionFeed | None = None
        self._feed_tried = False
        self._known: dict[str, Shown] = {}                  # node -> what its record shows
        self._seen: dict[ObjectId, VersionHeads] = {}       # subset -> heads last acted on
        self._rejected: frozenset[ObjectId] = frozenset()   # shown, below the heads, rejected: acted on
        self._next_due = clock() + self.options.interval
        self._busy = self._closed = self._failing = False
        self._last_problem = ""
        self._read_script = True
        self._quiet_checks = 0
        self.pending: tuple[str, ...] = ()                   # notify only: Reads an Apply would switch

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def busy(self) -> bool:
        """A check has been prepared and not yet delivered."""
        return self._busy

    def due(self) -> bool:
        """Whether :meth:`prepare` would look at the script now (any thread: reads the clock only)."""
        return not (self._closed or self._busy) and self._clock() >= self._next_due

    # -- the three steps ---------------------------------------------------------------------
    def prepare(self, host: ScriptHost) -> Check | None:
        """UI thread: the records to check now, or None (not due, not allowed, nothing loaded)."""
        now = self._clock()
        if self._closed or self._busy or now < self._next_due:
            return None
        self._next_due = now + self.options.interval
        reason = self._blocked(host)
        if reason:
            log.debug("approvals not followed now: %s", reason)
            return None
        if self._known and not self._read_script and self._quiet_checks < READ_SCRIPT_EVERY:
            self._quiet_checks += 1
            self._busy = True
            return Check(None)  # nothing to read on the UI thread
        nodes = host.nodes_with_knob(DATA_KNOB)
        self._read_script, self._quiet_checks = False, 0
        if not nodes:
            self._known.clear()
            return None
        self._busy = True
        return Check({host.node_name(node): host.knob(node, DATA_KNOB) or "" for node in nodes})

    def touch(self) -> None:
        """The script's containers may have changed (a Read was made): read them at the next check."""
        self._read_script = True

    def run(self, check: Check) -> Outcome:
        """Any thread: ask the database; failures come back in the outcome, never raised."""
        before = self._repo.round_trips if self._repo else 0
        try:
            outcome = self._ask(check)
        except Exception as error:  # noqa: BLE001 - reported once by deliver(); a bug is logged in full
            if not isinstance(error, AvalonError):
                log.exception("Avalon: checking for approvals failed")
            self._drop_feed()
            outcome = Outcome(check, error=error)
        repo = self._repo
        outcome = replace(outcome, round_trips=(repo.round_trips if repo else 0) - before)
        with self._lock:
            if self._closed:
                self._release()
        return outcome

    def deliver(self, host: ScriptHost, outcome: Outcome) -> list[str]:
        """UI thread: apply (or announce) what moved; return the line items."""
        with self._lock:
            self._busy = False
            if self._closed:
                self._release()  # closed while the check ran: its connection goes now
                return []
        if outcome.error is not None:
            self._failed(outcome.error)
            return []
        if self._failing:
            self._failing = False
            log.info("Avalon: the database answers again; following approvals")
        if self._blocked(host):
            return []  # e.g. a publish began meanwhile: nothing committed, the next check sees it all
        records = outcome.check.records
        if records is None:
            if outcome.wants_records:
                self._read_script, self._next_due = True, self._clock()
            return []
        verify = outcome.fresh | {c.node_name for c in outcome.resolved}  # only what this check uses
        nodes = {host.node_name(node): node for node in host.nodes_with_knob(DATA_KNOB)} if verify else {}
        stale = {name for name in verify
                 if name not in nodes or (host.knob(nodes[name], DATA_KNOB) or "") != records[name]}
        self._known = {name: entry for name, entry in self._known.items() if name in records}
        self._known.update({name: entry for name, entry in outcome.shown.items() if name not in stale})
        if outcome.heads is None:
            return []
        blocked_subsets = {outcome.shown[name].subset for name in stale if name in outcome.shown}
        blocked_versions = {outcome.shown[name].version for name in stale if name in outcome.shown}
        # what a changed record showed is not acted on: the next check finds it flipped again
        self._rejected = (outcome.rejected - blocked_versions) | (self._rejected & blocked_versions)
        watched = {entry.subset for entry in outcome.shown.values()}
        self._seen = {s: h for s, h in self._seen.items() if s in watched}
        self._seen.update({s: h for s, h in outcome.heads.items() if s not in blocked_subsets})
        for subset in watched - set(outcome.heads) - blocked_subsets:
            self._seen.pop(subset, None)
        due = [c._replace(node=nodes[c.node_name]) for c in outcome.resolved if c.node_name not in stale]
        due = [c for c in due if needs_change(host, c)]
        if not due:
            return []
        items = [describe(c, _approved_head(outcome, c)) for c in due]
        if self.options.notify_only:
            self.pending = tuple(dict.fromkeys([*self.pending, *(c.node_name for c in due)]))
            self._announce(Announcement(pending_line(items), pending=self.pending))
            return items
        self._apply(host, due)
        self._announce(Announcement(switched_line(items)))
        return items

    def step(self, host: ScriptHost) -> list[str] | None:
        """One check to its end (prepare, run, deliver; again at once when the script must be read).

        None when no check was due or allowed.
        """
        check = self.prepare(host)
        if check is None:
            return None
        items = self.deliver(host, self.run(check))
        if check.records is None and self.due():
            return self.step(host)
        return items

    # -- notify only -----------------------------------------------------------------------
    def apply_pending(self, host: ScriptHost) -> list[str]:
        """The artist's one click: switch the Reads announced as waiting, as one undo step."""
        names, self.pending = set(self.pending), ()
        reason = self._blocked(host)
        if reason:
            raise InputError(f"not switching now: {reason}")
        nodes = [node for node in host.nodes_with_knob(DATA_KNOB) if host.node_name(node) in names]
        if not nodes:
            return []
        with self._open() as repo:  # its own connection: a check may be using the watcher's
            due = [c for c in inventory.resolve(host, repo, self.project, nodes) if needs_change(host, c)]
        items = [describe(c) for c in due]
        if due:
            self._apply(host, due)
            self._announce(Announcement(switched_line(items)))
        return items

    # -- life ----------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop for good (the script closed); a check still running finishes and is dropped."""
        with self._lock:
            self._closed = True
            if not self._busy:
                self._release()

    def _release(self) -> None:
        self._drop_feed()
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    # -- inside --------------------------------------------------------------------------------
    def _ask(self, check: Check) -> Outcome:
        if self._repo is None:
            self._repo = self._open()
        repo = self._repo
        trusted = self._feed_tried  # a feed opened just now knows nothing of what happened before
        if not self._feed_tried:
            self._feed_tried = True
            self._feed = repo.version_feed(self.project)  # opened before reading: no change slips by
        if check.records is None:
            return self._ask_known(repo, check, trusted)
        fresh = {name: text for name, text in check.records.items()
                 if name not in self._known or self._known[name].record != text}
        shown = {name: entry for name, entry in self._known.items()
                 if name in check.records and name not in fresh}
        if fresh:
            shown.update(learn(repo, self.project, fresh))
        if self._feed is not None:
            self._feed.changed()  # drained: reading the heads below answers for what it held
        subsets = {entry.subset for entry in shown.values()}
        heads = repo.version_heads(self.project, subsets, since=self._seen)
        moved = {s for s in subsets if heads.get(s) != self._seen.get(s)}
        still = {name: entry for name, entry in shown.items() if entry.subset not in moved}
        rejected, due = rejections(repo, self.project, still, heads, self._rejected)
        names = [name for name, entry in shown.items() if entry.subset in moved or name in due]
        resolved = inventory.resolve(RecordsHost(check.records), repo, self.project, names) if names else []
        # the Reads of subsets that moved were resolved: their documents say which are rejected
        rejected |= {c.current["_id"] for c in resolved if c.current is not None and is_rejected(c.current)}
        return Outcome(check, shown, frozenset(fresh), heads, tuple(resolved), rejected=rejected)

    def _ask_known(self, repo: Repository, check: Check, trusted: bool) -> Outcome:
        """A quiet check: has anything the known Reads show moved? If so, the script is read for a
        full check."""
        shown = dict(self._known)
        if self._feed is not None and not self._feed.changed() and trusted:
            return Outcome(check, shown)
        subsets = {entry.subset for entry in shown.values()}
        heads = repo.version_heads(self.project, subsets, since=self._seen)
        moved = any(heads.get(s) != self._seen.get(s) for s in subsets) or bool(
            rejections(repo, self.project, shown, heads, self._rejected)[1])
        return Outcome(check, shown, heads=heads, wants_records=moved)

    def _apply(self, host: ScriptHost, due: Iterable[inventory.Container]) -> None:
        with host.undo(UNDO_LABEL):
            applied = [inventory.apply(host, container) for container in due]
        for container in applied:  # their records changed: known again without asking
            known, current = self._known.get(container.node_name), container.current
            if known is not None and current is not None:
                self._known[container.node_name] = Shown(host.knob(container.node, DATA_KNOB) or "",
                                                         known.subset, current["_id"], int(current["name"]))

    def _blocked(self, host: ScriptHost) -> str | None:
        for guard in self._guards:
            reason = guard(host)
            if reason:
                return reason
        return None

    def report(self, text: str) -> None:
        """A problem met outside a check (the host failed): said once, not at every check."""
        if text != self._last_problem:
            self._last_problem = text
            self._announce(Announcement(one_line(text), problem=True))

    def _failed(self, error: BaseException) -> None:
        self._next_due = self._clock() + self.options.retry
        if self._failing:
            log.debug("approval check failed again: %s", error)
            return
        self._failing = True
        self._announce(Announcement(one_line(f"Avalon: cannot check for approvals ({one_line(error)}); "
                                             f"trying again every {self.options.retry:.0f} s"), problem=True))

    def _drop_feed(self) -> None:
        feed, self._feed, self._feed_tried = self._feed, None, False
        if feed is not None:
            feed.close()


def _locked(host: ScriptHost) -> str | None:
    return "the script is locked (published)" if is_locked(host) else None


def _approved_head(outcome: Outcome, container: inventory.Container) -> int | None:
    shown = outcome.shown.get(container.node_name)
    heads = outcome.heads.get(shown.subset) if outcome.heads is not None and shown is not None else None
    return heads.newest_approved if heads else None
