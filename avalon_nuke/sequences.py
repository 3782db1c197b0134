"""Image sequences: group frame files, keep their padding, find frames on disk.

Grouping uses clique with its *frames* pattern only. Clique's default patterns
try every number in every path (names, versions, shot numbers) and take about
38 s on 100,000 paths; the frames pattern looks only at ``.1001.`` before the
extension and takes a fraction of a second. Clique reports numbers without
leading zeros as "padding 0"; we turn that into the ``#`` count Nuke needs, so
``1001-1100`` becomes ``####`` and never an unpadded ``%d``.
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import clique

from .errors import InputError
from .gc_pause import collection_paused

# Containers hold all their frames in one file: never a sequence, whatever their name.
MOVIE_EXTENSIONS = frozenset(
    {"mov", "mp4", "m4v", "avi", "mkv", "mxf", "webm", "wmv", "mpg", "mpeg", "gif"}
)

_FRAMES_PATTERN = re.compile(clique.PATTERNS["frames"])
_SEPARATORS = ("/", "\\")


@dataclass(frozen=True)
class Sequence:
    """Frames that differ only by their frame number, e.g. ``sh010.1001-1100#.exr``.

    *head* is everything before the number (folder included, with the dot),
    *tail* everything after it (``.exr``), *padding* the minimum digit count,
    which is how Nuke reads ``####``: frame 12345 still fills a 4-hash pattern.
    """

    head: str
    tail: str
    padding: int
    frames: tuple[int, ...]

    def __post_init__(self) -> None:
        if not self.frames:
            raise ValueError("a sequence needs at least one frame")
        if self.padding < 1:
            raise ValueError(f"padding must be at least 1, got {self.padding}")
        if not all(map(operator.lt, self.frames, self.frames[1:])):
            raise ValueError("frames must be sorted and unique")

    @property
    def first(self) -> int:
        return self.frames[0]

    @property
    def last(self) -> int:
        return self.frames[-1]

    @property
    def holes(self) -> list[int]:
        """Frames missing between :attr:`first` and :attr:`last`."""
        present = set(self.frames)
        return [frame for frame in range(self.first, self.last + 1) if frame not in present]

    @property
    def hash_path(self) -> str:
        """The path as Nuke's file knob shows it: ``/x/sh010_comp_v003.####.exr``."""
        return f"{self.head}{'#' * self.padding}{self.tail}"

    @property
    def printf_path(self) -> str:
        """The path in printf form: ``/x/sh010_comp_v003.%04d.exr`` (``%d`` for one digit)."""
        token = "%d" if self.padding == 1 else f"%0{self.padding}d"
        return f"{self.head}{token}{self.tail}"

    @property
    def frame_range_text(self) -> str:
        """Runs of consecutive frames, e.g. ``1001-1010,1012-1100``."""
        return ranges_text(self.frames)

    def frame_path(self, frame: int) -> str:
        return f"{self.head}{frame:0{self.padding}d}{self.tail}"

    def paths(self) -> list[str]:
        return [self.frame_path(frame) for frame in self.frames]

    def __len__(self) -> int:
        return len(self.frames)


def find_sequences(inputs: Iterable[str | os.PathLike]) -> tuple[list[Sequence], list[Path]]:
    """Sequences and single files among *inputs* (files, or folders read one level deep).

    Hidden files (``.name``) inside folders are skipped; files named explicitly
    are taken as given. A lone frame-numbered file is a sequence of one frame;
    movies and files without a frame number are single files.
    """
    file_paths: list[str] = []
    for item in inputs:
        text = os.fspath(item)
        if os.path.isdir(text):
            file_paths.extend(_visible_files(text))
        elif os.path.isfile(text):
            file_paths.append(text)
        elif os.path.lexists(text):
            raise InputError(f"not a file or folder: {text}")
        else:
            raise InputError(f"no such file or folder: {text}")
    sequences, singles = assemble_paths(file_paths)
    return sequences, [Path(single) for single in singles]


