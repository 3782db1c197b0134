"""The ``.nk`` file host: scripts edited headless, without Nuke."""

from avalon_nuke.hosts.nk_file.host import NkFileHost

__all__ = ["NkFileHost"]
