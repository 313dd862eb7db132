"""Owner-only files written atomically: temp file in the target folder, fsync, rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def ensure_private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)


@dataclass
class PrivateFile:
    handle: IO[Any]
    temp_path: Path  # where the content is until it takes its name


@contextlib.contextmanager
def private_atomic_file(
    path: Path, text: bool = False, encoding: str | None = None, newline: str | None = None
) -> Iterator[PrivateFile]:
    """A file to write ``path``'s new content into: owner-only, in the target folder under
    a temporary name, flushed to disk and renamed to ``path`` only when the block ends
    without an error. On any error it is removed and ``path`` keeps its old content. The one
    way caseapp writes a file the user or the store will read."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        mode = "w" if text else "wb"
        with open(fd, mode, encoding=encoding, newline=newline) as handle:
            yield PrivateFile(handle, Path(tmp_name))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(folder)


def write_private_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new content, never half."""
    with private_atomic_file(path) as out:
        out.handle.write(data)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk (POSIX only).
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
