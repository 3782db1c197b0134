"""Batches pause the cyclic garbage collector and give it back as they found it."""

from __future__ import annotations

import gc

import pytest

from avalon_nuke.gc_pause import collection_paused


def test_collection_waits_for_the_end_of_the_batch_and_resumes_after_it():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_batch_that_fails_still_gives_collection_back():
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_an_application_that_turned_collection_off_keeps_it_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
