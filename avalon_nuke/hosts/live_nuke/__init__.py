"""The live Nuke host: install into a running Nuke, its callbacks, menus' context commands.

Every module here imports Nuke's own ``nuke`` module, so import them only inside Nuke.
"""
