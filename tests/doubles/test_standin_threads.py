"""The stand-in's hand-over to Nuke's main thread, as Foundry documents executeInMainThread*."""

from __future__ import annotations

import threading

import pytest


def test_a_worker_gets_results_computed_on_the_main_thread(nuke, nuke_standin):
    def work():
        name = nuke.executeInMainThreadWithResult(lambda: threading.current_thread().name)
        nuke.executeInMainThread(nuke.nodes.Read, kwargs={"file": "/a.exr"})
        value = nuke.executeInMainThreadWithResult(lambda node: nuke.toNode(node)["file"].value(), ("Read1",))
        return name, value

    assert nuke_standin.in_worker_thread(work) == (threading.main_thread().name, "/a.exr")


def test_a_failing_call_prints_its_traceback_and_gives_none(nuke, nuke_standin, capsys):
    def work():
        return nuke.executeInMainThreadWithResult(lambda: 1 / 0)

    assert nuke_standin.in_worker_thread(work) is None
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_calling_from_the_main_thread_is_refused_where_nuke_would_hang(nuke):
    with pytest.raises(RuntimeError, match="main thread"):
        nuke.executeInMainThreadWithResult(lambda: 1)
