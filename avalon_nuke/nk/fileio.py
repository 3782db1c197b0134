"""Bytes in, bytes out: decoding that keeps every byte, and atomic writes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

ENCODING = "utf-8"
# Bytes that are not UTF-8 (old Latin-1 labels, junk) survive as lone surrogates
# and are written back as the same bytes.
ERRORS = "surrogateescape"


def decode(data: bytes) -> str:
    return data.decode(ENCODING, ERRORS)


def encode(text: str) -> bytes:
    return text.encode(ENCODING, ERRORS)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()


def read_text(path: str | os.PathLike[str]) -> str:
    """The decoded file; its bytes are freed as soon as this returns."""
    return decode(read_bytes(path))


CHUNK = 1 << 20


def encode_chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    """Encode text pieces in ~1 MB chunks (each lone surrogate is one byte on its own)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield encode("".join(batch))
            batch, size = [], 0
    if batch:
        yield encode("".join(batch))


@contextmanager
def claimed(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold a new file's name while it is written: ``path`` is created empty first, or
    FileExistsError raised, so two saves choosing the same new file at the same moment cannot
    both write it; if the block fails the file is removed (it holds nothing of anyone else's)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(path)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

    ``data`` is the bytes, or chunks of them written one after another.

    Readers (and a crash half-way) see either the old file or the new one, never
    a truncated script. The old file's permissions are kept.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        mode: int | None = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    handle, temporary = tempfile.mkstemp(
        prefix="." + os.path.basename(target) + ".", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes | bytearray):
                stream.write(data)
            else:
                for chunk in data:
                    stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