def assemble_paths(paths: Iterable[str | os.PathLike]) -> tuple[list[Sequence], list[str]]:
    """Group path strings (no disk access) into sequences and single files, both sorted.

    One pass over the paths (:func:`_group`), then one step per (head, tail):
    linear in the number of paths and of sequences, whatever they are. The
    cyclic collector is paused: the pass only makes objects that live until it
    returns, and at a million paths its full collections, each walking every
    group made so far, took a sixth of the time.
    """
    with collection_paused():
        by_name, other_digits, singles = _group(paths)
        for name in other_digits:
            by_name.setdefault(name, {})
        sequences = []
        for (head, tail), widths in by_name.items():
            texts = other_digits.get((head, tail))
            if not _is_extension_only(tail) or tail.rpartition(".")[2].lower() in MOVIE_EXTENSIONS:
                # "x.1001.dir/file.exr", "x.0001.beauty.exr", a movie: files, not frames.
                singles += [f"{head}{text}{tail}" for text in _texts(widths, texts)]
            elif texts is None:
                sequences.extend(_by_padding(head, tail, widths))
            else:
                sequences.extend(_by_padding_any_digits(head, tail, _texts(widths, texts)))
        sequences.sort(key=operator.attrgetter("head", "tail", "padding"))
        # Sorted, then duplicates dropped: sorting a set would visit the paths in hash order.
        return sequences, [single for single, _ in groupby(sorted(singles))]


_Groups = dict[tuple[str, str], dict[int, list[int]]]


def _group(paths: Iterable[str | os.PathLike]) -> tuple[_Groups, dict[tuple[str, str], list[str]], list[str]]:
    """Frames by (head, tail) and digit count, the names with non-ASCII digits, the other paths.

    A folder listing gives a sequence's frames one after another, so a path
    that starts with the previous group's head and ends with its tail, with
    ASCII digits between, joins that name without a regex match or a lookup in
    the large dictionary: the regex would split it the same way (a tail holds
    no dot followed by a digit), and a change of digit count (999 -> 1000) is a
    lookup in the name's own small dictionary. A frame is kept as an int
    under its digit count (enough to rebuild its text), one int per distinct
    text shared by every name (``1001`` is in thousands of them): nothing is
    allocated per path, which matters most when a million paths no longer fit
    in the processor's cache (fresh memory costs a page fault per 4 KiB there).
    Numbers in other scripts' digits keep their text (their padding rule reads it).
    """
    by_name: _Groups = {}
    other_digits: dict[tuple[str, str], list[str]] = {}
    singles: list[str] = []
    match = _FRAME_NUMBER.match
    head = tail = ""
    start = tail_length = length = 0
    widths: dict[int, list[int]] | None = None
    frames: list[int] = []
    known: dict[str, int] = {}
    for path in paths:
        if path.__class__ is not str:
            path = os.fspath(path)
        if widths is not None and path.startswith(head) and path.endswith(tail):
            digits = path[start : len(path) - tail_length]
            frame = known.get(digits)
            if frame is None and digits.isascii() and digits.isdigit():
                frame = known[digits] = int(digits)
            if frame is not None:
                if len(path) != length:
                    length = len(path)
                    frames = widths.setdefault(len(digits), [])
                frames.append(frame)
                continue
        found = match(path)
        if found is None:
            singles.append(path)
            continue
        head, digits, tail = found.groups()
        if digits.isascii():
            start, tail_length, length = len(head), len(tail), len(path)
            widths = by_name.get((head, tail))
            if widths is None:
                widths = by_name[head, tail] = {}
            frames = widths.setdefault(len(digits), [])
            frame = known.get(digits)
            if frame is None:
                frame = known[digits] = int(digits)
            frames.append(frame)
        else:
            other_digits.setdefault((head, tail), []).append(digits)
            widths = None
    return by_name, other_digits, singles


def _texts(widths: dict[int, list[int]], texts: list[str] | None) -> list[str]:
    """The numbers as the paths wrote them: *texts*, and each int padded to its digit count."""
    rebuilt = [f"{frame:0{width}d}" for width, frames in widths.items() for frame in frames]
    return rebuilt + texts if texts else rebuilt


# Group 1: everything before ".<frame>"; group 2: the frame; group 3: the rest, which holds
# at most one digit (a ".jp2"), so the match is unique. Same rule as clique's frames pattern.
_FRAME_NUMBER = re.compile(r"(.*\.)(\d+)(\.\D+\d?\n?)\Z", re.S)


