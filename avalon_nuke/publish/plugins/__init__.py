"""Publish plug-ins, one idea per file, run in pyblish order by :mod:`avalon_nuke.publish.script_publish`.

Nuke's install registers this folder with pyblish too, so a pyblish window finds them;
the live host's own collector then supplies the open script, and ``collect_session`` the
database and farm the driver would have passed.
"""
