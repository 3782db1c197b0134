"""Loading a published render as a Read node bound to its version.

Which version to load follows the container's policy (the newest approved one
by default; work in progress only when asked). The node gets the Avalon
container record, a visible read-only Avalon tab, and its state colour.
"""

from __future__ import annotations

from typing import Any

from avalon_nuke.db import Repository
from avalon_nuke.db.documents import Document
from avalon_nuke.errors import InputError, NotFoundError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container import Container
from avalon_nuke.pipeline.container_data import (
    DATA_KNOB,
    STATUS_KNOB,
    STATUS_LABEL,
    TAB_KNOB,
    ContainerData,
)
from avalon_nuke.pipeline.container_writer import frame_range
from avalon_nuke.pipeline.inventory import resolve, show
from avalon_nuke.pipeline.policy import Policy
from avalon_nuke.pipeline.read_colorspace import apply_colorspace

LOADER_NAME = "ReadLoader"
# What a pass holding the whole picture is called, most telling first; "exr" is a lone sequence's name.
MAIN_PASSES = ("beauty", "main", "rgba", "rgb", "master", "exr")

def choose_version(repo: Repository, project: str, subset: Document, number: int | None,
                   policy: Policy) -> Document:
    """The version a new container starts on: explicit, else what its policy follows."""
    if number is not None:
        return repo.version_by_number(project, subset["_id"], number)
    approved_only = policy is not Policy.LATEST
    newest = repo.newest_versions(project, [subset["_id"]], approved_only=approved_only).get(subset["_id"])
    if newest is None:
        what = "approved versions" if approved_only else "versions"
        hint = (" (pass a version number, or the 'latest' policy to load work in progress)"
                if approved_only else "")
        raise NotFoundError(f"subset '{subset['name']}' has no {what} yet{hint}")
    return newest


def choose_representation(representations: list[Document], name: str | None) -> Document:
    if name is not None:
        for rep in representations:
            if rep["name"] == name:
                return rep
        available = ", ".join(r["name"] for r in representations)
        raise NotFoundError(f"no '{name}' representation (has: {available})")
    images = [r for r in representations if any(mark in r["data"].get("path", "") for mark in "#%")]
    candidates = images or representations
    if not candidates:
        raise NotFoundError("that version has no representations to load")
    for preferred in MAIN_PASSES:  # the beauty, not whichever AOV sorts first
        for rep in candidates:
            if str(rep["name"]).lower() == preferred:
                return rep
    return candidates[0]


def load(host: ScriptHost, repo: Repository, project: str, *, asset: str, subset: str,
         version: int | None = None, representation: str | None = None,
         policy: Policy = Policy.APPROVED) -> Container:
    """Create a Read container for a subset of an asset and return it resolved."""
    if not isinstance(policy, Policy):
        raise InputError(f"unknown policy '{policy}': use approved, latest or pinned")
    asset_doc = repo.asset(project, asset)
    subset_doc = repo.subset(project, asset_doc["_id"], subset)
    version_doc = choose_version(repo, project, subset_doc, version, policy)
    rep = choose_representation(repo.representations(project, [version_doc["_id"]]), representation)
    namespace = f"{asset}_{subset}"
    with host.undo(f"Avalon: load {subset}"):
        node = host.create_node("Read", namespace, read_knobs(version_doc, rep))
        apply_colorspace(host, node, rep)
        data = ContainerData(name=subset, namespace=host.node_name(node), loader=LOADER_NAME,
                             representation=str(rep["_id"]), version=str(version_doc["_id"]),
                             policy=policy, project=project)
        host.add_string_knobs(node, (TAB_KNOB, "Avalon"),
                              [(DATA_KNOB, "container", data.to_json()), (STATUS_KNOB, "status", "")])
        # Resolved like every listing, so the new node's colour and label say what ls and the
        # Manager say (an older version loaded while a newer one is approved is outdated).
        container = resolve(host, repo, project, [node])[0]
        show(host, container)
    return container


def read_knobs(version: Document, rep: Document) -> dict[str, Any]:
    """The knobs of a new Read, in the order Nuke writes them; the format comes from the file."""
    first, last = frame_range(version, rep)
    return {"file": rep["data"]["path"], "first": first, "last": last,
            "origfirst": first, "origlast": last, "origset": True, "label": STATUS_LABEL}
