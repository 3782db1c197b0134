"""Create each instance's version, as work in progress, before anything is written.

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

from pathlib import Path

import pyblish.api

from avalon_nuke import colour_management
from avalon_nuke.db import RepresentationSpec
from avalon_nuke.db.documents import utc_timestamp
from avalon_nuke.paths import project_root, version_folder
from avalon_nuke.publish.review_submission import REPRESENTATION as REVIEW_REPRESENTATION
from avalon_nuke.publish.review_submission import movie_path
from avalon_nuke.publish.shared_data import PUBLICATION, REVIEW, Publication, farm_record, services
from avalon_nuke.publish.unconfirmed_jobs import reconcile

PADDING = 4


class IntegrateVersions(pyblish.api.ContextPlugin):
    label = "Create WIP versions"
    order = pyblish.api.ExtractorOrder - 0.45
    hosts = ["nuke"]

    def process(self, context):
        current = services(context)
        repo, settings = current.repository, current.settings
        project = context.data["projectName"]
        project_doc = repo.project(project)
        selected = [instance for instance in context if instance.data.get("publish", True)]
        subsets = {}
        for instance in selected:
            asset_doc = context.data["assetDocs"][instance.data["asset"]]
            subsets[instance.name] = repo.ensure_subset(project, asset_doc["_id"], instance.data["subset"],
                                                        instance.data["family"])
        earlier = repo.versions_of_subsets(project, [subset["_id"] for subset in subsets.values()])
        lines, on_farm = reconcile(current.farm, repo, project, earlier)
        for line in lines:
            self.log.info(line)
        script_hash = context.data.get("scriptHash")
        adoptable = {version["parent"]: version for version in on_farm
                     if script_hash and version.get("data", {}).get("sourceHash") == script_hash}

        root = project_root(project_doc, settings.projects_root)
        for instance in selected:
            data = instance.data
            asset, subset, family = data["asset"], data["subset"], data["family"]
            first, last = data["frameStart"], data["frameEnd"]
            earlier_attempt = adoptable.get(subsets[instance.name]["_id"])
            if earlier_attempt is not None:
                data[PUBLICATION] = _adopt(repo, project, earlier_attempt, asset, subset, family)
                self.log.info(f"{data['nodeName']}: an earlier attempt's {data[PUBLICATION].label} is on "
                              "the farm; nothing new to publish")
                continue
            planned: dict[int, Path] = {}
            context_fields = {"project": {"name": project}, "asset": asset, "subset": subset,
                              "family": family, "root": str(root)}

            image_data = {"frameStart": first, "frameEnd": last, "padding": PADDING}
            written_in = colour_management.from_write(current.host.knob(data["write"], "colorspace")
                                                      if data.get("write") is not None else None)
            if written_in:
                image_data["colorspace"] = written_in  # the Write's output transform: what a load applies
            review = data.get(REVIEW)

            def specs(number: int, asset=asset, subset=subset, family=family, first=first, last=last,
                      image_data=image_data, planned=planned, fields=context_fields,
                      review=review) -> list[RepresentationSpec]:
                folder = version_folder(project_doc, asset, family, subset, number, settings.projects_root)
                planned[number] = folder
                stem = f"{asset}_{subset}_v{number:03d}"
                made = [
                    RepresentationSpec("exr", str(folder / f"{stem}.{'#' * PADDING}.exr"),
                                       {**fields, "representation": "exr"}, image_data),
                    RepresentationSpec("nk", str(folder / f"{stem}.nk"), {**fields, "representation": "nk"}),
                ]
                if review is not None:  # the movie the review job will render, on this same version
                    made.append(RepresentationSpec(
                        REVIEW_REPRESENTATION, str(movie_path(folder, stem, review)),
                        {**fields, "representation": REVIEW_REPRESENTATION},
                        {"frameStart": first, "frameEnd": last, "slateFrame": first - 1}))
                return made

            version_data = {
                "approved": False, "families": [family], "comment": current.options.comment,
                "frameStart": first, "frameEnd": last, "source": context.data["currentFile"],
                "sourceHash": script_hash,
                "farm": farm_record(current.farm, "pending", pendingSince=utc_timestamp()),
            }
            version, representations = repo.publish_version(project, subsets[instance.name]["_id"],
                                                            version_data, specs)
            folder = planned[version["name"]]
            paths = {rep["name"]: rep["data"]["path"] for rep in representations}
            publication = Publication(
                project=project, subset=subset, asset=asset, family=family, version=version,
                folder=folder, folder_created=not folder.exists(), image_path=paths["exr"],
                copy_path=Path(paths["nk"]), frames=(first, last),
                review_path=paths.get(REVIEW_REPRESENTATION))
            data[PUBLICATION] = publication
            folder.mkdir(parents=True, exist_ok=True)
            self.log.info(f"{data['nodeName']}: created {publication.label} (work in progress)")


def _adopt(repo, project: str, version: dict, asset: str, subset: str, family: str) -> Publication:
    paths = {rep["name"]: rep["data"]["path"] for rep in repo.representations(project, [version["_id"]])}
    data = version.get("data", {})
    return Publication(
        project=project, subset=subset, asset=asset, family=family, version=version,
        folder=Path(paths["nk"]).parent, folder_created=False, image_path=paths["exr"],
        copy_path=Path(paths["nk"]), frames=(data["frameStart"], data["frameEnd"]),
        job_id=data["farm"]["jobId"], farm_state="submitted", adopted=True,
        review_path=paths.get(REVIEW_REPRESENTATION))
