"""Small helpers so the live tests run under pytest or, without it, under run.py."""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nuke


def fresh_script():
    """An empty, untitled script (and nothing selected)."""
    nuke.scriptClear()


@contextmanager
def raises(error_type, match=None):
    try:
        yield
    except error_type as error:
        if match is not None and match not in str(error):
            raise AssertionError(f"{error_type.__name__} raised, but without {match!r}: {error}")
        return
    raise AssertionError(f"{error_type.__name__} was not raised")


@contextmanager
def scratch_dir():
    path = Path(tempfile.mkdtemp(prefix="avalon_nuke_live_"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def registrations(registry, callback):
    """How many times *callback* is registered in one of ``nuke.callbacks``' registries."""
    return sum(1 for entries in registry.values() for entry in entries if entry[0] is callback)
