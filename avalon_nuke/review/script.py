"""The review script: the project's template with this version's frames, slate and burn-ins filled in.

The template is an ordinary ``.nk`` file (Nuke opens it; our reader and writer
give it back byte for byte), so a studio edits its look in Nuke and we only set
the knobs of the nodes it names. Building it needs no Nuke licence: the farm's
Nuke renders it. Frame ``first - 1`` is the slate; ``first``..``last`` are the
version's frames with burn-ins.

Artist text (comment, names) goes onto Text2 ``message`` knobs, which Nuke
evaluates as Tcl at render time (``[frame]`` there is the frame counter), so
square brackets and ``$`` in that text are replaced by look-alikes: a comment
can never run Tcl on the farm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from avalon_nuke import nk
from avalon_nuke.errors import InputError
from avalon_nuke.review.settings import ReviewSettings

READ_NODE = "AvalonReviewRead"
SIZE_NODE = "AvalonReviewSize"
SLATE_BACKGROUND_NODE = "AvalonSlateBackground"
SLATE_TEXT_NODE = "AvalonSlateText"
BURNIN_NODES = ("AvalonBurnInTop", "AvalonBurnInBottom")
WRITE_NODE = "AvalonReviewWrite"
REQUIRED_NODES = (READ_NODE, SIZE_NODE, SLATE_BACKGROUND_NODE, SLATE_TEXT_NODE, *BURNIN_NODES, WRITE_NODE)

#: Nuke's Tcl for "the frame being rendered", evaluated by Text2 on every frame.
FRAME_EXPRESSION = "[frame]"
_TCL_LOOKALIKES = str.maketrans({"[": "(", "]": ")", "$": "\uff04", "\\": "/"})


@dataclass(frozen=True)
class SlateInfo:
    """What the slate and burn-ins say about the version."""

    project: str
    shot: str
    subset: str
    version: int
    artist: str
    date: str
    comment: str
    first: int
    last: int

    @property
    def slate_frame(self) -> int:
        return self.first - 1

    def fields(self) -> dict[str, object]:
        text = {key: literal(str(value)) for key, value in (
            ("project", self.project), ("shot", self.shot), ("subset", self.subset),
            ("artist", self.artist), ("date", self.date), ("comment", self.comment))}
        return {**text, "version": self.version, "first": self.first, "last": self.last,
                "frame": FRAME_EXPRESSION}

    def slate_lines(self) -> list[str]:
        fields = self.fields()
        return [
            f"Project: {fields['project']}",
            f"Shot: {fields['shot']}",
            f"Subset: {fields['subset']}",
            f"Version: v{self.version:03d}",
            f"Artist: {fields['artist']}",
            f"Date: {fields['date']}",
            f"Frames: {self.first}-{self.last} ({self.last - self.first + 1} frames)",
            f"Comment: {fields['comment']}",
        ]


def literal(text: str) -> str:
    """*text* as a Text2 message shows it, never evaluated as Tcl; one line."""
    return " ".join(text.translate(_TCL_LOOKALIKES).split())


def burnin(line: str, info: SlateInfo) -> str:
    try:
        return line.format(**info.fields())
    except (ValueError, KeyError, IndexError) as error:
        raise InputError(f"review burn-in {line!r} cannot be filled in: {error}") from None


def build(template: Path, *, frames_path: str, movie_path: str, info: SlateInfo,
          settings: ReviewSettings) -> nk.Script:
    """The review script for one version; InputError when the template lacks a node we fill in."""
    script = nk.load(template)
    nodes = {name: script.find(name) for name in REQUIRED_NODES}
    missing = [name for name, node in nodes.items() if node is None]
    if missing:
        raise InputError(f"review template {template} lacks node(s) {', '.join(missing)}")
    first, last = info.first, info.last
    if script.root is not None:
        script.root.set_knob("first_frame", info.slate_frame)
        script.root.set_knob("last_frame", last)
    read = nodes[READ_NODE]
    for knob, value in (("file", frames_path), ("first", first), ("last", last), ("origfirst", first),
                        ("origlast", last)):
        read.set_knob(knob, value)  # type: ignore[union-attr]
    size = f"{settings.width} {settings.height} 0 0 {settings.width} {settings.height} 1 avalon_review"
    nodes[SIZE_NODE].set_knob("format", size)  # type: ignore[union-attr]
    nodes[SLATE_BACKGROUND_NODE].set_knob("format", size)  # type: ignore[union-attr]
    nodes[SLATE_TEXT_NODE].set_knob("message", "\n".join(info.slate_lines()))  # type: ignore[union-attr]
    for node_name, line in zip(BURNIN_NODES, (settings.burnin_top, settings.burnin_bottom), strict=True):
        nodes[node_name].set_knob("message", burnin(line, info))  # type: ignore[union-attr]
    _set_write(nodes[WRITE_NODE], movie_path, info, settings)  # type: ignore[arg-type]
    return script


def _set_write(write: nk.Node, movie_path: str, info: SlateInfo, settings: ReviewSettings) -> None:
    write.set_knob("file", movie_path)
    write.set_knob("file_type", settings.file_type)
    write.set_knob("mov64_codec", settings.codec)
    if settings.display:
        write.remove_knob("colorspace")
        write.set_knob("transformType", "display")
        write.set_knob("display", settings.display)
        write.set_knob("view", settings.view)
    else:
        write.set_knob("colorspace", settings.colorspace)
    write.set_knob("create_directories", True)
    write.set_knob("use_limit", True)
    write.set_knob("first", info.slate_frame)
    write.set_knob("last", info.last)


def write(script: nk.Script, path: Path) -> Path:
    """Save the review script beside the version's frames (atomically: never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if script.root is not None:
        script.root.set_knob("name", path.as_posix())
    nk.dump(script, path)
    return path
