"""The pipeline database as domain operations, over two storage backends.

Callers ask for "the newest approved version of these subsets", never for a
query. The domain rules (names, approval bookkeeping, version numbering) live
here once; a backend supplies a handful of primitives, each of which is exactly
one database round trip, counted in :attr:`Repository.round_trips` so tests and
benchmarks can hold us to "constant round trips, not one per container".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from bson import ObjectId

from avalon_nuke.db import documents as docs
from avalon_nuke.db.documents import Document
from avalon_nuke.errors import ConflictError, InputError, NotFoundError
from avalon_nuke.names import did_you_mean, validate_name
from avalon_nuke.paths import DEFAULT_PUBLISH_TEMPLATE, DEFAULT_WORK_TEMPLATE


@dataclass(frozen=True)
class RepresentationSpec:
    """What a publish knows about one representation before ids exist."""

    name: str
    path: str
    context: Mapping[str, Any] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)


SpecsForNumber = Callable[[int], Iterable[RepresentationSpec]]


class VersionHeads(NamedTuple):
    """Where a subset stands: its highest version number, overall and among approved ones.

    Everything a container's policy looks at, so two equal heads mean nothing to switch.
    """

    newest: int
    newest_approved: int | None


class VersionFeed(Protocol):
    """Changes the server pushes (a MongoDB change stream), read without scanning versions."""

    def changed(self) -> bool:
        """True when a version was added, changed or removed since the last call."""

    def close(self) -> None:
        """Stop listening."""


class Repository(ABC):
    """One pipeline database. Open with :func:`avalon_nuke.db.open_database`."""

    def __init__(self) -> None:
        self.round_trips = 0

    # -- primitives: one round trip each -------------------------------------------------
    @abstractmethod
    def _find_one(self, project: str, type_: str, parent: ObjectId | None, name: Any) -> Document | None:
        """The document of that type, parent and name."""

    @abstractmethod
    def _children(self, project: str, type_: str, parents: Sequence[ObjectId | None], *,
                  approved_only: bool = False) -> list[Document]:
        """Documents of a type under any of *parents*; versions newest first, others by name."""

    @abstractmethod
    def _by_ids(self, project: str, ids: Sequence[ObjectId]) -> list[Document]:
        """Documents with those ids (missing ids are simply absent)."""

    @abstractmethod
    def _insert(self, project: str, documents: Sequence[Document]) -> None:
        """Insert all or nothing; an existing (type, parent, name) raises ConflictError."""

    @abstractmethod
    def _insert_numbered(self, project: str, subset_id: ObjectId,
                         make: Callable[[int], list[Document]]) -> list[Document]:
        """Insert ``make(n)`` for the next free version number n of the subset, atomically.

        Concurrent publishers of one subset must all succeed with distinct numbers.
        """

    @abstractmethod
    def _incomplete_versions(self, project: str, subset_ids: Sequence[ObjectId]) -> list[Document]:
        """The versions of those subsets still marked incomplete (which every listing hides)."""

    @abstractmethod
    def _newest(self, project: str, subset_ids: Sequence[ObjectId], *,
                approved_only: bool) -> list[Document]:
        """The highest-numbered version of each subset (optionally among approved ones)."""

    @abstractmethod
    def _heads(self, project: str, subset_ids: Sequence[ObjectId],
               floors: Mapping[ObjectId, int]) -> list[tuple[ObjectId, int, int | None]]:
        """``(subset id, newest number, newest approved number or None)`` for subsets with versions.

        *floors* (a subset's newest approved number when last asked) lets a backend that must read
        versions read only those from the floor up; it answers exactly all the same.
        """

    @abstractmethod
    def _rejected(self, project: str, version_ids: Sequence[ObjectId]) -> set[ObjectId]:
        """Those of the ids that are versions whose ``data.rejected`` is true."""

    @abstractmethod
    def _merge_data(self, project: str, id_: ObjectId, values: Mapping[str, Any]) -> Document | None:
        """Set ``data.<key>`` for each item (remove it for ``docs.UNSET``); return the updated document."""

    @abstractmethod
    def _delete(self, project: str, ids: Sequence[ObjectId]) -> None:
        """Remove those documents."""

    @abstractmethod
    def _project_names(self) -> list[str]:
        """Every project this database holds."""

    @abstractmethod
    def close(self) -> None:
        """Release connections; the repository is unusable afterwards."""

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- projects and assets ---------------------------------------------------------------
    def create_project(self, name: str, *, root: str, publish_template: str = DEFAULT_PUBLISH_TEMPLATE,
                       work_template: str = DEFAULT_WORK_TEMPLATE,
                       data: Mapping[str, Any] | None = None) -> Document:
        validate_name("project", name)
        if self._find_one(name, "project", None, name) is not None:
            raise ConflictError(f"project '{name}' already exists")
        project = docs.new_project(name, root=str(root), publish_template=publish_template,
                                   work_template=work_template, data=data)
        self._insert(name, [project])
        return project

    def project(self, name: str) -> Document:
        found = self._find_one(name, "project", None, name)
        if found is None:
            hint = (did_you_mean(name, self._project_names())
                    or " (create it with 'avalon-nuke project create')")
            raise NotFoundError(f"no project '{name}'{hint}")
        return found

    def projects(self) -> list[Document]:
        names = self._project_names()
        return [project for name in names if (project := self._find_one(name, "project", None, name))]

    def create_asset(self, project: str, name: str, data: Mapping[str, Any] | None = None) -> Document:
        validate_name("asset", name)
        project_doc = self.project(project)
        asset = docs.new_asset(project_doc["_id"], name, data)
        self._insert(project, [asset])
        return asset

    def asset(self, project: str, name: str) -> Document:
        project_doc = self.project(project)
        found = self._find_one(project, "asset", project_doc["_id"], name)
        if found is None:
            names = [a["name"] for a in self._children(project, "asset", [project_doc["_id"]])]
            raise NotFoundError(f"no asset '{name}' in project '{project}'{did_you_mean(name, names)}")
        return found

    def assets(self, project: str) -> list[Document]:
        return self._children(project, "asset", [self.project(project)["_id"]])

    # -- subsets ---------------------------------------------------------------------------
    def ensure_subset(self, project: str, asset_id: ObjectId, name: str, family: str) -> Document:
        """The subset, created on first publish; a family mismatch is refused, not mixed."""
        validate_name("subset", name)
        validate_name("family", family)
        existing = self._find_one(project, "subset", asset_id, name)
        if existing is None:
            subset = docs.new_subset(asset_id, name, family)
            try:
                self._insert(project, [subset])
                return subset
            except ConflictError:  # another publisher created it a moment ago
                existing = self._find_one(project, "subset", asset_id, name)
                assert existing is not None
        families = existing.get("data", {}).get("families") or [existing.get("data", {}).get("family")]
        if family not in families:
            raise InputError(f"subset '{name}' is a {families[0]} subset, not {family}")
        return existing

    def subset(self, project: str, asset_id: ObjectId, name: str) -> Document:
        found = self._find_one(project, "subset", asset_id, name)
        if found is None:
            raise NotFoundError(f"no subset '{name}' in {self._asset_name(project, asset_id)}"
                                f"{did_you_mean(name, [s['name'] for s in self.subsets(project, asset_id)])}")
        return found

    def _asset_name(self, project: str, asset_id: ObjectId) -> str:
        """``asset 'sh010'`` for messages (an extra round trip, on the error path only)."""
        found = self._by_ids(project, [asset_id])
        return f"asset '{found[0]['name']}'" if found else f"that asset of project '{project}'"

    def subsets(self, project: str, asset_id: ObjectId) -> list[Document]:
        return self._children(project, "subset", [asset_id])

    def subsets_of_assets(self, project: str, asset_ids: Iterable[ObjectId]) -> list[Document]:
        """The subsets of many assets in one round trip (the Loader's search by subset name)."""
        ids = list(dict.fromkeys(asset_ids))
        return self._children(project, "subset", ids) if ids else []

    # -- versions --------------------------------------------------------------------------
    def publish_version(self, project: str, subset_id: ObjectId, data: Mapping[str, Any],
                        representations: Iterable[RepresentationSpec] | SpecsForNumber,
                        *, incomplete: Mapping[str, Any] | None = None,
                        ) -> tuple[Document, list[Document]]:
        """Create the next version of a subset with its representations, all or nothing.

        ``data`` must say ``approved``: we never guess whether a render is final.
        Representation paths usually contain the version number, which is only
        known inside the numbering transaction; pass a function of the number then.
        With *incomplete* (who is placing the files) the version stays hidden from
        every listing until :meth:`complete_version`.
        """
        if "approved" not in data:
            raise InputError("a new version must say whether it is approved")
        fixed = None if callable(representations) else list(representations)
        if incomplete is not None:
            data = {**data, docs.INCOMPLETE: dict(incomplete)}

        def make(number: int) -> list[Document]:
            specs = fixed if fixed is not None else list(representations(number))  # type: ignore[operator]
            version = docs.new_version(subset_id, number, data)
            reps = [docs.new_representation(version["_id"], spec.name, spec.path,
                                            {**spec.context, "version": number}, spec.data)
                    for spec in specs]
            return [version, *reps]

        inserted = self._insert_numbered(project, subset_id, make)
        return inserted[0], inserted[1:]

    def complete_version(self, project: str, version_id: ObjectId) -> Document:
        """Every file of the version is in place: it becomes visible (one round trip)."""
        return self.update_version_data(project, version_id, {docs.INCOMPLETE: docs.UNSET})

    def incomplete_versions(self, project: str, subset_id: ObjectId) -> list[Document]:
        """Versions of the subset whose publish has not finished (running, or killed)."""
        return self._incomplete_versions(project, [subset_id])

    def versions(self, project: str, subset_id: ObjectId, *, include_wip: bool = True) -> list[Document]:
        """Newest first; work-in-progress versions only when asked for."""
        return self._children(project, "version", [subset_id], approved_only=not include_wip)

    def versions_of_subsets(self, project: str, subset_ids: Sequence[ObjectId], *,
                            include_wip: bool = True) -> list[Document]:
        return self._children(project, "version", list(subset_ids), approved_only=not include_wip)

    def version(self, project: str, version_id: ObjectId) -> Document:
        found = self._by_ids(project, [version_id])
        if not found or found[0].get("type") != "version":
            raise NotFoundError(f"no version with id {version_id} in project '{project}'")
        return found[0]

    def version_by_number(self, project: str, subset_id: ObjectId, number: int) -> Document:
        found = self._find_one(project, "version", subset_id, int(number))
        if found is None:
            raise NotFoundError(self._no_version(project, subset_id, int(number)))
        if docs.is_incomplete(found):
            raise NotFoundError(f"version {number} of that subset is incomplete (its publish has not "
                                "finished or was killed; the next publish of the subset cleans it up)")
        return found

    def _no_version(self, project: str, subset_id: ObjectId, number: int) -> str:
        """``lightingMain of sh010 has no version 7 (it has v001-v003)``: the error path only."""
        subsets = self._by_ids(project, [subset_id])
        name = f"subset '{subsets[0]['name']}'" if subsets else "that subset"
        numbers = sorted(int(v["name"]) for v in self.versions(project, subset_id))
        has = f"it has {docs.version_numbers_text(numbers)}" if numbers else "it has no versions yet"
        return f"{name} has no version {number} ({has})"

    def newest_versions(self, project: str, subset_ids: Iterable[ObjectId], *,
                        approved_only: bool = False) -> dict[ObjectId, Document]:
        """Newest (or newest approved) version per subset, in one round trip for any count."""
        ids = list(dict.fromkeys(subset_ids))
        if not ids:
            return {}
        newest = self._newest(project, ids, approved_only=approved_only)
        return {version["parent"]: version for version in newest}

    def version_heads(self, project: str, subset_ids: Iterable[ObjectId], *,
                      since: Mapping[ObjectId, VersionHeads] | None = None) -> dict[ObjectId, VersionHeads]:
        """Newest and newest approved version number per subset: one indexed round trip, any count.

        Numbers only, no documents: the approval watcher asks this every few seconds from every
        open script, and resolves (four round trips) only the subsets whose heads moved.
        Subsets without versions are left out. *since* (the answer the caller had before) only
        makes it cheaper: MongoDB then reads the versions from each newest approved one up, not
        a subset's whole history (one more round trip when an approval was withdrawn meanwhile).
        """
        ids = list(dict.fromkeys(subset_ids))
        if not ids:
            return {}
        floors = {s: h.newest_approved for s, h in (since or {}).items() if h.newest_approved is not None}
        rows = self._heads(project, ids, floors)
        return {subset: VersionHeads(newest, approved) for subset, newest, approved in rows}

    def rejected_versions(self, project: str, version_ids: Iterable[ObjectId]) -> set[ObjectId]:
        """Which of *version_ids* are rejected now: one round trip by id, any count.

        Rejecting a version below both heads of its subset (one a Read is pinned to, or kept on
        as older work) moves no head: the approval watcher asks this for such versions only.
        """
        ids = list(dict.fromkeys(version_ids))
        return self._rejected(project, ids) if ids else set()

    def version_feed(self, project: str) -> VersionFeed | None:
        """A feed of version changes when the server pushes them (MongoDB change streams), else None.

        Without one, callers poll :meth:`version_heads`.
        """
        return None

    def set_approval(self, project: str, version_id: ObjectId, approved: bool,
                     user: str | None = None) -> Document:
        """Approve (or withdraw approval of) a version, recording who and when.

        Approving a rejected version takes the rejection back: the lighter changed their mind."""
        self.version(project, version_id)
        values: dict[str, Any] = {"approved": bool(approved)}
        if approved:
            values.update(approvedBy=user or docs.current_user(), approvedAt=docs.utc_timestamp(),
                          rejected=False, rejectedBy=None, rejectedAt=None)
        else:
            values.update(approvedBy=None, approvedAt=None)
        updated = self._merge_data(project, version_id, values)
        assert updated is not None
        return updated

    def set_rejection(self, project: str, version_id: ObjectId, rejected: bool,
                      user: str | None = None) -> Document:
        """Reject a version (kept, listed only with work in progress, followed by no policy), or undo that.

        A rejected version is not approved; undoing the rejection leaves it work in progress."""
        self.version(project, version_id)
        values: dict[str, Any] = {"rejected": bool(rejected)}
        if rejected:
            values.update(rejectedBy=user or docs.current_user(), rejectedAt=docs.utc_timestamp(),
                          approved=False, approvedBy=None, approvedAt=None)
        else:
            values.update(rejectedBy=None, rejectedAt=None)
        updated = self._merge_data(project, version_id, values)
        assert updated is not None
        return updated

    def update_version_data(self, project: str, version_id: ObjectId, values: Mapping[str, Any]) -> Document:
        updated = self._merge_data(project, version_id, values)
        if updated is None or updated.get("type") != "version":
            raise NotFoundError(f"no version with id {version_id} in project '{project}'")
        return updated

    def delete_version(self, project: str, version_id: ObjectId) -> None:
        """Remove a version and its representations (undoing a publish that failed)."""
        reps = self._children(project, "representation", [version_id])
        self._delete(project, [version_id, *(rep["_id"] for rep in reps)])

    def import_documents(self, project: str, documents: Sequence[Document]) -> None:
        """Insert ready-made documents in one transaction (migrations, fixtures, benchmarks).

        No numbering or name checks beyond the database's own unique keys.
        """
        self._insert(project, list(documents))

    # -- representations and lookups by id -------------------------------------------------
    def representations(self, project: str, version_ids: Iterable[ObjectId]) -> list[Document]:
        ids = list(dict.fromkeys(version_ids))
        return self._children(project, "representation", ids) if ids else []

    def documents(self, project: str, ids: Iterable[ObjectId]) -> dict[ObjectId, Document]:
        """Many documents by id in one round trip; unknown ids are left out."""
        unique = list(dict.fromkeys(ids))
        return {doc["_id"]: doc for doc in self._by_ids(project, unique)} if unique else {}
