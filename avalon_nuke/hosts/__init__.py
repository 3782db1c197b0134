"""Hosts: where scripts live. ``nkfile`` edits ``.nk`` files headless; ``nuke`` is live Nuke.

Both serve the pipeline through :class:`avalon_nuke.hosts.interface.ScriptHost`.
Nothing here imports ``nuke`` until a live-Nuke module is imported explicitly.
"""
