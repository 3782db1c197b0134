"""The manage API: list loaded containers with their state, and bring them up to date.

Resolution is batched: whatever the number of containers, it costs four database
round trips (their documents, the newest and newest approved versions of their
subsets, the target representations). A container whose record is garbage,
whose ids dangle or that belongs to another project is marked ``missing`` with a
reason; the others still resolve and nothing raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bson import ObjectId

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document, is_approved, is_rejected, to_object_id
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.gc_pause import collection_paused
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container import Container
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerData, ContainerDataError, parse_container
from avalon_nuke.pipeline.container_report import rejection_text
from avalon_nuke.pipeline.container_writer import KNOBS_READ, ContainerWriter, frame_range, switch_knobs
from avalon_nuke.pipeline.policy import Decision, Policy, State, decide, state_after

__all__ = ["Container", "apply", "apply_all", "frame_range", "ls", "remove", "repaint", "resolve", "select",
           "set_policy", "set_version", "show", "switch_knobs", "update"]


def ls(host: ScriptHost, repo: Repository, project: str) -> list[Container]:
    """Every container in the script, resolved against the database."""
    with collection_paused():  # finding them reads every node's knobs: as many small objects
        return _resolve(host, repo, project, host.nodes_with_knob(DATA_KNOB), None)


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
             policies: dict[int, Policy] | None,
             records: Sequence[str | None] | None = None) -> list[Container]:
    """:func:`resolve`; *records*: the nodes' record knobs, when they were read already."""
    object_ids: dict[str, ObjectId | None] = {}

    def object_id(text: str) -> ObjectId | None:
        try:
            return object_ids[text]
        except KeyError:
            converted = object_ids[text] = to_object_id(text)
            return converted

    parsed: list[tuple[Any, ContainerData | None, str]] = []
    wanted: dict[ObjectId, None] = {}
    if records is None:
        records = [host.knob(node, DATA_KNOB) for node in nodes]
    for node, record in zip(nodes, records, strict=True):
        data: ContainerData | None
        try:
            data = parse_container(record)
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
        if is_rejected(current):  # pinned, or nothing to go back to: the node must not look fine
            return (State.OUTDATED, rejection_text(current), current, representation, target, representation,
                    newest_approved)
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
    with collection_paused():
        nodes = [c.node for c in containers] if containers is not None else host.nodes_with_knob(DATA_KNOB)
        overrides = {id(node): policy for node in nodes} if policy is not None else None
        shown = [host.read_knobs(node, KNOBS_READ) for node in nodes]  # one read a node, not three
        resolved = _resolve(host, repo, project, nodes, overrides, [knobs[DATA_KNOB] for knobs in shown])
        return _apply_all(host, resolved, shown)


def apply_all(host: ScriptHost, resolved: Iterable[Container]) -> list[Container]:
    """Apply containers just resolved (by :func:`ls`), as one undo step, without asking again."""
    return _apply_all(host, resolved, None)


def _apply_all(host: ScriptHost, resolved: Iterable[Container],
               shown: Sequence[Mapping[str, str | None]] | None) -> list[Container]:
    """:func:`apply_all`; *shown*: each node's :data:`KNOBS_READ`, read as the update began."""
    writer = ContainerWriter(host)
    with host.undo("Avalon: update containers"), collection_paused():
        if shown is None:
            return [writer.apply(container) for container in resolved]
        return [writer.apply(container, knobs) for container, knobs in zip(resolved, shown, strict=True)]


def apply(host: ScriptHost, container: Container) -> Container:
    """Switch the node to its target (file, frame range, ids, and the colourspace when the
    new version records another) and refresh its look."""
    return ContainerWriter(host).apply(container)


def show(host: ScriptHost, container: Container) -> None:
    """Write the record, status text and state colour (unless the artist chose a colour)."""
    ContainerWriter(host).show(container)


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
    moved = container._replace(data=container.data.with_changes(policy=policy), target=version,
                    target_representation=reps[0], state=State.OUTDATED)
    with host.undo("Avalon: set version"):
        return apply(host, moved)


def repaint(host: ScriptHost, containers: Iterable[Container]) -> None:
    """Rewrite every node's record, label and colour from what was just resolved (one undo step)."""
    applier = ContainerWriter(host)
    with host.undo("Avalon: refresh"):
        for container in containers:
            applier.show(container)


def remove(host: ScriptHost, containers: Iterable[Container]) -> None:
    with host.undo("Avalon: remove containers"):
        for container in containers:
            host.remove_node(container.node)


def select(host: ScriptHost, containers: Iterable[Container]) -> None:
    host.select([c.node for c in containers])
