import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avalon_nuke.errors import InputError
from avalon_nuke.sequences import Sequence, assemble_paths, find_sequences, sequence_from_pattern


def touch(folder, *names):
    for name in names:
        (folder / name).write_bytes(b"")


def frames(head, numbers, tail=".exr", width=0):
    return [f"{head}{n:0{width}d}{tail}" for n in numbers]


# ---- Sequence -----------------------------------------------------------------------------


def test_sequence_forms():
    seq = Sequence("/x/sh010_comp_v003.", ".exr", 4, tuple([*range(1001, 1011), *range(1012, 1101)]))
    assert seq.first == 1001 and seq.last == 1100
    assert len(seq) == 99
    assert seq.holes == [1011]
    assert seq.hash_path == "/x/sh010_comp_v003.####.exr"
    assert seq.printf_path == "/x/sh010_comp_v003.%04d.exr"
    assert seq.frame_range_text == "1001-1010,1012-1100"
    assert seq.frame_path(1005) == "/x/sh010_comp_v003.1005.exr"
    assert seq.frame_path(12345) == "/x/sh010_comp_v003.12345.exr"
    assert seq.paths()[:2] == ["/x/sh010_comp_v003.1001.exr", "/x/sh010_comp_v003.1002.exr"]
    assert len(seq.paths()) == 99


def test_sequence_small_paddings_and_ranges():
    seq = Sequence("a.", ".png", 1, (1, 2, 3, 7, 9, 10))
    assert seq.hash_path == "a.#.png"
    assert seq.printf_path == "a.%d.png"
    assert seq.frame_path(7) == "a.7.png"
    assert seq.frame_range_text == "1-3,7,9-10"
    assert seq.holes == [4, 5, 6, 8]
    assert Sequence("a.", ".png", 2, (5,)).frame_range_text == "5"
    assert Sequence("a.", ".png", 2, (5,)).frame_path(5) == "a.05.png"


def test_sequence_is_immutable_and_checked():
    seq = Sequence("a.", ".exr", 4, (1,))
    with pytest.raises(AttributeError):
        seq.padding = 3
    with pytest.raises(ValueError):
        Sequence("a.", ".exr", 4, ())
    with pytest.raises(ValueError):
        Sequence("a.", ".exr", 4, (2, 1))
    with pytest.raises(ValueError):
        Sequence("a.", ".exr", 0, (1,))


# ---- assemble_paths: padding rules ------------------------------------------------------------


def only(paths):
    sequences, singles = assemble_paths(paths)
    assert singles == []
    assert len(sequences) == 1, sequences
    return sequences[0]


def test_zero_padded_keeps_width():
    seq = only(frames("/r/a.", range(1, 51), width=4))
    assert (seq.padding, seq.hash_path, seq.frame_range_text) == (4, "/r/a.####.exr", "1-50")


def test_same_width_unpadded_numbers_become_padded_not_percent_d():
    seq = only(frames("/r/sh010_beauty_v003.", range(1001, 1101)))
    assert seq.padding == 4
    assert seq.hash_path == "/r/sh010_beauty_v003.####.exr"
    assert seq.printf_path == "/r/sh010_beauty_v003.%04d.exr"


def test_mixed_widths_without_zeros_are_padding_one():
    seq = only(frames("/r/a.", range(1, 101)))
    assert seq.padding == 1 and seq.hash_path == "/r/a.#.exr"
    assert seq.paths() == frames("/r/a.", range(1, 101))


def test_unpadded_minimum_width_rebuilds_every_name():
    paths = frames("/r/a.", range(990, 1011))
    seq = only(paths)
    assert seq.padding == 3
    assert seq.paths() == paths


def test_padded_numbers_roll_over_into_the_same_width():
    paths = frames("/r/a.", range(990, 1010), width=4)  # 0990 .. 1009
    seq = only(paths)
    assert seq.padding == 4 and seq.frame_range_text == "990-1009"
    assert seq.paths() == paths


