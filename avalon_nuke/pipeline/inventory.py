"""The manage API: list loaded containers with their state, and bring them up to date.

Resolution is batched: whatever the number of containers, it costs four database
round trips (their documents, the newest and newest approved versions of their
subsets, the target representations). A container whose record is garbage,
whose ids dangle or that belongs to another project is marked ``missing`` with a
reason; the others still resolve and nothing raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bson import ObjectId

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document, is_approved, is_rejected, to_object_id
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.gc_pause import collection_paused
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container_data import (
    DATA_KNOB,
    STATE_COLOURS,
    STATUS_KNOB,
    ContainerData,
    ContainerDataError,
    parse_container,
    status_text,
)
from avalon_nuke.pipeline.policy import Decision, Policy, State, decide, state_after
from avalon_nuke.pipeline.read_colorspace import apply_colorspace


@dataclass(frozen=True, slots=True)  # slots: one object per node, not two (thousands per update)
class Container:
    """One loaded node, what it shows, and what it should show."""

    node: Any
    node_name: str
    data: ContainerData | None
    state: State
    reason: str = ""
    current: Document | None = None            # the version shown
    representation: Document | None = None     # the representation shown
    target: Document | None = None             # the version it should show
    target_representation: Document | None = None
    newest_approved: Document | None = None    # the subset's newest approved version

    @property
    def asset(self) -> str:
        """The asset of the loaded render, as its representation recorded it at publish."""
        rep = self.representation or {}
        return str(rep.get("context", {}).get("asset") or "")

    @property
    def representation_name(self) -> str:
        """The pass (``diffuse``, ``crypto``) or file kind the node shows."""
        return str(self.representation["name"]) if self.representation else ""

    @property
    def policy(self) -> Policy:
        return self.data.policy if self.data else Policy.APPROVED

    @property
    def subset(self) -> str:
        return self.data.name if self.data else ""

    @property
    def current_number(self) -> int | None:
        return self.current["name"] if self.current else None

    @property
    def target_number(self) -> int | None:
        return self.target["name"] if self.target else None

    @property
    def needs_switch(self) -> bool:
        return (self.target_representation is not None and self.representation is not None
                and self.target_representation["_id"] != self.representation["_id"])

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly row for ``avalon-nuke ls --json`` and the Manager."""
        return {
            "node": self.node_name, "asset": self.asset, "subset": self.subset, "state": self.state.value,
            "reason": self.reason, "policy": self.policy.value,
            "version": self.current_number, "target": self.target_number,
            "representation": self.representation["name"] if self.representation else None,
            "path": self.representation["data"].get("path") if self.representation else None,
        }


def ls(host: ScriptHost, repo: Repository, project: str) -> list[Container]:
    """Every container in the script, resolved against the database."""
    return resolve(host, repo, project, host.nodes_with_knob(DATA_KNOB))


def resolve(host: ScriptHost, repo: Repository, project: str, nodes: Sequence[Any],
            policies: dict[int, Policy] | None = None) -> list[Container]:
    """Resolve *nodes* (container nodes) in a constant number of round trips.

    *policies* optionally overrides the policy per node (keyed by ``id(node)``).

    Thousands of containers share a few hundred representations, so everything that depends
    only on the record's ids and policy (the match, the decision, the target) is worked out
    once per distinct ``(representation, version, policy)`` and shared; per node there is one
    record parse and one :class:`Container`.
    """
    with collection_paused():
        return _resolve(host, repo, project, nodes, policies)


