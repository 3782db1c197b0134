"""Publishing rendered images as a new version (``avalon-nuke publish``).

Renders that already sit under the projects root are registered where they are,
so publishing a 10,000-frame sequence copies nothing. Renders elsewhere are
hard-linked (or copied) into the version folder. The version document and the
files appear together or not at all: if placing files fails (or the publish is
interrupted: SIGINT, SIGTERM, SIGHUP), the version is deleted again and the new
folder removed; until every file is placed the version is marked incomplete and
hidden, so one left by SIGKILL is never shown and the next publish removes it
(:mod:`avalon_nuke.publish.incomplete_versions`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from collections.abc import Sequence as Seq
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avalon_nuke import colour_management
from avalon_nuke.db import Repository, RepresentationSpec
from avalon_nuke.db.documents import Document, current_user, utc_timestamp
from avalon_nuke.errors import InputError
from avalon_nuke.names import validate_name
from avalon_nuke.paths import check_no_tcl, is_inside, project_root, version_folder
from avalon_nuke.publish import incomplete_versions
from avalon_nuke.publish.pass_names import pass_name
from avalon_nuke.sequences import Sequence, find_sequences
from avalon_nuke.transfer import place_file, place_sequence

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderedImagesResult:
    version: Document
    representations: list[Document]
    folder: Path
    bytes_copied: int
    files_in_place: int
    files_placed: int
    #: Representation name -> frame runs missing from its range (holes, frames not rendered yet).
    holes: dict[str, str] = field(default_factory=dict)
    #: Numbers of versions earlier publishes left incomplete, removed by this one.
    cleaned: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Item:
    """One thing to publish: an image sequence or a single file (a movie)."""

    name: str
    sequence: Sequence | None
    file: Path | None

    @property
    def single_file(self) -> Path:
        """The file of an item that is not a sequence."""
        if self.file is None:
            raise TypeError(f"{self.name} is an image sequence, not a single file")
        return self.file

    def in_place(self, root: Path) -> bool:
        source = Path(self.sequence.hash_path).parent if self.sequence is not None else self.single_file
        return is_inside(source, root)


def publish_renders(repo: Repository, *, project: str, asset: str, subset: str, inputs: Iterable[str | Path],
                    projects_root: Path, family: str = "render", comment: str = "", approved: bool = False,
                    frames: tuple[int, int] | None = None, user: str | None = None,
                    extra_data: dict[str, Any] | None = None, progress: Progress | None = None,
                    colorspace: str | None = None) -> RenderedImagesResult:
    """Publish the sequences and files found in *inputs* as the subset's next version.

    Each representation records its colourspace: *colorspace* when given, else what the
    file's own metadata says (OpenImageIO), else nothing; loading applies it when valid.
    """
    validate_name("subset", subset)
    validate_name("family", family)
    items = _collect(inputs, asset=asset, subset=subset)
    for item in items:
        check_no_tcl(str(_source_of(item)))
    project_doc = repo.project(project)
    asset_doc = repo.asset(project, asset)
    subset_doc = repo.ensure_subset(project, asset_doc["_id"], subset, family)
    cleaned = incomplete_versions.clean_up(
        repo, project, subset_doc["_id"],
        lambda number: version_folder(project_doc, asset, family, subset, number, projects_root))
    root = project_root(project_doc, projects_root)
    first, last = frames or _frame_span(items)
    data: dict[str, Any] = {
        "approved": approved, "families": [family], "comment": comment,
        "frameStart": first, "frameEnd": last,
        "source": sorted({str(_source_of(item)) for item in items}),
        **(extra_data or {}),
    }
    if user:
        data["author"] = user
    if approved:  # approved at publish: say by whom and when, as a later approval would
        data.update(approvedBy=user or current_user(), approvedAt=utc_timestamp())
    context = {"project": {"name": project}, "asset": asset, "subset": subset, "family": family,
               "root": str(root)}
    planned: dict[int, Path] = {}
    colorspaces = {item.name: colorspace or colour_management.file_colorspace(_first_file(item))
                   for item in items}

    def specs_for(number: int) -> list[RepresentationSpec]:
        folder = planned.setdefault(number, version_folder(project_doc, asset, family, subset, number,
                                                          projects_root))
        specs = [_spec(item, folder, root, context, frames, colorspaces[item.name]) for item in items]
        for spec in specs:
            check_no_tcl(spec.path)
        return specs

    version, reps = repo.publish_version(project, subset_doc["_id"], data, specs_for,
                                         incomplete=incomplete_versions.publisher_mark())
    folder = planned[version["name"]]
    folder_existed = folder.exists()
    try:
        copied, in_place, placed = _place(items, folder, root, progress)
        version = repo.complete_version(project, version["_id"])
    except BaseException:
        repo.delete_version(project, version["_id"])
        if not folder_existed and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return RenderedImagesResult(version, reps, folder, copied, in_place, placed,
                                holes=_holes(items, frames), cleaned=cleaned)


def _holes(items: Seq[_Item], frames: tuple[int, int] | None) -> dict[str, str]:
    """Frame runs (``1004-1006,1010``) each sequence lacks within the range it is published with."""
    found = {}
    for item in items:
        if item.sequence is None:
            continue
        first, last = frames or (item.sequence.first, item.sequence.last)
        runs, expected = [], first
        for frame in (*(f for f in item.sequence.frames if first <= f <= last), last + 1):
            if frame > expected:
                runs.append(f"{expected}-{frame - 1}" if frame - 1 > expected else str(expected))
            expected = frame + 1
        if runs:
            found[item.name] = ",".join(runs)
    return found


def _collect(inputs: Iterable[str | Path], *, asset: str = "", subset: str = "") -> list[_Item]:
    paths = [Path(p).absolute() for p in inputs]  # the database must never hold a relative path
    if not paths:
        raise InputError("nothing to publish: give one or more folders or files")
    for path in paths:
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
    sequences, singles = find_sequences(paths)
    if not sequences and not singles:
        raise InputError(f"no images found in {', '.join(str(p) for p in paths)}")
    items = [_Item(_extension(s.tail), s, None) for s in sequences]
    items += [_Item(_extension(f.suffix), None, Path(f)) for f in singles]
    return _unique_names(items, asset=asset, subset=subset)


def _extension(suffix: str) -> str:
    ext = suffix.rsplit(".", 1)[-1].lower()
    return "".join(c for c in ext if c.isalnum() or c == "_") or "file"


def _unique_names(items: list[_Item], *, asset: str = "", subset: str = "") -> list[_Item]:
    """Representation names are unique per version: the extension when it is alone, else the pass
    (``diffuse``, ``crypto``: the file name without asset, subset and version), then pass_extension."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.name] = counts.get(item.name, 0) + 1
    passes: dict[int, str] = {}
    for number, item in enumerate(items):
        if counts[item.name] > 1:
            stem = Path(item.sequence.head if item.sequence else item.single_file.stem).name.rstrip("._")
            safe = "".join(c if c.isalnum() else "_" for c in stem).strip("_") or "item"
            passes[number] = pass_name(stem, asset=asset, subset=subset) or safe
    taken = list(passes.values())
    named = []
    for number, item in enumerate(items):
        if number in passes:
            name = passes[number] if taken.count(passes[number]) == 1 else f"{passes[number]}_{item.name}"
            item = _Item(name, item.sequence, item.file)
        named.append(item)
    seen: set[str] = set()
    for item in named:
        if item.name in seen:
            raise InputError(f"two inputs would both publish as '{item.name}': publish them separately")
        seen.add(item.name)
    return named