def test_every_path_lands_in_exactly_one_sequence():
    paths = frames("/r/a.", [998, 999, 1000, 1001], width=4) + ["/r/a.10000.exr"]
    sequences, singles = assemble_paths(paths)
    assert singles == []
    assert sorted(p for s in sequences for p in s.paths()) == sorted(paths)
    assert [(s.padding, s.frame_range_text) for s in sequences] == [(4, "998-1001"), (5, "10000")]


def test_different_paddings_of_one_name_are_separate_sequences():
    paths = frames("/r/a.", [1, 2], width=3) + frames("/r/a.", [1, 2], width=4) + ["/r/a.7.exr"]
    sequences, singles = assemble_paths(paths)
    assert singles == []
    assert [(s.padding, s.frames) for s in sequences] == [(1, (7,)), (3, (1, 2)), (4, (1, 2))]
    assert sorted(p for s in sequences for p in s.paths()) == sorted(paths)


def test_only_the_number_before_the_extension_is_a_frame():
    sequences, singles = assemble_paths(
        [
            "/p/sh010/render/sh010_v003.1001.exr",
            "/p/sh010/render/render_v002.exr",
            "/p/sh010/render/shot.1001.beauty.exr",
            "/p/sh010/render.1001.dir/file.exr",
            "/p/sh010/render/plate_1001.exr",
        ]
    )
    assert [(s.hash_path, s.frames) for s in sequences] == [
        ("/p/sh010/render/sh010_v003.####.exr", (1001,))
    ]
    assert singles == sorted(
        [
            "/p/sh010/render/render_v002.exr",
            "/p/sh010/render/shot.1001.beauty.exr",
            "/p/sh010/render.1001.dir/file.exr",
            "/p/sh010/render/plate_1001.exr",
        ]
    )


def test_movies_are_single_files_even_with_numbers():
    sequences, singles = assemble_paths(["/r/a.0001.mov", "/r/a.0002.mov", "/r/b.MP4"])
    assert sequences == []
    assert singles == ["/r/a.0001.mov", "/r/a.0002.mov", "/r/b.MP4"]


def test_several_sequences_sorted_and_deterministic():
    paths = (
        frames("/r/b.", range(1001, 1004))
        + frames("/r/a.", range(1, 4), width=4)
        + frames("/r/a.", range(1, 4), tail=".jpg", width=4)
        + ["/r/notes.txt"]
    )
    first = assemble_paths(paths)
    again = assemble_paths(list(reversed(paths)))
    assert first == again
    assert [s.hash_path for s in first[0]] == ["/r/a.####.exr", "/r/a.####.jpg", "/r/b.####.exr"]
    assert first[1] == ["/r/notes.txt"]


def test_duplicate_inputs_count_once():
    paths = frames("/r/a.", [1, 2], width=4) + ["/r/x.mov"]
    sequences, singles = assemble_paths(paths + paths)
    assert sequences[0].frames == (1, 2) and singles == ["/r/x.mov"]


def test_windows_paths_group_too():
    sequences, singles = assemble_paths(frames("C:\\r\\a.", range(1001, 1003)))
    assert sequences[0].hash_path == "C:\\r\\a.####.exr" and singles == []


# ---- find_sequences (disk) ---------------------------------------------------------------


def test_find_sequences_in_a_folder(tmp_path):
    touch(tmp_path, *[f"sh010_v003.{n}.exr" for n in (1001, 1002, 1003, 1005)])
    touch(tmp_path, "preview.mov", "lone.0100.dpx", ".hidden.1004.exr", ".DS_Store")
    (tmp_path / "sub").mkdir()
    touch(tmp_path / "sub", "deeper.1001.exr")
    sequences, singles = find_sequences([tmp_path])
    assert [(s.hash_path, s.frame_range_text, s.holes) for s in sequences] == [
        (os.path.join(tmp_path, "lone.####.dpx"), "100", []),
        (os.path.join(tmp_path, "sh010_v003.####.exr"), "1001-1003,1005", [1004]),
    ]
    assert singles == [tmp_path / "preview.mov"]