def _resolve(host: ScriptHost, repo: Repository, project: str, nodes: Sequence[Any],
             policies: dict[int, Policy] | None) -> list[Container]:
    object_ids: dict[str, ObjectId | None] = {}

    def object_id(text: str) -> ObjectId | None:
        try:
            return object_ids[text]
        except KeyError:
            converted = object_ids[text] = to_object_id(text)
            return converted

    parsed: list[tuple[Any, ContainerData | None, str]] = []
    wanted: dict[ObjectId, None] = {}
    for node in nodes:
        data: ContainerData | None
        try:
            data = parse_container(host.knob(node, DATA_KNOB))
        except ContainerDataError as error:
            parsed.append((node, None, str(error)))
            continue
        if policies and id(node) in policies and policies[id(node)] is not data.policy:
            data = data.with_changes(policy=policies[id(node)])
        parsed.append((node, data, ""))
        if not data.project or data.project == project:
            for text in (data.representation, data.version):
                found_id = object_id(text)
                if found_id is not None:
                    wanted[found_id] = None
    found = repo.documents(project, list(wanted))

    matches: dict[tuple[str, str], _Match] = {}
    for _node, data, _reason in parsed:
        if data is not None and (data.representation, data.version) not in matches:
            if not data.project or data.project == project:
                matches[data.representation, data.version] = _match(
                    object_id(data.representation), object_id(data.version), found)
    subset_ids = list({m[2]["parent"]: None for m in matches.values() if m[2] is not None})
    newest = repo.newest_versions(project, subset_ids)
    newest_approved = repo.newest_versions(project, subset_ids, approved_only=True)

    decided: dict[tuple[str, str, Policy], tuple[_Match, Decision, Document, Document | None]] = {}
    switching: dict[ObjectId, None] = {}
    for _node, data, _reason in parsed:
        if data is None or (data.representation, data.version) not in matches:
            continue
        key = (data.representation, data.version, data.policy)
        match = matches[key[:2]]
        current = match[2]
        if current is None or key in decided:
            continue
        subset_id = current["parent"]
        top, top_approved = newest.get(subset_id), newest_approved.get(subset_id)
        decision = decide(data.policy, current["name"], top["name"] if top else None,
                          top_approved["name"] if top_approved else None,
                          current_rejected=is_rejected(current))
        target = next((v for v in (current, top, top_approved) if v and v["name"] == decision.target),
                      current)
        decided[key] = (match, decision, target, top_approved)
        if target["_id"] != current["_id"]:
            switching[target["_id"]] = None
    target_reps: dict[tuple[ObjectId, str], Document] = {
        (rep["parent"], rep["name"]): rep for rep in repo.representations(project, list(switching))}

    finished: dict[tuple[str, str, Policy], tuple[Any, ...]] = {
        key: _finish(*value, target_reps) for key, value in decided.items()}
    resolved: list[Container] = []
    for node, data, reason in parsed:
        # Nuke names every node it loads; a hand-edited .nk may still lack the name line.
        name = host.node_name(node) or f"(unnamed {host.node_class(node)})"
        if data is None:
            resolved.append(Container(node, name, None, State.MISSING, reason))
        elif data.project and data.project != project:
            resolved.append(Container(node, name, data, State.MISSING,
                                      f"belongs to project '{data.project}'"))
        else:
            key = (data.representation, data.version, data.policy)
            outcome = finished.get(key)
            if outcome is None:
                state, why = matches[key[:2]][:2]
                resolved.append(Container(node, name, data, state, why))
            else:
                resolved.append(Container(node, name, data, *outcome))
    return resolved


# (state, reason, version, representation) of a record's ids; the documents only when both resolve
_Match = tuple[State, str, "Document | None", "Document | None"]


def _match(rep_id: ObjectId | None, version_id: ObjectId | None, found: dict[ObjectId, Document]) -> _Match:
    if rep_id is None or version_id is None:
        return State.MISSING, "container holds an invalid id", None, None
    representation = found.get(rep_id)
    if representation is None or representation.get("type") != "representation":
        return State.MISSING, "representation not in the database", None, None
    version = found.get(representation["parent"]) or found.get(version_id)
    if version is None or version.get("type") != "version" or version["_id"] != representation["parent"]:
        return State.MISSING, "version not in the database", None, None
    return State.APPROVED, "", version, representation


