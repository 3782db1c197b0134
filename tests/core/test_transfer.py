import errno
import os

import pytest

from avalon_nuke.errors import ConflictError, InputError
from avalon_nuke.sequences import Sequence
from avalon_nuke.transfer import place_file, place_sequence


@pytest.fixture
def layout(tmp_path):
    projects = tmp_path / "projects"
    projects.mkdir()
    outside = tmp_path / "scratch"
    outside.mkdir()
    return projects, outside


def write_frames(folder, name="beauty", numbers=(1001, 1002, 1003)):
    for number in numbers:
        (folder / f"{name}.{number}.exr").write_bytes(f"frame {number}".encode() * 10)
    return Sequence(os.path.join(folder, f"{name}."), ".exr", 4, tuple(numbers))


def no_hard_links(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refuse)


def test_frames_on_shared_storage_stay_where_they_are(layout):
    projects, _ = layout
    render = projects / "demo" / "sh010" / "render"
    render.mkdir(parents=True)
    seq = write_frames(render)
    dest = projects / "demo" / "sh010" / "publish" / "v001"
    seen = []
    placed = place_sequence(seq, dest, projects_root=projects, progress=lambda *a: seen.append(a))
    assert placed.in_place and placed.hash_path == seq.hash_path
    assert (placed.linked, placed.copied, placed.bytes_copied) == (0, 0, 0)
    assert not dest.exists()
    assert seen[-1] == (3, 3)


def test_frames_outside_are_hard_linked(layout):
    projects, outside = layout
    seq = write_frames(outside)
    dest = projects / "demo" / "publish" / "v001"
    seen = []
    placed = place_sequence(seq, dest, projects_root=projects, progress=lambda *a: seen.append(a))
    assert not placed.in_place
    assert placed.hash_path == str(dest / "beauty.####.exr")
    assert (placed.linked, placed.copied, placed.bytes_copied) == (3, 0, 0)
    for number in seq.frames:
        assert os.path.samefile(dest / f"beauty.{number}.exr", seq.frame_path(number))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_copy_when_linking_fails(layout, monkeypatch):
    projects, outside = layout
    no_hard_links(monkeypatch)
    seq = write_frames(outside)
    dest = projects / "v001"
    placed = place_sequence(seq, dest, projects_root=projects)
    assert (placed.linked, placed.copied) == (0, 3)
    assert placed.bytes_copied == sum(os.path.getsize(p) for p in seq.paths())
    for number in seq.frames:
        copy = dest / f"beauty.{number}.exr"
        assert copy.read_bytes() == (outside / f"beauty.{number}.exr").read_bytes()
        assert not os.path.samefile(copy, seq.frame_path(number))


def test_existing_different_file_is_never_overwritten(layout):
    projects, outside = layout
    seq = write_frames(outside)
    dest = projects / "v001"
    dest.mkdir()
    (dest / "beauty.1003.exr").write_bytes(b"someone else's frame")
    with pytest.raises(ConflictError, match="beauty.1003.exr"):
        place_sequence(seq, dest, projects_root=projects)
    assert (dest / "beauty.1003.exr").read_bytes() == b"someone else's frame"
    # what this call linked before failing is gone again; the folder was not ours to remove
    assert sorted(p.name for p in dest.iterdir()) == ["beauty.1003.exr"]


def test_failure_leaves_no_half_published_folder(layout, monkeypatch):
    projects, outside = layout
    no_hard_links(monkeypatch)
    seq = write_frames(outside)
    (outside / "beauty.1003.exr").unlink()  # a frame vanishes mid-publish
    dest = projects / "demo" / "publish" / "v001"
    with pytest.raises(InputError, match="beauty.1003.exr"):
        place_sequence(seq, dest, projects_root=projects)
    assert not (projects / "demo").exists()
    assert list(projects.iterdir()) == []


def test_interrupted_copy_is_rolled_back(layout, monkeypatch):
    projects, outside = layout
    seq = write_frames(outside)
    dest = projects / "v001"
    calls = []

    def cancel(done, total):
        calls.append(done)
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        place_sequence(seq, dest, projects_root=projects, progress=cancel)
    assert calls == [1, 2]
    assert not dest.exists()
    assert len(list(outside.iterdir())) == 3  # sources untouched


def test_retry_accepts_identical_files(layout, monkeypatch):
    projects, outside = layout
    seq = write_frames(outside)
    dest = projects / "v001"
    place_sequence(seq, dest, projects_root=projects)
    again = place_sequence(seq, dest, projects_root=projects)
    assert (again.linked, again.copied, again.already_present) == (0, 0, 3)
    no_hard_links(monkeypatch)
    other = projects / "v002"
    other.mkdir()
    (other / "beauty.1001.exr").write_bytes((outside / "beauty.1001.exr").read_bytes())
    placed = place_sequence(seq, other, projects_root=projects)
    assert (placed.copied, placed.already_present) == (2, 1)


def test_place_file_links_or_copies(layout, monkeypatch):
    projects, outside = layout
    movie = outside / "review.mov"
    movie.write_bytes(b"m" * 5000)
    placed = place_file(movie, projects / "v001", projects_root=projects)
    assert placed.hash_path == str(projects / "v001" / "review.mov") and placed.linked == 1
    no_hard_links(monkeypatch)
    placed = place_file(str(movie), projects / "v002", projects_root=projects)
    assert (placed.copied, placed.bytes_copied) == (1, 5000)
    assert (projects / "v002" / "review.mov").read_bytes() == b"m" * 5000


def test_place_file_in_place_and_conflict(layout):
    projects, outside = layout
    inside = projects / "script.nk"
    inside.write_text("Root {}")
    placed = place_file(inside, projects / "v001", projects_root=projects)
    assert placed.in_place and placed.hash_path == str(inside)
    movie = outside / "review.mov"
    movie.write_bytes(b"new")
    (projects / "v001").mkdir()
    (projects / "v001" / "review.mov").write_bytes(b"old")
    with pytest.raises(ConflictError):
        place_file(movie, projects / "v001", projects_root=projects)
    assert (projects / "v001" / "review.mov").read_bytes() == b"old"


def test_missing_single_file_is_an_input_error(layout):
    projects, outside = layout
    with pytest.raises(InputError, match="missing file"):
        place_file(outside / "nope.mov", projects / "v001", projects_root=projects)
    assert not (projects / "v001").exists()