def test_find_sequences_mixes_files_and_folders(tmp_path):
    (tmp_path / "a").mkdir()
    touch(tmp_path / "a", "x.0001.exr", "x.0002.exr")
    touch(tmp_path, "single.exr", "x.0003.exr")
    sequences, singles = find_sequences(
        [str(tmp_path / "a"), tmp_path / "single.exr", tmp_path / "a" / "x.0001.exr"]
    )
    assert [(s.head, s.frames) for s in sequences] == [(os.path.join(tmp_path, "a", "x."), (1, 2))]
    assert singles == [tmp_path / "single.exr"]


def test_find_sequences_rejects_missing_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_sequences([tmp_path / "nope"])


# ---- sequence_from_pattern ------------------------------------------------------------------


def test_sequence_from_hash_pattern_lists_frames_on_disk(tmp_path):
    touch(tmp_path, "r.1001.exr", "r.1002.exr", "r.1004.exr", "r.10000.exr")
    touch(tmp_path, "r.01003.exr", "r.103.exr", "r.1005.jpg", "other.1003.exr")
    (tmp_path / "r.1006.exr").mkdir()
    seq = sequence_from_pattern(str(tmp_path / "r.####.exr"))
    assert seq.frames == (1001, 1002, 1004, 10000)
    assert seq.hash_path == str(tmp_path / "r.####.exr")


def test_sequence_from_printf_pattern(tmp_path):
    touch(tmp_path, "r.0001.exr", "r.0002.exr", "r.1.exr")
    assert sequence_from_pattern(tmp_path / "r.%04d.exr").frames == (1, 2)
    seq = sequence_from_pattern(tmp_path / "r.%d.exr")
    assert seq.frames == (1,) and seq.padding == 1


def test_sequence_from_pattern_without_frames(tmp_path):
    assert sequence_from_pattern(tmp_path / "r.####.exr") is None
    assert sequence_from_pattern(tmp_path / "missing" / "r.####.exr") is None


@pytest.mark.parametrize("name", ["r.exr", "r.##.####.exr", "r.%4d.exr"])
def test_sequence_from_pattern_needs_one_frame_token(tmp_path, name):
    with pytest.raises(InputError, match="frame token"):
        sequence_from_pattern(tmp_path / name)


def test_sequence_from_pattern_reads_the_folder_once(tmp_path, monkeypatch):
    touch(tmp_path, *[f"r.{n}.exr" for n in range(1001, 1101)])
    calls = []
    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: calls.append(path) or real_scandir(path))
    monkeypatch.setattr(os, "stat", lambda *a, **k: pytest.fail("no per-frame stat"))
    assert len(sequence_from_pattern(tmp_path / "r.####.exr")) == 100
    assert len(calls) == 1


# ---- same results as clique's frame grouping (the implementation this replaced) ------------------


def clique_grouping(paths):
    """Sequences and singles as clique's frames pattern groups them, padding fixed as before."""
    import re
    from collections import defaultdict

    import clique

    from avalon_nuke.sequences import MOVIE_EXTENSIONS

    singles = {p for p in paths if p.rpartition(".")[2].lower() in MOVIE_EXTENSIONS}
    candidates = [p for p in paths if p not in singles]
    collections, remainder = clique.assemble(
        candidates, patterns=[re.compile(clique.PATTERNS["frames"])], minimum_items=1
    )
    singles.update(remainder)
    padded, unpadded = defaultdict(dict), defaultdict(set)
    for collection in collections:
        key = (collection.head, collection.tail)
        tail = collection.tail
        if tail.count(".") != 1 or "/" in tail or "\\" in tail:
            singles.update(collection)
        elif collection.padding:
            padded[key].setdefault(collection.padding, set()).update(collection.indexes)
        else:
            unpadded[key].update(collection.indexes)
    found = [(h, t, w, tuple(sorted(f))) for (h, t), by in padded.items() for w, f in by.items()]
    for (head, tail), numbers in unpadded.items():
        left = sorted(n for n in numbers if len(str(n)) not in padded.get((head, tail), {}))
        if left:
            found.append((head, tail, min(len(str(n)) for n in left), tuple(left)))
    return sorted(found), sorted(singles)


def as_rows(result):
    sequences, singles = result
    return [(s.head, s.tail, s.padding, s.frames) for s in sequences], singles