def _finish(match: _Match, decision: Decision, target: Document, newest_approved: Document | None,
            target_reps: dict[tuple[ObjectId, str], Document]) -> tuple[Any, ...]:
    """Container fields from ``state`` on: (state, reason, current, representation, target,
    target representation, newest approved)."""
    current, representation = match[2], match[3]
    assert current is not None and representation is not None
    if target["_id"] == current["_id"]:
        state = state_after(decision, is_approved(current))
        return (state, "newer approved version available" if decision.outdated else "", current,
                representation, target, representation, newest_approved)
    rep = target_reps.get((target["_id"], representation["name"]))
    if rep is None:
        reason = f"v{target['name']:03d} has no '{representation['name']}' representation"
        return (State.OUTDATED, reason, current, representation, current, representation, newest_approved)
    return (State.OUTDATED, f"update to v{target['name']:03d}", current, representation, target, rep,
            newest_approved)


# -- changing the script ---------------------------------------------------------------------

def update(host: ScriptHost, repo: Repository, project: str, containers: Iterable[Container] | None = None,
           policy: Policy | None = None) -> list[Container]:
    """Apply the policies (or *policy* for all given) and return the containers as they now are."""
    nodes = [c.node for c in containers] if containers is not None else host.nodes_with_knob(DATA_KNOB)
    overrides = {id(node): policy for node in nodes} if policy is not None else None
    return apply_all(host, resolve(host, repo, project, nodes, overrides))


def apply_all(host: ScriptHost, resolved: Iterable[Container]) -> list[Container]:
    """Apply containers just resolved (by :func:`ls`), as one undo step, without asking again."""
    applier = _Applier(host)
    with host.undo("Avalon: update containers"), collection_paused():
        return [applier.apply(container) for container in resolved]


def apply(host: ScriptHost, container: Container) -> Container:
    """Switch the node to its target (file, frame range, ids, and the colourspace when the
    new version records another) and refresh its look."""
    return _Applier(host).apply(container)


class _Applier:
    """:func:`apply` for many containers: what depends only on the documents (the knobs a
    switch sets, the state after it, the status text) is worked out once and shared."""

    def __init__(self, host: ScriptHost) -> None:
        self.host = host
        self._switches: dict[tuple[int, int, int], tuple[Any, ...]] = {}
        self._texts: dict[tuple[str, int | None, State, Policy, str], str] = {}
        self._colours: dict[str, int | None] = {}

    def apply(self, container: Container) -> Container:
        host = self.host
        target, rep = container.target, container.target_representation
        if container.needs_switch and target is not None and rep is not None and container.data is not None:
            knobs, state, reason = self._switch(target, rep, container.newest_approved)
            host.set_knobs(container.node, dict(knobs))
            apply_colorspace(host, container.node, rep, previous=container.representation)
            data = container.data.with_changes(representation=str(rep["_id"]), version=str(target["_id"]))
            container = Container(container.node, container.node_name, data, state, reason, target, rep,
                                  target, rep, container.newest_approved)
        self.show(container)
        return container

    def _switch(self, target: Document, rep: Document,
                newest: Document | None) -> tuple[dict[str, Any], State, str]:
        """The knobs a switch to *target* sets and the state and reason the node then shows."""
        key = (id(target), id(rep), id(newest))
        known = self._switches.get(key)
        # The documents are kept with the answer: an id is only unique while its object lives.
        if known is None or known[0] is not target or known[1] is not rep or known[2] is not newest:
            outdated = newest is not None and newest["name"] > target["name"]  # e.g. set back to an older one
            state = State.OUTDATED if outdated else State.APPROVED if is_approved(target) else State.WIP
            known = self._switches[key] = (target, rep, newest, switch_knobs(target, rep), state,
                                           "newer approved version available" if outdated else "")
        return known[3], known[4], known[5]

    def show(self, container: Container) -> None:
        """Write the record, status text and state colour (unless the artist chose a colour)."""
        host, node = self.host, container.node
        values: dict[str, Any] = {}
        if container.data is not None:
            values[DATA_KNOB] = container.data.to_json()
            if host.knob(node, STATUS_KNOB) is not None:  # containers made elsewhere lack it
                key = (container.subset, container.current_number, container.state, container.policy,
                       container.reason)
                text = self._texts.get(key)
                if text is None:
                    text = self._texts[key] = status_text(*key)
                values[STATUS_KNOB] = text
        written = host.knob(node, "tile_color") or "0"
        colour = self._colours.get(written, -1)
        if colour == -1:
            colour = self._colours[written] = _as_int(written)
        if colour in (0, None) or colour in _STATE_COLOUR_VALUES:  # 0: the class default colour
            values["tile_color"] = STATE_COLOURS[container.state]
        if values:
            host.set_knobs(node, values)


