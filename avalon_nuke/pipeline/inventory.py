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


@dataclass(frozen=True)
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
    """
    parsed: list[tuple[Any, ContainerData | None, str]] = []
    for node in nodes:
        try:
            data = parse_container(host.knob(node, DATA_KNOB))
        except ContainerDataError as error:
            parsed.append((node, None, str(error)))
            continue
        if policies and id(node) in policies:
            data = data.with_changes(policy=policies[id(node)])
        parsed.append((node, data, ""))

    wanted: list[ObjectId] = []
    for _node, record, _reason in parsed:
        if record and (not record.project or record.project == project):
            wanted += [i for i in (to_object_id(record.representation), to_object_id(record.version)) if i]
    found = repo.documents(project, wanted)

    partial: list[Container] = []
    for node, record, reason in parsed:
        partial.append(_match(host, node, record, reason, project, found))

    subset_ids = [c.current["parent"] for c in partial if c.current is not None]
    newest = repo.newest_versions(project, subset_ids)
    newest_approved = repo.newest_versions(project, subset_ids, approved_only=True)

    decided: list[tuple[Container, Decision | None]] = []
    for container in partial:
        if container.current is None:
            decided.append((container, None))
            continue
        subset_id = container.current["parent"]
        top, top_approved = newest.get(subset_id), newest_approved.get(subset_id)
        decision = decide(container.policy, container.current["name"],
                          top["name"] if top else None, top_approved["name"] if top_approved else None,
                          current_rejected=is_rejected(container.current))
        candidates = (container.current, top, top_approved)
        target = next((v for v in candidates if v and v["name"] == decision.target), container.current)
        decided.append((replace(container, target=target, newest_approved=top_approved), decision))

    switching = [c.target["_id"] for c, _d in decided
                 if c.target and c.current and c.target["_id"] != c.current["_id"]]
    target_reps: dict[tuple[ObjectId, str], Document] = {
        (rep["parent"], rep["name"]): rep for rep in repo.representations(project, switching)}
    return [_finish(container, decision, target_reps) for container, decision in decided]


def _match(host: ScriptHost, node: Any, data: ContainerData | None, reason: str, project: str,
           found: dict[ObjectId, Document]) -> Container:
    # Nuke names every node it loads; a hand-edited .nk may still lack the name line.
    name = host.node_name(node) or f"(unnamed {host.node_class(node)})"
    if data is None:
        return Container(node, name, None, State.MISSING, reason)
    if data.project and data.project != project:
        return Container(node, name, data, State.MISSING, f"belongs to project '{data.project}'")
    rep_id, version_id = to_object_id(data.representation), to_object_id(data.version)
    if rep_id is None or version_id is None:
        return Container(node, name, data, State.MISSING, "container holds an invalid id")
    representation = found.get(rep_id)
    if representation is None or representation.get("type") != "representation":
        return Container(node, name, data, State.MISSING, "representation not in the database")
    version = found.get(representation["parent"]) or found.get(version_id)
    if version is None or version.get("type") != "version" or version["_id"] != representation["parent"]:
        return Container(node, name, data, State.MISSING, "version not in the database")
    return Container(node, name, data, State.APPROVED, "", version, representation)


def _finish(container: Container, decision: Decision | None,
            target_reps: dict[tuple[ObjectId, str], Document]) -> Container:
    if (decision is None or container.current is None or container.target is None
            or container.representation is None):
        return container
    if container.target["_id"] == container.current["_id"]:
        state = state_after(decision, is_approved(container.current))
        return replace(container, state=state, target_representation=container.representation,
                       reason="newer approved version available" if decision.outdated else "")
    rep = target_reps.get((container.target["_id"], container.representation["name"]))
    if rep is None:
        reason = f"v{container.target['name']:03d} has no '{container.representation['name']}' representation"
        return replace(container, state=State.OUTDATED, target=container.current,
                       target_representation=container.representation, reason=reason)
    return replace(container, state=State.OUTDATED, target_representation=rep,
                   reason=f"update to v{container.target['name']:03d}")


# -- changing the script ---------------------------------------------------------------------

def update(host: ScriptHost, repo: Repository, project: str, containers: Iterable[Container] | None = None,
           policy: Policy | None = None) -> list[Container]:
    """Apply the policies (or *policy* for all given) and return the containers as they now are."""
    nodes = [c.node for c in containers] if containers is not None else host.nodes_with_knob(DATA_KNOB)
    overrides = {id(node): policy for node in nodes} if policy is not None else None
    return apply_all(host, resolve(host, repo, project, nodes, overrides))


def apply_all(host: ScriptHost, resolved: Iterable[Container]) -> list[Container]:
    """Apply containers just resolved (by :func:`ls`), as one undo step, without asking again."""
    with host.undo("Avalon: update containers"):
        return [apply(host, container) for container in resolved]


def apply(host: ScriptHost, container: Container) -> Container:
    """Switch the node to its target (file, frame range, ids, and the colourspace when the
    new version records another) and refresh its look."""
    target, rep = container.target, container.target_representation
    if container.needs_switch and target is not None and rep is not None and container.data is not None:
        host.set_knobs(container.node, switch_knobs(target, rep))
        apply_colorspace(host, container.node, rep, previous=container.representation)
        data = container.data.with_changes(representation=str(rep["_id"]), version=str(target["_id"]))
        newest = container.newest_approved
        outdated = newest is not None and newest["name"] > target["name"]  # e.g. set back to an older one
        state = State.OUTDATED if outdated else State.APPROVED if is_approved(target) else State.WIP
        container = replace(container, data=data, current=target, representation=rep, state=state,
                            reason="newer approved version available" if outdated else "")
    show(host, container)
    return container


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
    values: dict[str, Any] = {}
    if container.data is not None:
        values[DATA_KNOB] = container.data.to_json()
        if host.knob(container.node, STATUS_KNOB) is not None:  # containers made elsewhere lack it
            values[STATUS_KNOB] = status_text(container.subset, container.current_number, container.state,
                                              container.policy, container.reason)
    colour = _as_int(host.knob(container.node, "tile_color") or "0")
    if colour in (0, None) or colour in STATE_COLOURS.values():  # 0: the class default colour
        values["tile_color"] = STATE_COLOURS[container.state]
    if values:
        host.set_knobs(container.node, values)


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
    with host.undo("Avalon: refresh"):
        for container in containers:
            show(host, container)


def remove(host: ScriptHost, containers: Iterable[Container]) -> None:
    with host.undo("Avalon: remove containers"):
        for container in containers:
            host.remove_node(container.node)


def select(host: ScriptHost, containers: Iterable[Container]) -> None:
    host.select([c.node for c in containers])