def test_realistic_render_listing_groups_exactly_as_clique_did():
    from tests.support.render_paths import render_paths

    paths, expected = render_paths(3_000, seed=11)
    rows = as_rows(assemble_paths(paths))
    assert len(rows[0]) == expected
    assert rows == clique_grouping(paths)


_PARTS = ["a", "b.", ".", "/", "\\", "v01", "_", "x."]
_FRAMES = ["1", "01", "001", "0001", "999", "1000", "0999", "10000", "0", "00", "12"]
_TAILS = [".exr", ".mov", ".jp2", ".a.exr", "/b.exr", ".EXR", ".MP4", "", ".1"]


@given(st.lists(st.tuples(st.lists(st.sampled_from(_PARTS), max_size=3), st.sampled_from(_FRAMES),
                          st.sampled_from(_TAILS)), max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_listing_groups_exactly_as_clique_did(names):
    paths = ["/r/" + "".join(parts) + "." + frame + tail for parts, frame, tail in names]
    assert as_rows(assemble_paths(paths)) == clique_grouping(paths)


@given(st.lists(st.tuples(st.lists(st.sampled_from(_PARTS), max_size=3), st.sampled_from(_TAILS),
                          st.lists(st.sampled_from(_FRAMES), min_size=1, max_size=8)), max_size=6),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_a_folder_listing_with_each_name_s_frames_together_groups_exactly_as_clique_did(names, mixed):
    # Consecutive frames of one name join the previous path's group without a regex match:
    # widths changing (999 -> 1000), other digits and other names between must not fool it.
    paths = ["/r/" + "".join(parts) + "." + frame + tail for parts, tail, numbers in names
             for frame in numbers]
    if mixed:
        paths = paths[::2] + paths[1::2]
    assert as_rows(assemble_paths(paths)) == clique_grouping(paths)


def test_frames_in_other_digits_group_by_value_and_single_files_keep_their_names():
    # "\u0661\u0660" is 10 in Arabic-Indic digits; only an ASCII "0" makes a padding.
    sequences, singles = assemble_paths(
        ["/r/a.\u0661\u0660.exr", "/r/a.0\u0661.exr", "/r/a.\u0661\u0661.exr", "/r/a.0002.exr",
         "/r/m.\u0661.mov", "/r/x.\u0661.b.exr"]
    )
    assert [(s.head, s.padding, s.frames) for s in sequences] == [("/r/a.", 2, (1, 10, 11)), ("/r/a.", 4, (2,))]
    assert singles == ["/r/m.\u0661.mov", "/r/x.\u0661.b.exr"]


def test_names_mixed_in_one_folder_group_as_if_listed_one_after_another():
    names = ["/r/a.0001.exr", "/r/b.998.exr", "/r/a.0002.exr", "/r/b.1000.exr", "/r/a.0999.exr",
             "/r/b.999.exr", "/r/a.1000.exr", "/r/b.01.exr", "/r/a.5.exr"]
    mixed = as_rows(assemble_paths(names))
    assert mixed == as_rows(assemble_paths(sorted(names)))
    assert mixed[0] == [("/r/a.", ".exr", 1, (5,)), ("/r/a.", ".exr", 4, (1, 2, 999, 1000)),
                        ("/r/b.", ".exr", 2, (1,)), ("/r/b.", ".exr", 3, (998, 999, 1000))]


def test_a_long_listing_keeps_every_frame_and_its_padding():
    paths = [f"/r/sh{shot:03d}/a.{frame:04d}.exr" for shot in range(40) for frame in range(1, 1200)]
    paths += ["/r/b.998.exr", "/r/b.999.exr", "/r/b.1000.exr", "/r/b.0999.exr", "/r/b.1001.exr"]
    sequences, singles = assemble_paths(paths)
    assert singles == []
    assert [(s.hash_path, s.frames) for s in sequences[:2]] == [
        ("/r/b.###.exr", (998, 999)), ("/r/b.####.exr", (999, 1000, 1001))
    ]
    assert [(s.hash_path, s.frames) for s in sequences[2:]] == [
        (f"/r/sh{shot:03d}/a.####.exr", tuple(range(1, 1200))) for shot in range(40)
    ]