_STATE_COLOUR_VALUES = frozenset(STATE_COLOURS.values())


def switch_knobs(version: Document, representation: Document) -> dict[str, Any]:
    """The knobs a version switch sets: the file and its frame range, in the order Nuke writes them."""
    first, last = frame_range(version, representation)
    return {"file": representation["data"]["path"], "first": first, "last": last,
            "origfirst": first, "origlast": last}


def frame_range(version: Document, representation: Document) -> tuple[int, int]:
    """The version's frames; movies start at 1 unless the representation says otherwise."""
    rep_data, data = representation.get("data", {}), version.get("data", {})
    path = str(rep_data.get("path", "")).lower()
    if path.endswith((".mov", ".mp4", ".mxf", ".avi")):
        length = max(0, int(data.get("frameEnd", 1)) - int(data.get("frameStart", 1)))
        first = int(rep_data.get("frameStart", 1))
        return first, int(rep_data.get("frameEnd", first + length))
    first = data.get("frameStart", rep_data.get("frameStart", 1))
    last = data.get("frameEnd", rep_data.get("frameEnd", first))
    return int(first), int(last)


def show(host: ScriptHost, container: Container) -> None:
    """Write the record, status text and state colour (unless the artist chose a colour)."""
    _Applier(host).show(container)


def _as_int(text: str) -> int | None:
    try:
        return int(str(text), 0)
    except ValueError:
        return None


def set_policy(host: ScriptHost, repo: Repository, project: str, container: Container,
               policy: Policy) -> Container:
    """Change how a node follows versions, and apply it at once."""
    return update(host, repo, project, [container], policy=policy)[0]


def set_version(host: ScriptHost, repo: Repository, project: str, container: Container, number: int,
                policy: Policy = Policy.PINNED) -> Container:
    """Show version *number*; pinned by default, or the next update would move it straight back."""
    if container.current is None or container.representation is None or container.data is None:
        raise InputError(f"{container.node_name} is missing: {container.reason}")
    version = repo.version_by_number(project, container.current["parent"], number)
    reps = [r for r in repo.representations(project, [version["_id"]])
            if r["name"] == container.representation["name"]]
    if not reps:
        raise NotFoundError(f"v{number:03d} has no '{container.representation['name']}' representation")
    moved = replace(container, data=container.data.with_changes(policy=policy), target=version,
                    target_representation=reps[0], state=State.OUTDATED)
    with host.undo("Avalon: set version"):
        return apply(host, moved)


def repaint(host: ScriptHost, containers: Iterable[Container]) -> None:
    """Rewrite every node's record, label and colour from what was just resolved (one undo step)."""
    applier = _Applier(host)
    with host.undo("Avalon: refresh"):
        for container in containers:
            applier.show(container)


def remove(host: ScriptHost, containers: Iterable[Container]) -> None:
    with host.undo("Avalon: remove containers"):
        for container in containers:
            host.remove_node(container.node)


def select(host: ScriptHost, containers: Iterable[Container]) -> None:
    host.select([c.node for c in containers])