def _by_padding(head: str, tail: str, widths: dict[int, list[int]]) -> list[Sequence]:
    """Sequences of one (head, tail): one per padded width, one for unpadded numbers.

    A number with a leading zero fixes its width as a padding (``0998`` is
    ``####``). A number without one joins the padded group as wide as it
    (``1000`` joins ``0998``); the remaining unpadded numbers form one sequence
    padded to the narrowest of them (``998-1002`` is ``###``). *widths* maps a
    digit count to its frames: a count has a leading zero when its smallest
    frame has fewer digits.
    """
    found = []
    unpadded: list[int] = []
    unpadded_width = 0
    for width, frames in widths.items():
        if width > 1 and min(frames) < 10 ** (width - 1):
            found.append(Sequence(head, tail, width, tuple(sorted(set(frames)))))
        else:
            unpadded += frames
            unpadded_width = min(unpadded_width or width, width)
    if unpadded:
        found.append(Sequence(head, tail, unpadded_width, tuple(sorted(set(unpadded)))))
    return found


def _by_padding_any_digits(head: str, tail: str, numbers: list[str]) -> list[Sequence]:
    """The same rule for non-ASCII digits, where a number's width is that of its value."""
    padded: dict[int, set[int]] = {}
    unpadded: set[int] = set()
    for number in numbers:
        if len(number) > 1 and number[0] == "0":
            padded.setdefault(len(number), set()).add(int(number))
        else:
            unpadded.add(int(number))
    leftover = []
    for frame in unpadded:
        width = len(str(frame))
        if width in padded:
            padded[width].add(frame)
        else:
            leftover.append(frame)
    found = [Sequence(head, tail, width, tuple(sorted(frames))) for width, frames in padded.items()]
    if leftover:
        padding = min(len(str(frame)) for frame in leftover)
        found.append(Sequence(head, tail, padding, tuple(sorted(leftover))))
    return found


def sequence_from_pattern(path: str | os.PathLike) -> Sequence | None:
    """The frames on disk for ``/x/name.####.exr`` or ``/x/name.%04d.exr``; None if none.

    Reads the folder once (one ``scandir``), never one stat per frame, so it is
    cheap to call for every WIP render on script open.
    """
    text = os.fspath(path)
    folder, name = _split_folder(text)
    head_name, padding, tail = _split_frame_token(name, text)
    match_name = re.compile(re.escape(head_name) + r"(\d+)" + re.escape(tail))
    frames = []
    try:
        with os.scandir(folder or ".") as entries:
            for entry in entries:
                found = match_name.fullmatch(entry.name)
                if not found:
                    continue
                digits = found.group(1)
                frame = int(digits)
                if f"{frame:0{padding}d}" == digits and entry.is_file():
                    frames.append(frame)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not frames:
        return None
    return Sequence(folder + head_name, tail, padding, tuple(sorted(frames)))


def _visible_files(folder: str) -> list[str]:
    with os.scandir(folder) as entries:
        return [
            entry.path for entry in entries if not entry.name.startswith(".") and entry.is_file()
        ]


def _is_extension_only(tail: str) -> bool:
    """``.exr`` yes; ``.beauty.exr`` or ``.dir/file.exr`` no: the frame is right before it."""
    return tail.count(".") == 1 and not any(separator in tail for separator in _SEPARATORS)


_FRAME_TOKEN = re.compile(r"(#+)|%(0\d+)?d")


def _split_frame_token(name: str, shown: str) -> tuple[str, int, str]:
    tokens = list(_FRAME_TOKEN.finditer(name))
    if len(tokens) != 1:
        problem = "no" if not tokens else "more than one"
        raise InputError(f"{problem} #### or %04d frame token in {shown}")
    token = tokens[0]
    if token.group(1):
        padding = len(token.group(1))
    else:
        width = token.group(2)
        padding = int(width) if width else 1
        if padding < 1:
            raise InputError(f"invalid frame token {token.group(0)} in {shown}")
    return name[: token.start()], padding, name[token.end() :]


def _split_folder(text: str) -> tuple[str, str]:
    """Split after the last separator, keeping it, so folder + name rebuilds *text*."""
    cut = max(text.rfind(separator) for separator in _SEPARATORS) + 1
    return text[:cut], text[cut:]


def ranges_text(frames: Iterable[int], separator: str = ",") -> str:
    """Runs of consecutive frames, ``1001-1004,1009``; the frames may come in any order."""
    ordered = sorted(set(frames))
    if not ordered:
        return ""
    runs = []
    start = previous = ordered[0]
    for frame in ordered[1:]:
        if frame != previous + 1:
            runs.append((start, previous))
            start = frame
        previous = frame
    runs.append((start, previous))
    return separator.join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
