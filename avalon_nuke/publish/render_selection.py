"""The render publisher's model: the sequences found in folders, and publishing a chosen few.

The window (:mod:`avalon_nuke.tools.render_publisher`) shows what :func:`candidates`
finds and publishes through :func:`publish_selection`, which hands each subset to the
same :func:`avalon_nuke.publish.rendered_images.publish_renders` the command line uses:
same detection (``find_sequences``), same placing of files, same all-or-nothing
version. Sequences given the same subset name become one version with one
representation per pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from avalon_nuke.db import Repository
from avalon_nuke.errors import InputError
from avalon_nuke.names import validate_name
from avalon_nuke.pipeline.version_listing import ranges_text
from avalon_nuke.publish.pass_names import pass_name
from avalon_nuke.publish.rendered_images import RenderedImagesResult, publish_renders
from avalon_nuke.sequences import Sequence as ImageSequence
from avalon_nuke.sequences import find_sequences


@dataclass(frozen=True)
class Candidate:
    """One image sequence (or single file, e.g. a movie) found under the folders."""

    label: str                      # what the row shows: ``beauty.####.exr``
    subset: str                     # the default subset name, from the file name
    sequence: ImageSequence | None = None
    file: Path | None = None

    @property
    def frames(self) -> str:
        return f"{self.sequence.first}-{self.sequence.last}" if self.sequence else "—"

    @property
    def holes(self) -> str:
        return ranges_text(self.sequence.holes) if self.sequence else ""

    @property
    def padding(self) -> int | None:
        return self.sequence.padding if self.sequence else None

    @property
    def count(self) -> int:
        return len(self.sequence) if self.sequence else 1

    @property
    def frame_path(self) -> str:
        """A frame to make the thumbnail from: the middle one on disk."""
        if self.sequence is None:
            return str(self.file)
        middle = (self.sequence.first + self.sequence.last) // 2
        frame = min(self.sequence.frames, key=lambda f: (abs(f - middle), f))
        return self.sequence.frame_path(frame)

    def paths(self) -> list[str]:
        return self.sequence.paths() if self.sequence else [str(self.file)]


def default_subset(stem: str, asset: str = "") -> str:
    """A valid subset name from a file name: its pass (``beauty``), else the file name made safe."""
    name = pass_name(stem, asset=asset) or "".join(c if c.isalnum() else "_" for c in stem).strip("_")
    return name[:64] or "render"


def candidates(folders: Iterable[str | Path], asset: str = "") -> list[Candidate]:
    """Every sequence and single file under the folders, as the command line would find them."""
    paths = [Path(p).absolute() for p in folders]
    for path in paths:
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
    sequences, singles = find_sequences(paths)
    found = [Candidate(Path(s.hash_path).name, default_subset(Path(s.head).name.rstrip("._-"), asset),
                       sequence=s) for s in sequences]
    found += [Candidate(Path(f).name, default_subset(Path(f).stem, asset), file=Path(f)) for f in singles]
    return found


def subset_problem(name: str) -> str | None:
    """Why *name* cannot be a subset name, or None."""
    try:
        validate_name("subset", name)
    except InputError as error:
        return str(error)
    return None


def group_by_subset(chosen: Sequence[tuple[Candidate, str]]) -> dict[str, list[Candidate]]:
    groups: dict[str, list[Candidate]] = {}
    for candidate, subset in chosen:
        groups.setdefault(subset, []).append(candidate)
    return groups


def publish_group(repo: Repository, *, project: str, asset: str, subset: str, members: Sequence[Candidate],
                  projects_root: Path, family: str = "render", comment: str = "",
                  progress: Callable[[int, int], None] | None = None) -> RenderedImagesResult:
    """One subset's new version from its chosen sequences (work in progress, as from the command line)."""
    inputs = [path for member in members for path in member.paths()]
    return publish_renders(repo, project=project, asset=asset, subset=subset, family=family, inputs=inputs,
                           projects_root=projects_root, comment=comment, progress=progress)
