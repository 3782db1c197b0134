"""Mutated scripts either read and write back unchanged, or raise ParseError; nothing else.

Sources are the corpus files (../shared/nk-corpus) when present, else the
fixtures. The budget is fixed and derandomized so the run is fast and repeatable.
"""

from __future__ import annotations

import functools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avalon_nuke import nk
from avalon_nuke.nk.knob_scan import split_knobs
from avalon_nuke.nk.tcl import quote, unquote

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "nk-corpus"
# Pieces that matter to the syntax, plus bytes that are not UTF-8.
SNIPPETS = [
    "{", "}", '"', "\\", "[", "]", "\n", "\r\n", " ", "$", ";", "#",
    "end_group\n", "push $N1\n", "push 0\n", "set N1 [stack 0]\n", "Group {\n", "}\n",
    "inputs 99999999\n", "clone $C1 {\n}\n", "\x00", "\udcff", "\ufeff", "x {a} y",
]  # fmt: skip


@functools.lru_cache(maxsize=1)
def sources() -> tuple[str, ...]:
    paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".nk", ".gizmo")) if CORPUS.is_dir() else []
    # Keep the example cheap: the largest files add time, not new constructs.
    paths = [p for p in paths if p.stat().st_size < 200_000] or sorted(FIXTURES.iterdir())
    return tuple(p.read_bytes().decode("utf-8", "surrogateescape") for p in paths)


mutation = st.tuples(
    st.sampled_from(["insert", "delete", "duplicate", "truncate", "replace"]),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=1, max_value=64),
    st.one_of(
        st.sampled_from(SNIPPETS),
        st.binary(max_size=6).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    ),
)


def mutate(text: str, kind: str, where: float, size: int, snippet: str) -> str:
    at = int(where * len(text))
    if kind == "insert":
        return text[:at] + snippet + text[at:]
    if kind == "delete":
        return text[:at] + text[at + size :]
    if kind == "duplicate":
        return text[: at + size] + text[at : at + size] + text[at + size :]
    if kind == "truncate":
        return text[:at]
    return text[:at] + snippet + text[at + len(snippet) :]


# Fixed and derandomized: the run is fast and repeatable; big sources are expected.
fuzzing = settings(max_examples=200, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def draw_source(data: st.DataObject) -> str:
    texts = sources()
    return texts[data.draw(st.integers(min_value=0, max_value=len(texts) - 1), label="source")]


def draw_mutant(data: st.DataObject) -> str:
    text = draw_source(data)
    for kind, where, size, snippet in data.draw(st.lists(mutation, min_size=1, max_size=3)):
        text = mutate(text, kind, where, size, snippet)
    return text


@fuzzing
@given(data=st.data())
def test_mutants_round_trip_or_raise_parse_error(data: st.DataObject) -> None:
    text = draw_mutant(data)
    try:
        script = nk.loads(text, "mutant.nk")
    except nk.ParseError as error:
        assert "\n" not in str(error) and str(error).startswith("mutant.nk:")
        return
    assert nk.dumps(script) == text
    for node in script.nodes():  # the model stays usable on whatever was accepted
        node.inputs, node.full_name, node.knob_names(), node.user_knobs()


@fuzzing
@given(data=st.data())
def test_mutant_bodies_read_one_knob_per_line_split_as_the_general_reader_splits_them(
        data: st.DataObject) -> None:
    text = draw_mutant(data)
    try:
        script = nk.loads(text, "mutant.nk")
    except nk.ParseError:
        return
    for node in script.nodes():
        if node.original is not None and node._one_per_line:
            head = len(node._head_text())
            assert split_knobs(node.original, head, True) == split_knobs(node.original, head, False)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(value=st.text())
def test_any_string_value_reads_back_as_written(value: str) -> None:
    script = nk.loads("Grade {\n name Grade1\n}\n")
    script.find("Grade1").set_knob("label", value)
    reread = nk.loads(nk.dumps(script)).find("Grade1")
    assert reread.knob("label") == value
    assert unquote(quote(value)) == value


knob_values = st.one_of(st.text(max_size=12), st.integers(), st.booleans(),
                        st.floats(allow_nan=False, allow_infinity=False))


@fuzzing
@given(data=st.data())
def test_setting_knobs_on_a_node_read_as_lines_writes_what_its_split_entries_would(
        data: st.DataObject) -> None:
    text = draw_source(data)
    script, twin = nk.loads(text), nk.loads(text)
    pairs = [(node, other) for node, other in zip(script.nodes(), twin.nodes(), strict=True)
             if node._one_per_line and node.clone_source is None]
    if not pairs:
        return
    node, split = pairs[data.draw(st.integers(min_value=0, max_value=len(pairs) - 1), label="node")]
    split._list()  # the twin edits its entry list, as every node did before
    known = [name for name in split.knob_names()] + [knob.name for knob in split.user_knobs()]
    names = st.one_of(st.sampled_from(known or ["label"]),
                      st.sampled_from(["label", "inputs", "xpos", "note_font", "tile_color"]),
                      st.text(alphabet="abc_1 ", min_size=1, max_size=5))
    values = data.draw(st.dictionaries(names, knob_values, max_size=4), label="values")
    node.set_knobs(list(values.items()))
    split.set_knobs(list(values.items()))
    assert nk.dumps(script) == nk.dumps(twin)
    for name in values:
        assert node.knob(name) == split.knob(name)


@fuzzing
@given(data=st.data())
def test_knobs_read_together_are_what_each_reads_alone(data: st.DataObject) -> None:
    text = draw_source(data)
    pairs = list(zip(nk.loads(text).nodes(), nk.loads(text).nodes(), strict=True))
    if not pairs:
        return
    node, twin = pairs[data.draw(st.integers(min_value=0, max_value=len(pairs) - 1), label="node")]
    known = twin.knob_names()  # (the twin: listing the names splits a node into entries)
    names = data.draw(st.lists(st.one_of(st.sampled_from(known or ["label"]),
                                         st.sampled_from(["label", "inputs", "name", "addUserKnob"]),
                                         st.text(alphabet="abc_1 ", min_size=1, max_size=5)),
                               max_size=5, unique=True), label="names")
    assert node.read_knobs(tuple(names)) == {name: node.knob(name) for name in names}
