"""Pyblish plug-ins shipped with avalon-nuke (``publish``: collect, validate, publish, submit)."""
