"""The publish plug-ins run in the order one table gives, and each is named for its phase."""

from __future__ import annotations

from pathlib import Path

import pyblish.api
import pyblish.lib
import pytest

import avalon_nuke
from avalon_nuke.publish.plugins import ORDER, SEQUENCE
from avalon_nuke.publish.script_publish import VALIDATION_END, publish_plugins

PHASES = {"Collect": pyblish.api.CollectorOrder, "Validate": pyblish.api.ValidatorOrder,
          "Extract": pyblish.api.ExtractorOrder, "Integrate": pyblish.api.IntegratorOrder}
LIVE_ONLY = {"CollectLiveNukeScript"}  # registered by the live host's install, not part of the package
LIVE_PUBLISH_PLUGINS = Path(avalon_nuke.__file__).parent / "hosts" / "live_nuke" / "publish"


def _live_plugins(pyblish_state) -> list[type]:
    pyblish_state.register_host("nuke")
    pyblish_state.register_plugin_path(str(LIVE_PUBLISH_PLUGINS))
    return [plugin for plugin in pyblish_state.discover() if plugin.__name__ in LIVE_ONLY]


def test_a_publish_runs_collect_validate_create_versions_copy_submit_lock_in_this_order():
    assert [plugin.__name__ for plugin in publish_plugins()] == [
        "CollectAvalonSession", "CollectScript", "CollectRenderInstances", "CollectContainers",
        "ValidateFarmReachable", "ValidateScriptSaved", "ValidateScriptUnlocked", "ValidateContext",
        "ValidateInstances", "ValidateSharedStorage", "ValidateWriteFormat", "ValidateFrameRange",
        "ValidateContainers", "ValidateReview",
        "ExtractVersions", "ExtractPublishedCopy", "ExtractReviewScript",
        "IntegrateFarmJobs", "IntegrateReviewJob", "IntegrateLock",
    ]


def test_the_table_names_every_plugin_once_with_the_order_it_runs_at(pyblish_state):
    plugins = [*_live_plugins(pyblish_state), *publish_plugins()]
    assert sorted(plugin.__name__ for plugin in plugins) == sorted(ORDER)
    assert len(ORDER) == len(SEQUENCE)
    assert all(plugin.order == ORDER[plugin.__name__] for plugin in plugins)
    orders = [order for _name, order in SEQUENCE]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)  # no tie left to file names


@pytest.mark.parametrize("name,order", SEQUENCE, ids=[name for name, _ in SEQUENCE])
def test_a_plugin_name_says_its_pyblish_phase(name, order):
    phase = next(prefix for prefix in PHASES if name.startswith(prefix))
    assert pyblish.lib.inrange(order, PHASES[phase])


def test_nothing_before_the_versions_are_made_changes_anything():
    changing = [name for name, order in SEQUENCE if order >= VALIDATION_END]
    assert changing == ["ExtractVersions", "ExtractPublishedCopy", "ExtractReviewScript", "IntegrateFarmJobs",
                        "IntegrateReviewJob", "IntegrateLock"]
