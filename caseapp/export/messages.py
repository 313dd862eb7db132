"""The export layer's messages: codes and English templates (see caseapp/store/messages.py).

Parameters are file and folder names, the operating system's reason, testimony codes and
profile names; never record content."""

from __future__ import annotations

from caseapp.services.messages import QT_TRANSLATE_NOOP, Message

__all__ = ["Message"]

QT_TRANSLATE_NOOP("messages", "the export was cancelled; nothing was written", "export.cancelled")
QT_TRANSLATE_NOOP(
    "messages",
    "PDF export needs a graphical Qt application, not a core one",
    "export.needs_gui",
)
QT_TRANSLATE_NOOP("messages", "the bundled font {font} could not be loaded", "export.font")
QT_TRANSLATE_NOOP("messages", "the PDF could not be started", "export.pdf_not_started")
QT_TRANSLATE_NOOP("messages", "the PDF layout changed between passes", "export.pdf_layout")
QT_TRANSLATE_NOOP("messages", "{path} is a folder; give a file name", "export.is_folder")
QT_TRANSLATE_NOOP("messages", "the folder {folder} does not exist", "export.no_folder")
QT_TRANSLATE_NOOP("messages", "cannot write in the folder {folder}", "export.folder_read_only")
QT_TRANSLATE_NOOP(
    "messages", "cannot write {path}: {reason}; nothing was written", "export.cannot_write"
)
QT_TRANSLATE_NOOP("messages", "no such testimony (it may have been deleted)", "export.no_testimony")
QT_TRANSLATE_NOOP(
    "messages",
    "testimony {code} may not leave under the {profile} profile: {reason}",
    "export.consent_refused",
)
QT_TRANSLATE_NOOP("messages", "no consent is recorded for it", "export.no_consent")
QT_TRANSLATE_NOOP("messages", "its consent was withdrawn", "export.consent_withdrawn")
QT_TRANSLATE_NOOP(
    "messages", "its source did not consent to internal use", "export.no_internal_consent"
)
QT_TRANSLATE_NOOP(
    "messages",
    "its source did not consent to sharing with UN mechanisms",
    "export.no_un_consent",
)
QT_TRANSLATE_NOOP(
    "messages", "its source did not consent to publication", "export.no_public_consent"
)
