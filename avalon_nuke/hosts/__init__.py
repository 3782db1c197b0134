"""Hosts: where scripts live. ``nk_file`` edits ``.nk`` files headless; ``live_nuke`` is live Nuke.

Both serve the pipeline through :class:`avalon_nuke.hosts.interface.ScriptHost`.
Nothing here imports ``nuke`` until a live-Nuke module is imported explicitly.
"""
