"""The Deadline Web Service client: requests (``transport``), errors, the client, job building,
job ids, frames, states, progress.

It never imports :mod:`avalon_nuke.local_farm`; the local farm imports its shared definitions.
"""
