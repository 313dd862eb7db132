"""Process hardening at start, before any key or passphrase exists in memory.

A core dump of caseapp would hold the database key, decrypted records and the passphrase,
written in plaintext wherever the system puts cores. At start the core size limit is set
to 0 (soft and hard, so nothing in the process can raise it again) and, on Linux, the
process is made non-dumpable (``PR_SET_DUMPABLE`` 0: no core even when a core handler
such as systemd-coredump is a pipe, and no ptrace attach or /proc/PID/mem read by other
processes of the same user). Elsewhere what the system offers is done and the rest
skipped; a failure never stops the program.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def harden_process() -> None:
    """No core dumps, not dumpable. Safe to call more than once."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def end_with_parent(parent: int) -> bool:
    """Linux: have the kernel end this process (SIGTERM) when ``parent``, the process that
    started it, ends, however it ends, so that a helper never outlives its program. Ends now
    if ``parent`` has already gone. False where this cannot be asked."""
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    if libc is None or libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:  # it ended before the request was made
        os.kill(os.getpid(), signal.SIGTERM)
    return True


def is_dumpable() -> bool | None:
    """What ``PR_GET_DUMPABLE`` says (None where it cannot be asked)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    if libc is None:
        return None
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    prctl.restype = ctypes.c_int
    return libc
