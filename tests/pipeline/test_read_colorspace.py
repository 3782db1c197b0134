"""A loaded Read's colourspace: the representation's, only when the session's config has it."""

from __future__ import annotations

import pytest

from avalon_nuke import nk
from avalon_nuke.hosts.nk_file import NkFileHost
from avalon_nuke.pipeline import inventory
from avalon_nuke.pipeline.loader import load
from tests.support.containers import make_shot

EMPTY = "#! nuke -nx\nversion 15.1 v1\nRoot {\n inputs 0\n name /tmp/comp.nk\n}\n"
ACES_CG = "ocio://cg-config-v2.2.0_aces-v1.3_ocio-v2.4"


@pytest.fixture
def shot(tmp_path):
    return make_shot(tmp_path)


def _aces_config_or_skip(monkeypatch):
    ocio = pytest.importorskip("PyOpenColorIO")
    try:
        ocio.Config.CreateFromFile(ACES_CG)
    except Exception as error:  # noqa: BLE001 - a PyOpenColorIO too old for built-in configs
        pytest.skip(f"no built-in ACES config in this PyOpenColorIO: {error}")
    monkeypatch.setenv("OCIO", ACES_CG)


def _live(nuke_standin, names):
    nuke_standin.use_colorspaces(names)
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    return LiveHost()


def test_the_recorded_colourspace_is_set_when_nukes_menu_lists_it(shot, nuke, nuke_standin):
    host = _live(nuke_standin, ["default", "ACEScg", "ACES2065-1", "sRGB - Display"])
    shot.publish(approved=True, colorspace="ACEScg")
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") == "ACEScg"


def test_a_colourspace_the_config_lacks_leaves_nukes_default(shot, nuke, nuke_standin):
    host = _live(nuke_standin, ["default", "ACEScg", "ACES2065-1"])
    shot.publish(approved=True, colorspace="linear")  # a nuke-default name, absent from ACES
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") == "default"


def test_nothing_is_guessed_from_the_extension_when_nothing_is_recorded(shot, nuke):
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    shot.publish(approved=True)  # an exr, once guessed as "linear"
    container = load(LiveHost(), shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert LiveHost().knob(container.node, "colorspace") == "default"


def test_a_switch_sets_the_new_versions_colourspace_and_keeps_an_artists_choice(shot, nuke, nuke_standin):
    host = _live(nuke_standin, ["default", "ACEScg", "ACES2065-1", "Linear Rec.709 (sRGB)"])
    shot.publish(approved=True, colorspace="ACEScg")
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    container.node["colorspace"].setValue("ACES2065-1")  # the artist knows better
    shot.publish(approved=True, colorspace="ACEScg")
    (moved,) = inventory.update(host, shot.repo, "demo")
    assert (moved.current_number, host.knob(moved.node, "colorspace")) == (2, "ACES2065-1")
    shot.publish(approved=True, colorspace="Linear Rec.709 (sRGB)")
    (moved,) = inventory.update(host, shot.repo, "demo")
    assert (moved.current_number, host.knob(moved.node, "colorspace")) == (3, "Linear Rec.709 (sRGB)")


def test_the_nk_host_never_writes_a_colourspace_without_a_config_to_check(shot, monkeypatch):
    monkeypatch.delenv("OCIO", raising=False)
    shot.publish(approved=True, colorspace="ACEScg")
    host = NkFileHost(nk.loads(EMPTY))
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") is None
    assert "colorspace" not in nk.dumps(host.script)


def test_the_nk_host_writes_a_colourspace_its_ocio_config_has(shot, monkeypatch):
    _aces_config_or_skip(monkeypatch)
    shot.publish(approved=True, colorspace="lin_ap1_scene")  # OpenImageIO's name for ACEScg
    host = NkFileHost(nk.loads(EMPTY))
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") == "ACEScg"


def test_the_nk_host_leaves_out_a_name_its_ocio_config_lacks(shot, monkeypatch):
    _aces_config_or_skip(monkeypatch)
    shot.publish(approved=True, colorspace="rec709")
    host = NkFileHost(nk.loads(EMPTY))
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") is None


def test_an_unreadable_ocio_config_writes_nothing(shot, monkeypatch, tmp_path):
    pytest.importorskip("PyOpenColorIO")
    monkeypatch.setenv("OCIO", str(tmp_path / "missing.ocio"))
    shot.publish(approved=True, colorspace="ACEScg")
    host = NkFileHost(nk.loads(EMPTY))
    container = load(host, shot.repo, "demo", asset="sh010", subset="lightingMain")
    assert host.knob(container.node, "colorspace") is None
