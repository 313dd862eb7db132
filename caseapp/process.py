"""Process hardening at start (caseapp/store/hardening.py says what and why): the command line
and the window call it first; the store's helper processes call it too."""

from caseapp.store.hardening import harden_process, is_dumpable

__all__ = ["harden_process", "is_dumpable"]
