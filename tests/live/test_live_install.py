"""avalon_nuke.install() in a real terminal Nuke: callbacks yes, menus no, uninstall clean."""

import nuke
import pyblish.api
from live_helpers import fresh_script, registrations

import avalon_nuke
from avalon_nuke.config import Settings
from avalon_nuke.hosts.live_nuke import callbacks, context

SETTINGS = Settings(project="demo", asset="sh010")


def test_install_twice_then_uninstall():
    avalon_nuke.install(SETTINGS)
    avalon_nuke.install(SETTINGS)
    try:
        assert registrations(nuke.callbacks.onScriptLoads, callbacks.on_script_load) == 1
        assert registrations(nuke.callbacks.onScriptSaves, callbacks.on_script_save) == 1
        assert "nuke" in pyblish.api.registered_hosts()
    finally:
        avalon_nuke.uninstall()
    assert registrations(nuke.callbacks.onScriptLoads, callbacks.on_script_load) == 0
    assert registrations(nuke.callbacks.onScriptSaves, callbacks.on_script_save) == 0
    assert "nuke" not in pyblish.api.registered_hosts()


class _Repository:
    def asset(self, project, name):
        return {"data": {"frameStart": 1001, "frameEnd": 1096, "fps": 25,
                         "resolutionWidth": 2048, "resolutionHeight": 858, "pixelAspect": 1.0}}


def test_frame_range_and_resolution_from_the_asset():
    fresh_script()
    context.set_frame_range(SETTINGS, _Repository())
    context.set_resolution(SETTINGS, _Repository())
    root = nuke.root()
    assert (root["first_frame"].value(), root["last_frame"].value(), root["fps"].value()) == (1001, 1096, 25)
    assert (root["format"].value().width(), root["format"].value().height()) == (2048, 858)
