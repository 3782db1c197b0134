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
from typing import Any

from avalon_nuke import colour_management
from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.documents import Document, utc_timestamp
from avalon_nuke.db.repository import Repository
from avalon_nuke.paths import check_no_tcl, project_root, version_folder
from avalon_nuke.publish.review_submission import REPRESENTATION as REVIEW_REPRESENTATION
from avalon_nuke.publish.review_submission import movie_path
from avalon_nuke.publish.shared_data import FarmState, Publication, PublishServices, farm_record
from avalon_nuke.publish.unconfirmed_jobs import reconcile
from avalon_nuke.review.settings import ReviewSettings

PADDING = 4


@dataclass(frozen=True)
class WipRequest:
    """One instance to publish: its name (the instance node) and what it renders."""

    name: str
    asset: str
    subset: str
    family: str
    frames: tuple[int, int]
    write: Any = None                     # its Write node: the output transform names the colourspace
    review: ReviewSettings | None = None  # the review movie the review job will render, if any


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
        written_in = colour_management.from_write(
            current.host.knob(request.write, "colorspace") if request.write is not None else None)

        def specs(number: int, request: WipRequest = request, planned: dict[int, Path] = planned,
                  written_in: str | None = written_in) -> list[RepresentationSpec]:
            folder = version_folder(project_doc, request.asset, request.family, request.subset, number,
                                    settings.projects_root)
            planned[number] = folder
            return _representations(folder, request, number, project, root, written_in)

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
            copy_path=Path(paths["nk"]), frames=request.frames,
            review_path=paths.get(REVIEW_REPRESENTATION))
        yield request.name, publication
        folder.mkdir(parents=True, exist_ok=True)
        log(f"{request.name}: created {publication.label} (work in progress)")


def _representations(folder: Path, request: WipRequest, number: int, project: str, root: Path,
                     written_in: str | None) -> list[RepresentationSpec]:
    """The frames the farm will write (``####``), the published copy of the script and the review
    movie when there is one."""
    fields = {"project": {"name": project}, "asset": request.asset, "subset": request.subset,
              "family": request.family, "root": str(root)}
    stem = f"{request.asset}_{request.subset}_v{number:03d}"
    check_no_tcl(str(folder), "version folder")  # it becomes the Write's and the Reads' file
    first, last = request.frames
    image_data: dict[str, Any] = {"frameStart": first, "frameEnd": last, "padding": PADDING}
    if written_in:
        image_data["colorspace"] = written_in  # the Write's output transform: what a load applies
    made = [
        RepresentationSpec("exr", str(folder / f"{stem}.{'#' * PADDING}.exr"),
                           {**fields, "representation": "exr"}, image_data),
        RepresentationSpec("nk", str(folder / f"{stem}.nk"), {**fields, "representation": "nk"}),
    ]
    if request.review is not None:  # the movie the review job will render, on this same version
        made.append(RepresentationSpec(
            REVIEW_REPRESENTATION, str(movie_path(folder, stem, request.review)),
            {**fields, "representation": REVIEW_REPRESENTATION},
            {"frameStart": first, "frameEnd": last, "slateFrame": first - 1}))
    return made


def _adopt(repo: Repository, project: str, version: Document, request: WipRequest) -> Publication:
    paths = {rep["name"]: rep["data"]["path"] for rep in repo.representations(project, [version["_id"]])}
    data = version.get("data", {})
    return Publication(
        project=project, subset=request.subset, asset=request.asset, family=request.family,
        version=version, folder=Path(paths["nk"]).parent, folder_created=False, image_path=paths["exr"],
        copy_path=Path(paths["nk"]), frames=(data["frameStart"], data["frameEnd"]),
        job_id=data["farm"]["jobId"], farm_state=FarmState.SUBMITTED, adopted=True,
        review_path=paths.get(REVIEW_REPRESENTATION))
