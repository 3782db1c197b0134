"""The published copy of a script: what the farm renders, frozen in each version's folder.

Made from the *saved* script (validation has checked it has no unsaved changes)
with the ``.nk`` model, so the copy is byte-for-byte the artist's script except
for the instance Writes' ``file`` (now the version's image path), the Root
``name`` and a lock knob. The file is made read-only: nobody edits a publish.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from avalon_nuke import nk
from avalon_nuke.errors import InputError
from avalon_nuke.nk.user_knobs import set_root_user_knobs
from avalon_nuke.pipeline.protection import LOCK_KNOB
from avalon_nuke.publish.shared_data import Publication

READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def build(script_path: str, renders: Sequence[tuple[Publication, str]]) -> nk.Script:
    """The saved script with each ``(publication, write full name)`` Write pointed at its version."""
    script = nk.load(script_path)
    for publication, write_name in renders:
        write = script.find(write_name)
        if write is None:
            raise InputError(f"{write_name} is not in the saved script {script_path}: save the script "
                             "and publish again")
        write.set_knob("file", publication.image_path)
        write.set_knob("create_directories", True)
    labels = [publication.label for publication, _ in renders]
    set_root_user_knobs(script, {LOCK_KNOB: json.dumps({"reason": "published copy", "versions": labels},
                                                       sort_keys=True)})
    return script


def write(script: nk.Script, publication: Publication) -> Path:
    """Write the copy into the publication's version folder, read-only."""
    path = publication.copy_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if script.root is not None:
        script.root.set_knob("name", path.as_posix())
    nk.dump(script, path)
    os.chmod(path, READ_ONLY)
    return path


def remove(publication: Publication) -> None:
    """Undo :func:`write` (and the version folder when this publish created it)."""
    if publication.folder_created:
        remove_folder(publication.folder)
        return
    try:
        os.chmod(publication.copy_path, stat.S_IWUSR | READ_ONLY)
        publication.copy_path.unlink()
    except FileNotFoundError:
        pass


def remove_folder(folder: Path) -> None:
    """Delete a version folder, read-only files included; a folder already gone is fine."""
    if not folder.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=_retry_writable)
    else:
        shutil.rmtree(folder, onerror=_retry_writable)


def _retry_writable(function, path, _exc_info) -> None:
    """rmtree on Windows cannot delete read-only files: make it writable and try once more."""
    try:
        os.chmod(path, stat.S_IWUSR | READ_ONLY)
        function(path)
    except FileNotFoundError:
        pass
