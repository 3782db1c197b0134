"""The publish driver: run the pyblish plug-ins on a script, and undo a publish that failed.

``publish(host, repo, settings, client)`` runs collectors, validators, then (only
when validation passed) creates the WIP versions, writes the published copies,
submits one farm job per instance and locks the script. It stops at the first
failure after validation and rolls back: versions are deleted, copies removed,
jobs already sent withdrawn. A version whose job the farm may hold (its answer
was lost and it could not be asked) is kept and marked ``farm.state = "unknown"``
instead: deleting it could orphan a render.

:class:`PublishRun` yields each plug-in's pyblish result as it happens, so a
window can show progress; :func:`publish` runs it to the end.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyblish.api
import pyblish.lib
import pyblish.logic
import pyblish.plugin

from avalon_nuke.config import Settings, redact
from avalon_nuke.db.repository import Repository
from avalon_nuke.errors import AvalonError, FarmError, InputError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.publish import published_copy
from avalon_nuke.publish.shared_data import (
    FARM,
    HOST,
    OPTIONS,
    PUBLICATION,
    REPOSITORY,
    SETTINGS,
    FarmClient,
    FarmState,
    Publication,
    PublishOptions,
)
from avalon_nuke.redaction import one_line

log = logging.getLogger(__name__)

PLUGIN_PACKAGE = "avalon_nuke.publish.plugins"
VALIDATION_END = pyblish.api.ValidatorOrder + 0.5  # plug-ins from here on change the world

#: A pyblish plug-in class (pyblish has no type hints, so its attributes go unchecked).
PluginClass = type[pyblish.plugin.Plugin]


@dataclass(frozen=True)
class PublishedInstance:
    node: str
    subset: str
    asset: str
    family: str
    version: int
    version_id: str
    job_id: str | None
    frames: str
    folder: str
    published_copy: str
    farm_state: FarmState
    review: str | None = None          # the review movie's path, when one is made
    review_job_id: str | None = None

    def summary(self) -> dict[str, Any]:
        return {"node": self.node, "subset": self.subset, "asset": self.asset, "family": self.family,
                "version": self.version, "versionId": self.version_id, "jobId": self.job_id,
                "frames": self.frames, "folder": self.folder, "publishedCopy": self.published_copy,
                "farmState": self.farm_state.value, "review": self.review, "reviewJobId": self.review_job_id}


@dataclass
class ScriptPublishResult:
    """What happened: the published instances, or the failures and what was undone."""

    instances: list[PublishedInstance] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def message(self) -> str:
        """One line: the failure (or how many problems and which), and what was undone."""
        texts = [_one_line(error) for error in self.failures]
        if not texts:
            return f"published {len(self.instances)} instance(s)"
        text = texts[0] if len(texts) == 1 else f"{len(texts)} problems: " + "; ".join(texts)
        if self.undone:
            text += " [" + "; ".join(self.undone) + "]"
        return text

    def raise_for_failures(self) -> None:
        """Raise one error for the failures: InputError only when all are the artist's to fix."""
        if self.ok:
            return
        if all(isinstance(error, InputError) for error in self.failures):
            raise InputError(self.message)
        if any(isinstance(error, FarmError) for error in self.failures):
            raise FarmError(self.message)
        raise AvalonError(self.message)


def publish_plugins() -> list[PluginClass]:
    """The publish plug-ins of ``avalon_nuke/publish/plugins``, in pyblish order."""
    package = importlib.import_module(PLUGIN_PACKAGE)
    plugins: list[PluginClass] = []
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{PLUGIN_PACKAGE}.{module_info.name}")
        plugins += [obj for obj in vars(module).values()
                    if inspect.isclass(obj) and issubclass(obj, pyblish.plugin.Plugin)
                    and obj.__module__ == module.__name__]
    pyblish.plugin.sort(plugins)
    return plugins


