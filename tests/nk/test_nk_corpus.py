"""The real-world corpus (../shared/nk-corpus): round trips and edits on 517 files."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from avalon_nuke import nk
from avalon_nuke.nk.knob_scan import split_knobs
from tests.support.nk_corpus import corpus_files, corpus_folder

CORPUS = corpus_folder()


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Path, bytes]]:
    files = corpus_files()
    if not files:
        pytest.skip(
            f"nk corpus not found at {CORPUS}; the fixtures in tests/nk/fixtures cover each construct"
        )
    return [(path, path.read_bytes()) for path in files]


def sample(corpus: list[tuple[Path, bytes]], every: int) -> list[tuple[Path, bytes]]:
    return corpus[::every]


def test_every_corpus_file_round_trips_byte_identical(corpus: list[tuple[Path, bytes]]) -> None:
    failures = []
    for path, data in corpus:
        written = nk.dumps(nk.loads(data, str(path))).encode("utf-8", "surrogateescape")
        if written != data:
            failures.append(path.name)
    assert failures == []
    assert len(corpus) == 517


def test_corpus_bodies_with_one_knob_per_line_split_as_the_general_reader_splits_them(
        corpus: list[tuple[Path, bytes]]) -> None:
    by_lines = 0
    for path, data in corpus:
        for node in nk.loads(data, str(path)).nodes():
            if node.original is not None and node._one_per_line:
                head = len(node._head_text())
                assert split_knobs(node.original, head, True) == split_knobs(node.original, head, False), path
                by_lines += 1
    assert by_lines > 20_000  # most of what Nuke writes takes the quick split


def test_changing_one_knob_in_corpus_files_changes_one_line(corpus: list[tuple[Path, bytes]]) -> None:
    for path, data in sample(corpus, 7):
        script = nk.loads(data, str(path))
        movable = [node for node in script.nodes() if node.knob_text("xpos") is not None]
        if not movable:
            continue
        node = movable[len(movable) // 2]
        before = nk.dumps(script)
        node.set_knob("xpos", 123456)
        diff = [
            line
            for line in difflib.unified_diff(before.splitlines(), nk.dumps(script).splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert len(diff) == 2, (path.name, diff)
        assert diff[0][1:].split()[0] == "xpos", (path.name, diff)
        assert diff[1][1:].split() == ["xpos", "123456"], (path.name, diff)


def inputs_by_position(script: nk.Script) -> list[list[int | None]]:
    """Each node's inputs as positions in ``script.nodes()`` (None: disconnected)."""
    nodes = script.nodes()
    position = {id(node): index for index, node in enumerate(nodes)}
    return [[position.get(id(i)) if i is not None else None for i in node.inputs] for node in nodes]


def test_removing_a_node_keeps_everyone_elses_inputs(corpus: list[tuple[Path, bytes]]) -> None:
    for path, data in sample(corpus, 9):
        script = nk.loads(data, str(path))
        nodes = script.nodes()
        has_clones = {id(node.clone_source) for node in nodes if node.clone_source is not None}
        candidates = [node for node in nodes if id(node) not in has_clones and not node.is_group]
        if not candidates:
            continue
        victim = candidates[len(candidates) // 2]
        gone = nodes.index(victim)
        before = inputs_by_position(script)
        script.remove_node(victim)
        after = inputs_by_position(nk.loads(nk.dumps(script)))

        expected = [[_shifted(i, gone) for i in inputs] for n, inputs in enumerate(before) if n != gone]
        assert after == expected, path.name


def _shifted(index: int | None, gone: int) -> int | None:
    """A node position after the node at ``gone`` was removed (None if it was that node)."""
    if index is None or index == gone:
        return None
    return index - 1 if index > gone else index


def test_adding_a_node_keeps_everyone_elses_inputs(corpus: list[tuple[Path, bytes]]) -> None:
    for path, data in sample(corpus, 9):
        script = nk.loads(data, str(path))
        top_level = [node for node in script.nodes() if node.parent is None]
        if len(top_level) < 2:
            continue
        sources = [top_level[0], None, top_level[len(top_level) // 2]]
        before = inputs_by_position(script)
        added = script.add_node("Merge2", [("operation", "plus")], inputs=sources)
        reread = nk.loads(nk.dumps(script))
        after = inputs_by_position(reread)
        assert after[:-1] == before, path.name
        position = {id(node): index for index, node in enumerate(script.nodes())}
        assert after[-1] == [position[id(top_level[0])], None, position[id(sources[2])]], path.name
        assert added.inputs == sources
