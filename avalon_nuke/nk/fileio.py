"""Bytes in, bytes out: decoding that keeps every byte, and atomic writes."""

from __future__ import annotations

import os
import tempfile

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


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``.

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
            stream.write(data)
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
