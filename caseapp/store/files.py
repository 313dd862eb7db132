"""Owner-only files written atomically, never visible before they are complete.

Where the file system allows it (Linux, ``O_TMPFILE``), the content is written into an
unnamed file in the target folder: a kill or a power cut at any moment leaves no entry in
the folder, because the file gets a name only once its content is complete and on disk.
Elsewhere (vfat and exFAT sticks, other systems) the content goes into a hidden named
temporary file beside the target, renamed when complete; its name is first handed to a
``Leftovers`` register (kept in the encrypted database by the services), so that the next
start removes what a kill left behind.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700

# O_TMPFILE refused: no support in the kernel (EISDIR, EINVAL) or the file system (EOPNOTSUPP).
_NO_UNNAMED = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOSYS}
_PROC_FD = Path("/proc/self/fd")
_NO_MODES = {errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM}


def ensure_private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)


class Leftovers(Protocol):
    """Where a named temporary file is noted before it exists, and forgotten once it is gone
    or has taken its final name: what lets the next start remove a file a kill left."""

    def note(self, temp: Path) -> None: ...

    def forget(self, temp: Path) -> None: ...


UnnamedOpener = Callable[[Path], int | None]
"""Open an unnamed owner-only file for writing in a folder: a descriptor, or None when the
file system cannot (the named fallback is used then)."""


def open_unnamed(folder: Path) -> int | None:
    """``O_TMPFILE`` in ``folder`` where Linux and the file system allow it, else None."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not _PROC_FD.is_dir():  # linking it needs /proc/self/fd
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE)
    except OSError as exc:
        if exc.errno in _NO_UNNAMED:
            return None
        raise


def refuse_unnamed(folder: Path) -> int | None:
    """An opener for a file system without ``O_TMPFILE`` (tests; other systems)."""
    return None


@dataclass
class PrivateFile:
    handle: IO[bytes]
    temp_path: Path  # where the content can be read back until it takes its name


def temp_name_for(path: Path) -> Path:
    """A hidden name beside ``path`` for its content until it is complete."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def is_temp_name_for(candidate: Path) -> bool:
    """Whether ``candidate`` has the form ``temp_name_for`` gives (clean-up touches no other)."""
    name = candidate.name
    return name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3


@contextlib.contextmanager
def private_atomic_file(
    path: Path,
    *,
    leftovers: Leftovers | None = None,
    opener: UnnamedOpener = open_unnamed,
) -> Iterator[PrivateFile]:
    """A file to write ``path``'s new content into: owner-only from its first byte, flushed
    to disk and given the name ``path`` only when the block ends without an error. On any
    error nothing is left and ``path`` keeps its old content. The one way caseapp writes a
    file the user or the store will read.

    ``leftovers`` is told every hidden name before a file takes it; without it, a kill while
    a named temporary file exists (only where ``O_TMPFILE`` is refused) leaves it behind.

    The system's errors in writing it name ``path`` (``_FileFor``)."""
    folder = path.parent
    fd = opener(folder)
    if fd is None:
        with _named_temp(path, leftovers) as out:
            yield out
        return
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
        handle = _FileFor(fd, path)
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield PrivateFile(handle, _PROC_FD / str(fd))
        _sync(handle, path)
        _link_into_place(fd, path, leftovers)


class _FileFor(io.BufferedRandom):
    """The handle of the content being written for ``path``. Binary, and readable: a PDF's
    digest reads the file back (a CSV export encodes its rows itself, in batches:
    caseapp.export.csv_sink).

    Opened from a descriptor, so the system's errors on it name no file: they are raised
    naming ``path``. A write to a full stick fails inside the caller's database session,
    whose error mapping (caseapp/store/media.py) takes an error naming no file for one of
    the archive's own medium."""

    def __init__(self, fd: int, path: Path) -> None:
        super().__init__(io.FileIO(fd, "r+"))
        self._for = path

    def write(self, data: Any) -> int:
        with _errors_naming(self._for):
            return super().write(data)

    def flush(self) -> None:
        with _errors_naming(self._for):
            super().flush()


def _sync(handle: _FileFor, path: Path) -> None:
    handle.flush()
    with _errors_naming(path):
        os.fsync(handle.fileno())


@contextlib.contextmanager
def _errors_naming(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _link_into_place(fd: int, path: Path, leftovers: Leftovers | None) -> None:
    """Give the complete, synced unnamed file ``fd`` the name ``path``: directly when the
    name is free (atomic, nothing else is ever named), else under a noted hidden name that
    then replaces the old file."""
    source = str(_PROC_FD / str(fd))
    folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        # A directory descriptor makes os.link call linkat() with AT_SYMLINK_FOLLOW, which
        # links the file /proc/self/fd/N points at (plain link() would link the symlink).
        with contextlib.suppress(FileExistsError):
            os.link(source, path.name, dst_dir_fd=folder, follow_symlinks=True)
            os.fsync(folder)
            return
        temp = temp_name_for(path)
        if leftovers is not None:
            leftovers.note(temp)
        try:
            os.link(source, temp.name, dst_dir_fd=folder, follow_symlinks=True)
            os.replace(temp.name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp.name, dir_fd=folder)
            _forget_quietly(leftovers, temp)
            raise
        os.fsync(folder)
    finally:
        os.close(folder)
    if leftovers is not None:
        leftovers.forget(temp)


@contextlib.contextmanager
def _named_temp(path: Path, leftovers: Leftovers | None) -> Iterator[PrivateFile]:
    """The fallback: a hidden temporary file beside ``path``, noted before it exists."""
    temp = temp_name_for(path)
    if leftovers is not None:
        leftovers.note(temp)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, PRIVATE_FILE_MODE)
    except BaseException:
        _forget_quietly(leftovers, temp)  # nothing was created
        raise
    try:
        try:
            _owner_only(fd)
            handle = _FileFor(fd, path)
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield PrivateFile(handle, temp)
            _sync(handle, path)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        _forget_quietly(leftovers, temp)
        raise
    _fsync_dir(path.parent)
    if leftovers is not None:
        leftovers.forget(temp)


def _owner_only(fd: int) -> None:
    # Created 0600 already (the umask can only take bits away); this makes it exact. A file
    # system that keeps no modes (FAT through FUSE) may refuse: nothing to make exact there.
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except OSError as exc:
        if exc.errno not in _NO_MODES:
            raise


def _forget_quietly(leftovers: Leftovers | None, temp: Path) -> None:
    # On the way out of an error: a note that cannot be dropped now is dropped by the next
    # start's clean-up, which finds no file; the error that brought us here is the one to see.
    if leftovers is not None and not temp.exists():
        with contextlib.suppress(Exception):
            leftovers.forget(temp)


def write_private_atomically(
    path: Path,
    data: bytes,
    *,
    leftovers: Leftovers | None = None,
    opener: UnnamedOpener = open_unnamed,
) -> None:
    """Write ``data`` so that ``path`` holds either the old or the new content, never half."""
    with private_atomic_file(path, leftovers=leftovers, opener=opener) as out:
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
