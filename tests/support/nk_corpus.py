"""Where the shared real-world ``.nk`` corpus is, seen from a checkout or a worktree.

The corpus lives beside the repository (``../shared/nk-corpus``); a worktree
under ``wt/`` sits one level deeper, so both places are looked at. It is read
in place and never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

_REPOSITORY = Path(__file__).resolve().parents[2]
CANDIDATES = (
    _REPOSITORY.parent / "shared" / "nk-corpus",
    _REPOSITORY.parent.parent / "shared" / "nk-corpus",
)


def corpus_folder() -> Path:
    """The corpus folder, or the first candidate (absent) so a skip message can name it."""
    return next((folder for folder in CANDIDATES if folder.is_dir()), CANDIDATES[0])


def corpus_files() -> list[Path]:
    """Every ``.nk`` and ``.gizmo`` file of the corpus, sorted; empty when it is absent."""
    folder = corpus_folder()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".nk", ".gizmo") and p.is_file())
