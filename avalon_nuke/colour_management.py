"""Which colourspace a render is in, and whether the session's colour config knows it.

A publish records the colourspace it knows as a fact (the Write's output transform, an
option, or the file's own metadata) on the representation. A load applies it only when
the session's config has that colourspace: the name is checked, never guessed, because
``linear``/``rec709`` do not exist in ACES and most studio OCIO configs, and a name
Nuke does not know would either fail or silently pick something else. Without a check
(no config to ask) nothing is written and the studio's own file rules apply.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

_ALIAS_SEPARATORS = re.compile(r"[\t,]+")
_DEFAULT_ENTRY = re.compile(r"^default\s*\((?P<name>.+)\)\s*$")


def match_listed(entries: Iterable[str], name: str) -> str | None:
    """The entry of a colourspace menu (``nuke.getColorspaceList``) that *name* names, or None.

    An entry may carry aliases after a tab or comma (as ayon-nuke reads them) and a
    family prefix (``Utility/Linear - sRGB``: Foundry strips it only when the knob has
    STRIP_CASCADE_PREFIX); the entry's own name is what the knob is set to.
    """
    wanted = name.strip()
    for entry in entries:
        names = [part.strip() for part in _ALIAS_SEPARATORS.split(entry) if part.strip()]
        if not names:
            continue
        candidates = set(names) | {part.rsplit("/", 1)[-1] for part in names}
        if wanted in candidates:
            return names[0]
    return None


def ocio_resolve(name: str, config: str | None = None) -> str | None:
    """*name*'s colourspace (aliases and roles resolved) in the OCIO config, or None.

    *config* defaults to ``$OCIO``; without one, or without PyOpenColorIO, or when the
    config cannot be read, there is no way to check and the answer is None.
    """
    source = config if config is not None else os.environ.get("OCIO", "")
    if not source or not name:
        return None
    try:
        import PyOpenColorIO as ocio  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        loaded = ocio.Config.CreateFromFile(source)
    except (ocio.Exception, ocio.ExceptionMissingFile) as error:
        log.warning("the OCIO config %s cannot be read (%s): colourspaces are left unset", source, error)
        return None
    colourspace = loaded.getColorSpace(name.strip())
    return colourspace.getName() if colourspace is not None else None


#: OpenImageIO before 3.1 fills ``oiio:ColorSpace`` with its reader's guess: 3.0.21 reads back
#: ``lin_rec709`` from every float EXR, tagged ACEScg or untagged alike, where 3.2 reads the file's
#: own ``colorInteropID`` (``lin_ap1_scene``) and nothing from an untagged one. A guess is not
#: recorded: the version would claim a colourspace nobody chose.
READS_FILE_COLOURSPACE_SINCE = 30100  # OpenImageIO.VERSION of 3.1.0


def file_colorspace(path: str | os.PathLike) -> str | None:
    """What the image's own metadata says (OpenImageIO's ``oiio:ColorSpace``), or None.

    None when OpenImageIO is not installed or older than 3.1, cannot read the file, or it says
    nothing.
    """
    try:
        import OpenImageIO as oiio
    except ImportError:
        return None
    if getattr(oiio, "VERSION", 0) < READS_FILE_COLOURSPACE_SINCE:
        return None
    image = oiio.ImageInput.open(str(Path(path)))
    if not image:
        oiio.geterror()  # clear OpenImageIO's pending error message
        return None
    try:
        value = image.spec().get_string_attribute("oiio:ColorSpace")
    finally:
        image.close()
    return value.strip() or None


def from_write(text: str | None) -> str | None:
    """A Write's output transform as a colourspace name; ``default`` alone names none.

    Nuke shows the default as ``default (<colourspace>)``: the name in brackets is the one
    the file was written in.
    """
    value = (text or "").strip()
    match = _DEFAULT_ENTRY.match(value)
    if match:
        return match.group("name").strip()
    if not value or value == "default" or value.isdigit():
        return None
    return value
