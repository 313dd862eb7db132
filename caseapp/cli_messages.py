"""The command line's words, in the language of the user's locale.

The language comes from the first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``
that is set (``LANGUAGE`` may list several, "ko:en": the first counts): Korean for "ko...",
English otherwise. Korean is read from the same compiled translation the window loads
(resources/i18n/caseapp_ko.qm) through QtCore's ``QTranslator``, which needs no application
object; QtCore is imported only when a Korean line is printed (about 0.1 s), so English
output costs no Qt at all. One source of Korean text, checked by
packaging/update_translations.py --check like every other string.

argparse's own usage and help texts stay English.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from caseapp.preload import settle
from caseapp.resources import resource
from caseapp.services.messages import CONTEXT, QT_TRANSLATE_NOOP, Message, catalogue, render

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator

__all__ = ["Message", "cli_language", "say"]

LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# -- the command line's own texts ---------------------------------------------------------------
QT_TRANSLATE_NOOP("messages", "caseapp: error: {problem}", "cli.error")
QT_TRANSLATE_NOOP("messages", "caseapp: {problem}; nothing changed", "cli.nothing_changed")
QT_TRANSLATE_NOOP(
    "messages", "caseapp: interrupted; nothing half-written was kept", "cli.interrupted"
)
QT_TRANSLATE_NOOP(
    "messages",
    "caseapp: error: unexpected {error} (set {variable}=1 for details)",
    "cli.unexpected",
)
QT_TRANSLATE_NOOP("messages", "caseapp: verify: {problem}", "cli.verify_problem")
QT_TRANSLATE_NOOP("messages", "caseapp: warning: {problem}", "cli.warning")
QT_TRANSLATE_NOOP(
    "messages", "cannot read the passphrase file {path}: {reason}", "cli.passphrase_unreadable"
)
QT_TRANSLATE_NOOP("messages", "the passphrase file {path} is empty", "cli.passphrase_empty")
QT_TRANSLATE_NOOP(
    "messages",
    "no passphrase: set {variable}, use --passphrase-file, or run in a terminal",
    "cli.no_passphrase",
)
QT_TRANSLATE_NOOP(
    "messages", "the two passphrases differ; nothing was created", "cli.passphrases_differ_init"
)
QT_TRANSLATE_NOOP(
    "messages", "the two passphrases differ; nothing was changed", "cli.passphrases_differ"
)
QT_TRANSLATE_NOOP("messages", "a database already exists at {location}", "cli.exists")
QT_TRANSLATE_NOOP("messages", "no testimony has the code {code}", "cli.no_such_code")
QT_TRANSLATE_NOOP("messages", "--limit must be at least 1", "cli.limit")
QT_TRANSLATE_NOOP(
    "messages", "passwd applies to encrypted database files only", "cli.passwd_not_encrypted"
)
QT_TRANSLATE_NOOP(
    "messages",
    "no new passphrase: set CASEAPP_NEW_PASSPHRASE, use --new-passphrase-file or run in a terminal",
    "cli.no_new_passphrase",
)
QT_TRANSLATE_NOOP("messages", "Passphrase: ", "cli.prompt")
QT_TRANSLATE_NOOP("messages", "Passphrase again: ", "cli.prompt_again")
QT_TRANSLATE_NOOP("messages", "New passphrase: ", "cli.prompt_new")
QT_TRANSLATE_NOOP("messages", "New passphrase again: ", "cli.prompt_new_again")
QT_TRANSLATE_NOOP("messages", "created an encrypted database at {location}", "cli.created")
QT_TRANSLATE_NOOP(
    "messages", "its key file is {file} beside it: back up both files", "cli.created_key_file"
)
QT_TRANSLATE_NOOP("messages", "created the caseapp tables at {location}", "cli.created_tables")
QT_TRANSLATE_NOOP(
    "messages",
    "caseapp does not encrypt this database: protect it on the server's side",
    "cli.not_encrypted",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{user} is the first coordinator: the server itself enforces each role (logins, grants, "
    "row-level security); add users with 'caseapp user add'",
    "cli.team_created",
)
QT_TRANSLATE_NOOP(
    "messages", "loaded the demo dataset into {location}: {count} records", "cli.demo_loaded"
)
QT_TRANSLATE_NOOP(
    "messages",
    "ok: {events} audit events chained, {attachments} attachments match their hashes",
    "cli.verified",
)
QT_TRANSLATE_NOOP(
    "messages",
    "ok: {events} audit events chained; no attachments to check",
    "cli.verified_no_attachments",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the window needs a desktop session (no DISPLAY or WAYLAND_DISPLAY here); "
    "caseapp --help lists the commands",
    "cli.no_display",
)
QT_TRANSLATE_NOOP(
    "messages",
    "exported {kind}: {records} records, profile {profile}, to {path}; sha256 {sha256}",
    "cli.exported",
)
QT_TRANSLATE_NOOP(
    "messages",
    "imported {kind} from {path}: {created} created, {updated} updated, {unchanged} unchanged;"
    " sha256 {sha256}",
    "cli.imported",
)
QT_TRANSLATE_NOOP(
    "messages",
    "imported {kind} from {path}: {created} created, {updated} updated, {unchanged} unchanged,"
    " {persons} persons created; sha256 {sha256}",
    "cli.imported_persons",
)
QT_TRANSLATE_NOOP(
    "messages",
    "undid import {import_id}: {restored} records put back, {deleted} deleted",
    "cli.import_undone",
)
QT_TRANSLATE_NOOP(
    "messages",
    "import needs a FILE.csv (or use: import undo [ID] | import undo --list)",
    "cli.import_needs_file",
)
QT_TRANSLATE_NOOP(
    "messages",
    "checked {kind} from {path}: it would import, {created} created, {updated} updated,"
    " {unchanged} unchanged; nothing was written; sha256 {sha256}",
    "cli.import_checked",
)
QT_TRANSLATE_NOOP(
    "messages", "{kind}: {created} to create, {changed} to change", "cli.import_check_kind"
)
QT_TRANSLATE_NOOP("messages", "{column}: {count} values change", "cli.import_check_field")
QT_TRANSLATE_NOOP(
    "messages",
    "erase removes the text of testimony {code} for good; to go on, add --yes and"
    " --confirm-code {code}",
    "cli.erase_needs_confirmation",
)
QT_TRANSLATE_NOOP(
    "messages", "the code given again is not {code}; nothing was erased", "cli.erase_code_differs"
)
QT_TRANSLATE_NOOP("messages", "not confirmed; nothing was erased", "cli.erase_not_confirmed")
QT_TRANSLATE_NOOP(
    "messages",
    "Erase the text, attachments and vault entries of testimony {code} for good? Type yes: ",
    "cli.erase_prompt",
)
QT_TRANSLATE_NOOP("messages", "Type the testimony's code again: ", "cli.erase_prompt_code")
QT_TRANSLATE_NOOP(
    "messages",
    "erased testimony {code}: {fields} text fields blanked in the testimony, {violations}"
    " violations, {attachments} attachments and {identities} vault entries; {undo} import-undo"
    " entries dropped",
    "cli.erased",
)
QT_TRANSLATE_NOOP(
    "messages",
    "another program has the archive open, so the old text stays in its write-ahead log"
    " until every program has closed it",
    "cli.erase_log_busy",
)
QT_TRANSLATE_NOOP(
    "messages",
    "wrote the report: {records} testimonies, {pages} pages, profile {profile}, to {path};"
    " sha256 {sha256}",
    "cli.report",
)
QT_TRANSLATE_NOOP(
    "messages",
    "wrote the dossier of {code}: {pages} pages, profile {profile}, to {path}; sha256 {sha256}",
    "cli.dossier",
)
QT_TRANSLATE_NOOP("messages", "no results", "cli.no_results")
QT_TRANSLATE_NOOP("messages", "testimony", "cli.kind_testimony")
QT_TRANSLATE_NOOP("messages", "violation", "cli.kind_violation")
QT_TRANSLATE_NOOP("messages", "did you mean: {query}", "cli.did_you_mean")
QT_TRANSLATE_NOOP(
    "messages", "passphrase changed; the database itself was not rewritten", "cli.passwd_done"
)

QT_TRANSLATE_NOOP(
    "messages",
    "show-raw prints the database's raw key, which opens every record without any passphrase;"
    " add --yes to print it",
    "cli.show_raw_needs_yes",
)
QT_TRANSLATE_NOOP(
    "messages", "{command} applies to encrypted database files only", "cli.archive_not_encrypted"
)
QT_TRANSLATE_NOOP(
    "messages",
    "{path} already exists: restore never replaces an archive; choose another --db",
    "cli.restore_exists",
)
QT_TRANSLATE_NOOP(
    "messages",
    "backed up to {path}: {bytes} bytes, {testimonies} testimonies, {attachments} attachments,"
    " {events} audit events checked; sha256 {sha256}",
    "cli.backed_up",
)
QT_TRANSLATE_NOOP(
    "messages",
    "restored {location}: {testimonies} testimonies, {attachments} attachments, {events} audit"
    " events checked",
    "cli.restored",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database has a new key, sealed to the slots of {count} users; their passphrases "
    "are unchanged",
    "cli.rekeyed",
)
QT_TRANSLATE_NOOP("messages", "added the user {user} as a {role}", "cli.user_added")
QT_TRANSLATE_NOOP("messages", "resolved {field} of {record}", "cli.conflict_resolved")
QT_TRANSLATE_NOOP("messages", "no open conflicts", "cli.no_conflicts")
QT_TRANSLATE_NOOP(
    "messages",
    "wrote bundle {seq} for {peer} to {path}: {records} records",
    "cli.bundle_written",
)
QT_TRANSLATE_NOOP(
    "messages",
    "applied the bundle from {peer}: {created} created, {updated} updated, {merged} merged, "
    "{conflicts} conflicts, {unchanged} unchanged",
    "cli.bundle_applied",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{path} was applied before (or a newer bundle was): nothing changed",
    "cli.bundle_already_applied",
)
QT_TRANSLATE_NOOP(
    "messages",
    "removed the user {user}; the database has a new key, sealed to the {count} users left",
    "cli.user_removed",
)
QT_TRANSLATE_NOOP("messages", "{user} is now a {role}", "cli.user_role")
QT_TRANSLATE_NOOP("messages", "{user}'s passphrase: ", "cli.prompt_user_new")
QT_TRANSLATE_NOOP("messages", "{user}'s passphrase again: ", "cli.prompt_user_new_again")
QT_TRANSLATE_NOOP("messages", "the user name {user} cannot be used: {problem}", "cli.bad_user")
# -- exchanges between archives: identity and trusted peers
QT_TRANSLATE_NOOP("messages", "fingerprint: {fingerprint}", "cli.exchange_fingerprint")
QT_TRANSLATE_NOOP(
    "messages",
    "trusted {name}, fingerprint {fingerprint}: check by phone that {name} shows the same",
    "cli.peer_trusted",
)
QT_TRANSLATE_NOOP(
    "messages", "forgot {name}; bundles from it are refused from now on", "cli.peer_forgotten"
)
QT_TRANSLATE_NOOP(
    "messages",
    "{name}  {fingerprint}  trusted {trusted_at} by {trusted_by}; sent {sent}, acknowledged"
    " {acknowledged}, received {received}",
    "cli.peer_line",
)
QT_TRANSLATE_NOOP("messages", "this archive trusts no other archive yet", "cli.no_peers")


def cli_language(environ: Mapping[str, str] | None = None) -> str:
    """ "ko" or "en", from the locale variables in the order gettext reads them."""
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name, "")
        first = value.split(":")[0].strip()
        if first:
            return "ko" if first.lower().startswith("ko") else "en"
    return "en"


_translators: dict[str, QTranslator | None] = {}


def _translator(language: str) -> QTranslator | None:
    if language == "en":
        return None  # the templates are English
    if language not in _translators:
        from PySide6.QtCore import QTranslator

        translator = QTranslator()
        loaded = translator.load(str(resource("i18n", f"caseapp_{language}.qm")))
        _translators[language] = translator if loaded else None
    return _translators[language]


# Modules that define codes the command line may print, besides the store's and the
# services' own (caseapp/services/messages.py). Loaded at the first line worded, not at
# start: they bring the database layer, which --version and --help do without.
CATALOGUE_MODULES = (
    "caseapp.export.messages",
    "caseapp.services.peers",  # the exchange's and the bundle file's codes
    "caseapp.services.users",
    "caseapp.services.vault",
)


def load_catalogue() -> None:
    """Define every code the command line may print (once; later calls cost nothing). An
    import of the database layer running on another thread (caseapp/preload.py) ends first."""
    if all(name in sys.modules for name in CATALOGUE_MODULES):
        return
    settle()
    for name in CATALOGUE_MODULES:
        importlib.import_module(name)


def _all_known(message: Message, known: Mapping[str, str]) -> bool:
    return message.code in known and all(
        _all_known(value, known) for value in message.params.values() if isinstance(value, Message)
    )


def say(message: Message, environ: Mapping[str, str] | None = None) -> str:
    if not _all_known(message, catalogue()):
        load_catalogue()  # a prompt or the command line's own line needs none of it
    """``message`` in the language of the locale (``environ``, else the process's)."""
    translator = _translator(cli_language(environ))
    if translator is None:
        return str(message)
    found = translator

    def translate(template: str, code: str) -> str:
        return found.translate(CONTEXT, template, code) or template

    return render(message, translate)
