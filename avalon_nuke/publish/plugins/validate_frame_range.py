"""Instances render frames the shot has (its range plus handles), first before last."""

from __future__ import annotations

import pyblish.api

from avalon_nuke.errors import InputError
from avalon_nuke.publish.plugins import ORDER


class ValidateFrameRange(pyblish.api.InstancePlugin):
    label = "Frame range"
    order = ORDER["ValidateFrameRange"]
    hosts = ["nuke"]
    families = ["render", "prerender"]

    def process(self, instance):
        data = instance.data
        if "frameStart" not in data:
            return  # unreadable farm settings: reported by "Publish instances"
        name, first, last = data["nodeName"], data["frameStart"], data["frameEnd"]
        if first > last:
            raise InputError(f"{name} renders {first}-{last}: the first frame is after the last; fix the "
                             "frame range (Avalon tab, or the script's Project Settings)")
        asset = instance.context.data.get("assetDocs", {}).get(data["asset"])
        if asset is None:
            return  # unknown asset: reported by "Project and assets"
        asset_data = asset.get("data", {})
        start, end = asset_data.get("frameStart"), asset_data.get("frameEnd")
        if not isinstance(start, int) or not isinstance(end, int):
            self.log.warning(f"{name}: asset '{data['asset']}' has no frame range in the database; "
                             f"{first}-{last} not checked")
            return
        low = start - int(asset_data.get("handleStart") or 0)
        high = end + int(asset_data.get("handleEnd") or 0)
        if first < low or last > high:
            raise InputError(f"{name} renders {first}-{last}, outside {data['asset']}'s frames {low}-{high}: "
                             "use Avalon > Set frame range, or the instance's own frame range (Avalon tab)")
