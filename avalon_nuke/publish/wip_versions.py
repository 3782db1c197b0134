"""Each instance's version, made as work in progress before anything is written.

The version folder's name holds the version number, which only the database can
hand out, so the version comes first: WIP (``approved: False``), its farm state
``pending``, with representations pointing where the farm will write the frames
(``####`` padding) and where the published copy of the script goes.

Versions an earlier attempt left unconfirmed on the farm are settled first. When
the farm did get such a version's job and it was made from this very script
text, that version *is* this publish (the retry adopts it): no second version,
no second job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.documents import Document, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.paths import project_root, version_folder
from avalon_nuke.publish.farm_submission import farm_record, reconcile
from avalon_nuke.publish.shared_data import FarmState, Publication, PublishServices

PADDING = 4


@dataclass(frozen=True)
class WipRequest:
    """One instance to publish: its name (the instance node) and what it renders."""

    name: str
    asset: str
    subset: str
    family: str
    frames: tuple[int, int]


@dataclass(frozen=True)
class ScriptSource:
    """The saved script the versions come from."""

    path: str
    digest: str | None  # its SHA-256: tells a retry whether an earlier attempt published this text


def create_wip_versions(current: PublishServices, project: str, asset_docs: Mapping[str, Document],
                        requests: Sequence[WipRequest], source: ScriptSource,
                        log: Callable[[str], None]) -> Iterator[tuple[str, Publication]]:
    """Yield ``(request name, publication)`` as each version is made, so a failure can undo those made.

    The caller must record each publication before asking for the next one.
    """
    repo, settings = current.repository, current.settings
    project_doc = repo.project(project)
    subsets = {request.name: repo.ensure_subset(project, asset_docs[request.asset]["_id"], request.subset,
                                                request.family) for request in requests}
    earlier = repo.versions_of_subsets(project, [subset["_id"] for subset in subsets.values()])
    lines, on_farm = reconcile(current.farm, repo, project, earlier)
    for line in lines:
        log(line)
    adoptable = {version["parent"]: version for version in on_farm
                 if source.digest and version.get("data", {}).get("sourceHash") == source.digest}

    root = project_root(project_doc, settings.projects_root)
    for request in requests:
        earlier_attempt = adoptable.get(subsets[request.name]["_id"])
        if earlier_attempt is not None:
            publication = _adopt(repo, project, earlier_attempt, request)
            log(f"{request.name}: an earlier attempt's {publication.label} is on the farm; "
                "nothing new to publish")
            yield request.name, publication
            continue
        planned: dict[int, Path] = {}

        def specs(number: int, request: WipRequest = request,
                  planned: dict[int, Path] = planned) -> list[RepresentationSpec]:
            folder = version_folder(project_doc, request.asset, request.family, request.subset, number,
                                    settings.projects_root)
            planned[number] = folder
            return _representations(folder, request, number, project, root)

        first, last = request.frames
        version_data = {
            "approved": False, "families": [request.family], "comment": current.options.comment,
            "frameStart": first, "frameEnd": last, "source": source.path, "sourceHash": source.digest,
            "farm": farm_record(current.farm, FarmState.PENDING, pendingSince=utc_timestamp()),
        }
        version, representations = repo.publish_version(project, subsets[request.name]["_id"],
                                                        version_data, specs)
        folder = planned[version["name"]]
        paths = {rep["name"]: rep["data"]["path"] for rep in representations}
        publication = Publication(
            project=project, subset=request.subset, asset=request.asset, family=request.family,
            version=version, folder=folder, folder_created=not folder.exists(), image_path=paths["exr"],
            copy_path=Path(paths["nk"]), frames=request.frames)
        yield request.name, publication
        folder.mkdir(parents=True, exist_ok=True)
        log(f"{request.name}: created {publication.label} (work in progress)")


def _representations(folder: Path, request: WipRequest, number: int, project: str,
                     root: Path) -> list[RepresentationSpec]:
    """The frames the farm will write (``####``) and the published copy of the script."""
    fields = {"project": {"name": project}, "asset": request.asset, "subset": request.subset,
              "family": request.family, "root": str(root)}
    stem = f"{request.asset}_{request.subset}_v{number:03d}"
    first, last = request.frames
    return [
        RepresentationSpec("exr", str(folder / f"{stem}.{'#' * PADDING}.exr"),
                           {**fields, "representation": "exr"},
                           {"frameStart": first, "frameEnd": last, "padding": PADDING}),
        RepresentationSpec("nk", str(folder / f"{stem}.nk"), {**fields, "representation": "nk"}),
    ]


def _adopt(repo: Repository, project: str, version: Document, request: WipRequest) -> Publication:
    paths = {rep["name"]: rep["data"]["path"] for rep in repo.representations(project, [version["_id"]])}
    data = version.get("data", {})
    return Publication(
        project=project, subset=request.subset, asset=request.asset, family=request.family,
        version=version, folder=Path(paths["nk"]).parent, folder_created=False, image_path=paths["exr"],
        copy_path=Path(paths["nk"]), frames=(data["frameStart"], data["frameEnd"]),
        job_id=data["farm"]["jobId"], farm_state=FarmState.SUBMITTED, adopted=True)
