"""Names from file names: a render pass (AOV) from its sequence, without the shot baked in.

Renderers name AOV files after the shot, the layer and the version
(``sh010_lightingMain_v003_diffuse.####.exr``); a representation called
``sh010_lightingMain_v003_diffuse_exr`` repeats what the version already says. The pass
is what is left once the asset, the subset and the version tokens are taken out.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[._\-\s]+")
_VERSION_TOKEN = re.compile(r"v\d+", re.IGNORECASE)


def pass_name(stem: str, *, asset: str = "", subset: str = "") -> str:
    """``diffuse`` for ``sh010_lightingMain_v003_diffuse``; ``""`` when nothing is left."""
    dropped = {name.lower() for name in (asset, subset) if name}
    kept = [token for token in _SEPARATORS.split(stem)
            if token and token.lower() not in dropped and not _VERSION_TOKEN.fullmatch(token)]
    text = "_".join(kept)
    return "".join(c for c in text if c.isalnum() or c == "_").strip("_")