def _frame_span(items: Seq[_Item]) -> tuple[int, int]:
    sequences = [item.sequence for item in items if item.sequence is not None]
    if not sequences:
        return 1, 1  # a movie: frame 1 unless the caller says otherwise
    return min(s.first for s in sequences), max(s.last for s in sequences)


def _source_of(item: _Item) -> Path:
    return Path(item.sequence.hash_path) if item.sequence is not None else item.single_file


def _first_file(item: _Item) -> Path:
    if item.sequence is not None:
        return Path(item.sequence.frame_path(item.sequence.first))
    assert item.file is not None  # an item is a sequence or a file
    return item.file


def _spec(item: _Item, folder: Path, root: Path, context: dict[str, Any],
          frames: tuple[int, int] | None, colorspace: str | None) -> RepresentationSpec:
    """A sequence's frames are those asked for (a render still in progress) or those found."""
    in_place = item.in_place(root)
    if item.sequence is not None:
        seq = item.sequence
        path = seq.hash_path if in_place else os.path.join(folder, Path(seq.hash_path).name)
        first, last = frames or (seq.first, seq.last)
        data: dict[str, Any] = {"frameStart": first, "frameEnd": last, "padding": seq.padding}
    else:
        path = str(item.single_file) if in_place else os.path.join(folder, item.single_file.name)
        data = {}  # a movie's frames are its own; the version says how many are expected
    if colorspace:
        data["colorspace"] = colorspace
    return RepresentationSpec(item.name, str(path), {**context, "representation": item.name}, data)


def _place(items: Seq[_Item], folder: Path, root: Path, progress: Progress | None) -> tuple[int, int, int]:
    copied = in_place = placed = 0
    for item in items:
        if item.sequence is not None:
            result = place_sequence(item.sequence, folder, projects_root=root, progress=progress)
            count = len(item.sequence)
        else:
            result = place_file(item.single_file, folder, projects_root=root, progress=progress)
            count = 1
        copied += result.bytes_copied
        if result.in_place:
            in_place += count
        else:
            placed += count
    return copied, in_place, placed
