"""The Deadline Web Service client: requests, errors, job building, frames, states, progress.

It never imports :mod:`avalon_nuke.local_farm`; the local farm imports its shared definitions.
"""