class PublishRun:
    """One publish of one script; iterate :meth:`steps`, then read :attr:`result`."""

    def __init__(self, host: ScriptHost, repo: Repository, settings: Settings,
                 client: FarmClient | None = None, *, options: PublishOptions | None = None,
                 plugins: Sequence[PluginClass] | None = None) -> None:
        self.context = pyblish.api.Context()
        self.context.data.update({HOST: host, REPOSITORY: repo, SETTINGS: settings, FARM: client,
                                  OPTIONS: options or PublishOptions()})
        self.plugins = list(plugins) if plugins is not None else publish_plugins()
        self.result: ScriptPublishResult | None = None
        self._failures: list[BaseException] = []
        self._warnings: list[str] = []

    def steps(self) -> Iterator[dict]:
        """Each plug-in's pyblish result (``plugin``, ``instance``, ``error``, ``records``...)."""
        try:
            with _quiet_expected_failures():
                yield from self._run()
        except KeyboardInterrupt:  # Ctrl+C, and SIGTERM/SIGHUP as the CLI raises them: undo, then stop
            made = [instance.data[PUBLICATION] for instance in self.context
                    if instance.data.get(PUBLICATION) is not None]
            if made:
                roll_back(made, self.context.data[REPOSITORY], self.context.data.get(FARM))
            raise
        self.result = self._finish()

    def _run(self) -> Iterator[dict]:
        collectors = [p for p in self.plugins if pyblish.lib.inrange(p.order, pyblish.api.CollectorOrder)]
        for plugin, instance in pyblish.logic.Iterator(collectors, self.context):
            yield self._process(plugin, instance)
        if self._failures:
            return
        if not any(instance.data.get("publish", True) for instance in self.context):
            broken = [f"{name}: {problem}" for name, problem in self.context.data.get("brokenInstances", [])]
            self._failures.append(InputError("; ".join(broken) if broken else (
                "nothing to publish: no active render instance in this script (mark a Write with "
                "Avalon > Create or 'avalon-nuke create')")))
            return
        rest = [p for p in self.plugins if p not in collectors
                and (not p.__instanceEnabled__ or pyblish.logic.instances_by_plugin(self.context, p))]
        state: dict[str, Any] = {"nextOrder": None, "ordersWithError": set()}
        for plugin, instance in pyblish.logic.Iterator(rest, self.context, state):
            result = self._process(plugin, instance)
            yield result
            if result["error"] is not None:
                if plugin.order >= VALIDATION_END:
                    return  # the world has changed: stop here and undo
                state["ordersWithError"].add(plugin.order)

    def _process(self, plugin: PluginClass, instance: Any) -> dict:
        result = pyblish.plugin.process(plugin, self.context, instance)
        error = result["error"]
        if error is not None:
            if not isinstance(error, AvalonError):
                label = getattr(plugin, "label", None) or plugin.__name__
                error = AvalonError(f"{label} failed unexpectedly: {type(error).__name__}: {error}")
            self._failures.append(error)
        for record in result["records"]:
            if record.levelno >= logging.WARNING:
                self._warnings.append(redact(record.getMessage()))
        return result

    def _finish(self) -> ScriptPublishResult:
        publications = [(instance, instance.data[PUBLICATION]) for instance in self.context
                        if instance.data.get(PUBLICATION) is not None]
        result = ScriptPublishResult(failures=list(self._failures), warnings=list(self._warnings))
        if result.ok:
            result.instances = [_published(instance, publication) for instance, publication in publications]
        elif publications:
            result.undone = roll_back([p for _, p in publications], self.context.data[REPOSITORY],
                                      self.context.data.get(FARM))
        return result


def publish(host: ScriptHost, repo: Repository, settings: Settings, client: FarmClient | None = None, *,
            instances: Sequence[str] | None = None, frames: tuple[int, int] | None = None,
            comment: str = "", project: str | None = None, review: bool = True,
            plugins: Sequence[PluginClass] | None = None) -> ScriptPublishResult:
    """Validate, publish and submit the script's instances (or those named in *instances*).

    *review* False sends no review movie job for any instance (``--no-review``).
    """
    options = PublishOptions(tuple(instances) if instances is not None else None, frames, comment, project,
                             review)
    run = PublishRun(host, repo, settings, client, options=options, plugins=plugins)
    for _ in run.steps():
        pass
    assert run.result is not None
    return run.result


def roll_back(publications: Sequence[Publication], repo: Repository, client: FarmClient | None) -> list[str]:
    """Undo what a failed publish made; return one line per version saying what became of it."""
    notes = []
    for publication in reversed(publications):
        label = publication.label
        if publication.adopted:
            notes.append(f"{label} kept: an earlier attempt's job for it is on the farm")
            continue
        if publication.farm_state is FarmState.UNKNOWN:
            notes.append(f"{label} kept, marked 'farm state unknown' (the farm may have its job)")
            continue
        jobs = [job for job in (publication.review_job_id, publication.job_id) if job]  # dependent first
        try:
            for job in jobs:
                if client is None:
                    raise FarmError("no farm client to withdraw it with")
                client.delete(job)
        except AvalonError as error:
            notes.append(f"{label} kept: its job {publication.job_id} is on the farm and could not be "
                         f"withdrawn ({_one_line(error)})")
            _mark(repo, publication, f"published while another instance failed: {_one_line(error)}")
            continue
        try:
            repo.delete_version(publication.project, publication.version["_id"])
        except AvalonError as error:
            notes.append(f"{label} could not be removed from the database: {_one_line(error)}")
            continue
        try:
            published_copy.remove(publication)
        except OSError as error:
            notes.append(f"{label} removed; its folder {publication.folder} could not be: {error}")
            continue
        withdrawn = f" and job{'s' if len(jobs) > 1 else ''} {', '.join(jobs)} withdrawn" if jobs else ""
        notes.append(f"{label} rolled back{withdrawn}")
    return notes


def _mark(repo: Repository, publication: Publication, reason: str) -> None:
    try:
        repo.update_version_data(publication.project, publication.version["_id"], {"publishError": reason})
    except AvalonError:
        log.warning("could not note the failure on %s", publication.label)


def _published(instance: Any, publication: Publication) -> PublishedInstance:
    first, last = publication.frames
    return PublishedInstance(
        node=instance.data.get("nodeName", ""), subset=publication.subset, asset=publication.asset,
        family=publication.family, version=publication.version["name"],
        version_id=str(publication.version["_id"]), job_id=publication.job_id, frames=f"{first}-{last}",
        folder=str(publication.folder), published_copy=str(publication.copy_path),
        farm_state=publication.farm_state, review=publication.review_path,
        review_job_id=publication.review_job_id)


def _one_line(error: object) -> str:
    """An error as one line; one without a message says what it is."""
    return one_line(error, empty=type(error).__name__, limit=None)


class _ExpectedFailureFilter(logging.Filter):
    """Drop pyblish's own error logs for failures the result reports (tracebacks of AvalonError,
    "Stopped due to failed validation"): a terminal would show them on top of our one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, AvalonError) and not record.getMessage().startswith("Stopped due to")


@contextmanager
def _quiet_expected_failures() -> Iterator[None]:
    loggers = [logging.getLogger("pyblish.plugin"), logging.getLogger("pyblish.logic")]
    quiet = _ExpectedFailureFilter()
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)
