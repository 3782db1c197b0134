"""Publish plug-ins, one idea per file, run in pyblish order by :mod:`avalon_nuke.publish.script_publish`.

:data:`SEQUENCE` is the one place that says when each plug-in runs; a plug-in takes its
``order`` from :data:`ORDER` by its class name, and its name starts with its phase
(``Collect``, ``Validate``, ``Extract``, ``Integrate``: pyblish's four orders). The plug-ins
themselves are a few lines each: the work is in :mod:`avalon_nuke.publish` functions.

Nuke's install registers this folder with pyblish too, so a pyblish window finds them;
the live host's own collector then supplies the open script, and ``collect_session`` the
database and farm the driver would have passed.
"""

from __future__ import annotations

import pyblish.api

_COLLECT = pyblish.api.CollectorOrder
_VALIDATE = pyblish.api.ValidatorOrder
_EXTRACT = pyblish.api.ExtractorOrder
_INTEGRATE = pyblish.api.IntegratorOrder

#: Every publish plug-in in the order it runs: (class name, pyblish order).
SEQUENCE: tuple[tuple[str, float], ...] = (
    ("CollectLiveNukeScript", _COLLECT - 0.495),  # in Nuke only (the live host's folder): the open script
    ("CollectAvalonSession", _COLLECT - 0.49),    # settings, database and farm when a pyblish GUI runs us
    ("CollectScript", _COLLECT - 0.4),
    ("CollectRenderInstances", _COLLECT - 0.3),
    ("CollectContainers", _COLLECT - 0.2),
    ("ValidateFarmReachable", _VALIDATE - 0.45),  # first: nothing else is worth checking without a farm
    ("ValidateScriptSaved", _VALIDATE - 0.4),
    ("ValidateScriptUnlocked", _VALIDATE - 0.39),
    ("ValidateContext", _VALIDATE - 0.3),
    ("ValidateInstances", _VALIDATE - 0.2),
    ("ValidateSharedStorage", _VALIDATE),
    ("ValidateWriteFormat", _VALIDATE + 0.05),
    ("ValidateFrameRange", _VALIDATE + 0.1),
    ("ValidateContainers", _VALIDATE + 0.2),
    ("ValidateReview", _VALIDATE + 0.25),
    ("ExtractVersions", _EXTRACT - 0.45),         # the version number names the folder the rest write to
    ("ExtractPublishedCopy", _EXTRACT),
    ("ExtractReviewScript", _EXTRACT + 0.1),     # the script the review job renders the movie with
    ("IntegrateFarmJobs", _INTEGRATE),
    ("IntegrateReviewJob", _INTEGRATE + 0.1),     # after the render job it depends on
    ("IntegrateLock", _INTEGRATE + 0.4),          # last: only a publish that went through locks the script
)

ORDER: dict[str, float] = dict(SEQUENCE)
