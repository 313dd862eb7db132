"""The command line: ``caseapp [--db PATH|URL] COMMAND``. Also what tests and scripts drive.

Errors print one line on stderr and exit 1; usage errors exit 2. Messages never carry
record content or the passphrase. Messages are Korean or English as the locale says
(caseapp/cli_messages.py); argparse's usage texts stay English.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only light modules at the top: --version, --help and a usage error load no database
# layer, no cryptography and no Qt (tests/test_startup_imports.py). What a command needs
# is imported where it runs.
from caseapp import __version__
from caseapp.cli_messages import Message, cli_language, say
from caseapp.process import harden_process
from caseapp.services.access import Right, Role
from caseapp.services.csv_fields import CSV_KINDS
from caseapp.services.errors import ServiceError
from caseapp.services.organisation import clean_name
from caseapp.services.passphrase import check_new_passphrase as passphrase_refused
from caseapp.services.profile_names import Profile
from caseapp.store.errors import StoreError, WrongPassphrase
from caseapp.store.location import StoreLocation, exists
from caseapp.store.paths import default_db_path

if TYPE_CHECKING:
    from caseapp.app import CaseApp

PASSPHRASE_ENV = "CASEAPP_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEAPP_NEW_PASSPHRASE"
DB_ENV = "CASEAPP_DB"
USER_ENV = "CASEAPP_USER"
DEBUG_ENV = "CASEAPP_DEBUG"
WRONG_PASSPHRASE_DELAY_SECONDS = 1.0
ROLES = [role.value for role in Role]


class CliError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caseapp",
        description="Offline, encrypted case tracker for testimonies of North Korean escapees.",
    )
    parser.add_argument("--version", action="version", version=f"caseapp {__version__}")
    _add_global_options(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="open the window (the default with no command)")
    init = commands.add_parser("init", help="create a new encrypted database")
    init.add_argument(
        "--organisation",
        metavar="NAME",
        help="the organisation the archive belongs to, printed on its reports and dossiers",
    )
    commands.add_parser("demo", help="create a database if needed and load the demo dataset")
    stats = commands.add_parser("stats", help="count the records of each kind")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser(
        "verify",
        help="check the file's pages, the audit trail, every record against its audit events "
        "and every attachment's hash",
    )
    passwd = commands.add_parser(
        "passwd", help="change your own passphrase (your key slot only; the data is not rewritten)"
    )
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        type=Path,
        help=f"read the new passphrase from FILE (else ${NEW_PASSPHRASE_ENV}, else a prompt)",
    )
    _add_user_commands(commands)
    _add_conflict_commands(commands)
    audit = commands.add_parser(
        "audit",
        help="list audit events, newest first (who, what, which record; never field values)",
    )
    audit.add_argument("--json", action="store_true", help="one JSON array of events")
    audit.add_argument(
        "--limit",
        type=int,
        default=None,  # services/audit.py's DEFAULT_EVENT_LIMIT, loaded when audit runs
        metavar="N",
        help="at most N events (default 50)",
    )
    audit.add_argument("--record", metavar="UID", help="only the events of the record UID")
    _add_exchange_commands(commands)
    _add_bundle_exchange_commands(commands)
    _add_pdf_commands(commands)
    _add_archive_commands(commands)
    _add_erase_command(commands)
    _accept_global_options_after_commands(parser)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        default=default,
        metavar="PATH|URL",
        help=f"database file or SQLAlchemy URL (default: ${DB_ENV}, else {default_db_path()})",
    )
    parser.add_argument(
        "--passphrase-file",
        default=default,
        metavar="FILE",
        type=Path,
        help=f"read the passphrase from the first line of FILE (else ${PASSPHRASE_ENV}, "
        "else a prompt)",
    )
    parser.add_argument(
        "--user",
        default=default,
        help=f"the user to act as, with their passphrase (else ${USER_ENV}; an archive's only "
        "user when none is named; init: the first user, else the system account's name)",
    )


def _accept_global_options_after_commands(parser: argparse.ArgumentParser) -> None:
    """People write ``caseapp init --user amina`` as readily as ``caseapp --user amina init``:
    every command takes the global options too. Their default there is SUPPRESS, so a command
    that is not given one keeps the value given before the command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):
                _add_global_options(command, default=argparse.SUPPRESS)
                _accept_global_options_after_commands(command)


def _add_conflict_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    conflicts = commands.add_parser(
        "conflicts",
        help="list the fields edited differently here and at a peer (the local value stays)",
        description="Each open conflict: the record, its kind, the field, the value both "
        "sides had (base), the one in effect here (mine), the one a peer sent (theirs) and "
        "who made each. 'conflicts resolve' keeps one or a typed value; the resolution is "
        "audited and travels in the next bundles.",
    )
    conflicts.add_argument("--json", action="store_true", help="one JSON array")
    conflict_commands = conflicts.add_subparsers(dest="conflicts_command", metavar="SUBCOMMAND")
    resolve = conflict_commands.add_parser("resolve", help="settle one field's conflict")
    resolve.add_argument("record_uid", metavar="RECORD_UID")
    resolve.add_argument("field", metavar="FIELD")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", choices=["mine", "theirs"], help="keep this side's value")
    how.add_argument("--value", metavar="TEXT", help="a value typed instead")


def _add_user_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = commands.add_parser(
        "user",
        help="the archive's users and their roles (coordinators only)",
        description="Each user has a name, a role and their own passphrase. recorder: field "
        "staff (create; change their own records; write but never read the identity vault; "
        "export internal dossiers of their own testimonies); caseworker: all records, the "
        "vault, imports, internal exports; coordinator: also un and public exports, users, "
        "keys and backups.",
    )
    user_commands = user.add_subparsers(dest="user_command", metavar="USER_COMMAND", required=True)
    add = user_commands.add_parser("add", help="add a user with their own passphrase")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES, help="what the user may do")
    add.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        type=Path,
        help=f"the new user's passphrase (else ${NEW_PASSPHRASE_ENV}, else a prompt)",
    )
    listing = user_commands.add_parser("list", help="name, role, created, last unlock")
    listing.add_argument("--json", action="store_true", help="one JSON array")
    remove = user_commands.add_parser(
        "remove",
        help="remove a user: their key slot is destroyed and the database re-keyed",
        description="The user's key slot is destroyed and the database gets a new key, sealed "
        "to every other user (their passphrases do not change), so a copy of the key file "
        "taken before opens no new data. Close every window first.",
    )
    remove.add_argument("name", metavar="NAME")
    role = user_commands.add_parser("role", help="give a user another role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES, metavar="ROLE", help=", ".join(ROLES))


def _add_erase_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = commands.add_parser(
        "erase",
        help="erase a withdrawn testimony's text, attachments and vault entries for good",
        description="Blank the narrative, summary, title, interview place and interviewer of a "
        "testimony whose consent is withdrawn, its violations' places and reported impacts, "
        "its attachments, and the vault entries of persons no other testimony names; then "
        "scrub the old bytes from the file, its log and the search index. The code, dates and "
        "categories stay, so counts do not change. Coordinators only; audited; irreversible. "
        "Backups made before keep the text. Asks twice: --yes and --confirm-code repeating "
        "the code (or two prompts in a terminal).",
    )
    erase.add_argument("code", metavar="TESTIMONY_CODE", help="the testimony's code")
    erase.add_argument("--yes", action="store_true", help="yes, erase it for good")
    erase.add_argument(
        "--confirm-code", metavar="TESTIMONY_CODE", help="the testimony's code, again"
    )


def _add_archive_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup",
        help="write a checked, encrypted backup of the whole archive to one file",
        description="Copy the database (attachments included) and its key slots into one "
        "file, while caseapp may be running. The copy is checked (SQLCipher's page check, "
        "SQLite's integrity check, verify) and the file read back before it takes its name. "
        "It opens with a passphrase of the archive, and no other. Recorded in the audit trail.",
    )
    backup.add_argument(
        "-o", "--output", metavar="FILE", type=Path, required=True, help="the backup to write"
    )
    restore = commands.add_parser(
        "restore",
        help="make a backup the archive at --db (never over an existing one)",
        description="Check the backup (the passphrase opens it, every part matches its "
        "checksum, the pages, integrity and verify) and write it as the archive at --db. "
        "Refused when an archive or its key file is already there.",
    )
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    key = commands.add_parser("key", help="the database key (recovery with SQLCipher tools)")
    key_commands = key.add_subparsers(dest="key_command", metavar="KEY_COMMAND", required=True)
    show_raw = key_commands.add_parser(
        "show-raw",
        help="print the PRAGMA lines that open the database in standard SQLCipher tools",
        description="Print the raw database key as the PRAGMA lines the sqlcipher shell or DB "
        "Browser for SQLCipher needs. Whoever reads them can open the database without any "
        "passphrase: print them only for a recovery. Recorded in the audit trail.",
    )
    show_raw.add_argument("--yes", action="store_true", help="yes, print the raw key")
    rekey = commands.add_parser(
        "rekey",
        help="give the database a new key (when a key file or passphrase may have leaked)",
        description="Re-encrypt the database under a new random key, sealed to every user's "
        "key slot; no passphrase changes. If a passphrase leaked, its user runs passwd first "
        "(a new key pair for their slot), then a coordinator runs rekey. Close every window "
        "first. Old backups and copies keep the old key.",
    )
    rekey.add_argument("--yes", action="store_true", help="(accepted; no slot is dropped)")


PROFILE_HELP = (
    "what may leave, decided by each testimony's consent (a withdrawn consent counts as no): "
    "internal = testimonies with internal consent or none recorded, persons by code and "
    "pseudonym; "
    "un = testimonies with UN consent and their violations, persons by code only; "
    "public = testimonies with public consent, no pseudonyms, interviewers or source codes, "
    "dates cut to the year, places to the province, counts from the records under 5 as <5. "
    "Default: the most restrictive profile your role may export with (public for a "
    "coordinator, internal for a caseworker and a recorder's own dossier). The identity "
    "vault never leaves."
)


def _add_exchange_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = list(CSV_KINDS)
    export = commands.add_parser(
        "export",
        help="write the records of one kind to a CSV file, as the profile allows",
        description="Write a CSV file (UTF-8 with a byte-order mark, one header row, a uid "
        "column; a cell a spreadsheet would run as a formula starts with an apostrophe). The "
        "file is written atomically and owner-only; the export is recorded in the audit trail "
        "with its profile, record count and SHA-256.",
    )
    export.add_argument("kind", choices=kinds, help="the kind of records")
    export.add_argument(
        "-o", "--output", metavar="FILE", type=Path, required=True, help="the CSV file to write"
    )
    export.add_argument(
        "--profile",
        choices=[p.value for p in Profile],
        default=None,
        help=PROFILE_HELP,
    )
    import_ = commands.add_parser(
        "import",
        help="read a CSV file written by export; all rows or none",
        description="Read a CSV file in the form export writes. Every row is checked first; "
        "any problem names the row and the column and nothing is imported. A row with a known "
        "uid updates that record; the others create records. The columns may come in any order "
        "and only some of them (those left out keep their values, or the defaults); vocabulary "
        "cells may hold a code or a label in English or Korean; a violations file may name "
        "testimonies by testimony_code. `--check` reports what would be created and changed, "
        "field by field, and writes nothing. `import undo` puts back what the "
        "last import (or import ID) overwrote and deletes what it created; `import undo --list` "
        "lists the imports.",
    )
    import_.add_argument(
        "kind", choices=[*kinds, "undo"], help="the kind of records in the file, or undo"
    )
    import_.add_argument(
        "file", metavar="FILE.csv|ID", nargs="?", help="the CSV file to read (undo: an import id)"
    )
    import_.add_argument("--list", action="store_true", help="undo: list the imports")
    import_.add_argument(
        "--check",
        action="store_true",
        help="run every check and count what would be created and changed; write nothing "
        "(exit 0 if the file would import, 1 if not)",
    )


def _add_bundle_exchange_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """``caseapp exchange ...``: this archive's identity and the archives it trusts."""
    exchange = commands.add_parser(
        "exchange",
        help="send work between archives (a field laptop and its coordinator) in bundles",
        description="Each archive has an identity: a key pair made at init. Two archives "
        "trust each other by name (coordinators: 'exchange trust'), after checking each "
        "other's fingerprint by phone; bundles between them are encrypted to the recipient "
        "and signed by the sender.",
    )
    exchange_commands = exchange.add_subparsers(
        dest="exchange_command", metavar="EXCHANGE_COMMAND", required=True
    )
    exchange_commands.add_parser(
        "identity",
        help="print this archive's fingerprint, then its identity line (to give to others)",
    )
    trust = exchange_commands.add_parser(
        "trust", help="trust another archive by name (coordinators only)"
    )
    trust.add_argument("name", metavar="NAME", help="what to call the other archive")
    trust.add_argument(
        "public_key",
        metavar="PUBLIC_KEY",
        nargs="+",
        help="the identity line 'caseapp exchange identity' prints there, or its last word",
    )
    peers = exchange_commands.add_parser(
        "peers", help="the archives this one trusts, with what was sent and received"
    )
    peers.add_argument("--json", action="store_true", help="one JSON array")
    forget = exchange_commands.add_parser(
        "forget", help="stop trusting an archive (coordinators only)"
    )
    forget.add_argument("name", metavar="NAME")
    export = exchange_commands.add_parser(
        "export",
        help="write a bundle of everything a peer has not acknowledged",
        description="Records, consent, persons, violations, vault entries (still sealed), "
        "region history, state responses and links, deletions as tombstones; encrypted to "
        "the peer, signed by this archive. Applying it twice changes nothing; what the peer "
        "already holds is not sent again once it says so in its next bundle.",
    )
    export.add_argument("--to", required=True, metavar="NAME", help="the peer's name")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    import_ = exchange_commands.add_parser(
        "import",
        help="apply a bundle from a trusted archive (merged three ways; conflicts kept)",
        description="Applied whole in one transaction, or refused with one line and nothing "
        "written (not addressed to this archive, an untrusted sender, a bad signature, a "
        "truncated or changed file, a newer format). Fields changed on one side are taken; "
        "the same field changed on both sides is a conflict: the local value stays "
        "('caseapp conflicts').",
    )
    import_.add_argument("file", type=Path, metavar="FILE")
    return exchange_commands


def _exchange_identity(app: CaseApp, args: argparse.Namespace) -> int:
    print(say(Message("cli.exchange_fingerprint", fingerprint=app.peers.fingerprint())))
    print(app.peers.identity())  # last, alone on its line: what the other archive copies
    return 0


def _exchange_trust(app: CaseApp, args: argparse.Namespace) -> int:
    trusted = app.peers.trust(args.name, " ".join(args.public_key))
    print(say(Message("cli.peer_trusted", name=trusted.name, fingerprint=trusted.fingerprint)))
    return 0


def _exchange_peers(app: CaseApp, args: argparse.Namespace) -> int:
    peers = app.peers.peers()
    if args.json:
        print(json.dumps([peer.as_dict() for peer in peers], ensure_ascii=False))
        return 0
    if not peers:
        print(say(Message("cli.no_peers")))
    for peer in peers:
        print(say(Message("cli.peer_line", **peer.as_dict())))
    return 0


def _exchange_forget(app: CaseApp, args: argparse.Namespace) -> int:
    forgotten = app.peers.forget(args.name)
    print(say(Message("cli.peer_forgotten", name=forgotten.name)))
    return 0


def _exchange_export(app: CaseApp, args: argparse.Namespace) -> int:
    sent = app.exchange.export_bundle(args.to, args.output)
    print(
        say(
            Message(
                "cli.bundle_written",
                peer=sent.peer,
                seq=sent.seq,
                records=sent.records,
                path=str(sent.path),
            )
        )
    )
    return 0


def _exchange_import(app: CaseApp, args: argparse.Namespace) -> int:
    applied = app.exchange.import_bundle(args.file)
    if applied.skipped:
        print(say(Message("cli.bundle_already_applied", path=str(args.file))))
        return 0
    print(
        say(
            Message(
                "cli.bundle_applied",
                peer=applied.sender,
                created=applied.created,
                updated=applied.updated,
                merged=applied.merged,
                conflicts=applied.conflicts,
                unchanged=applied.unchanged,
            )
        )
    )
    return 0


EXCHANGE_COMMANDS = {
    "export": _exchange_export,
    "import": _exchange_import,
    "identity": _exchange_identity,
    "trust": _exchange_trust,
    "peers": _exchange_peers,
    "forget": _exchange_forget,
}
"""``caseapp exchange`` sub-command -> what runs it over the opened archive."""


def _check_import(app: CaseApp, args: argparse.Namespace) -> int:
    """``import KIND FILE --check``: the whole import, rolled back; what it would do."""
    from caseapp.services.messages import kind_message

    if args.file is None or args.list or args.kind == "undo":
        raise CliError(Message("cli.import_needs_file"))
    checked = app.check_csv(args.kind, Path(args.file))
    print(
        say(
            Message(
                "cli.import_checked",
                kind=checked.kind,
                path=str(checked.path),
                created=checked.created,
                updated=checked.updated,
                unchanged=checked.unchanged,
                sha256=checked.sha256,
            )
        )
    )
    for change in checked.changes:
        counts = {"created": change.created, "changed": change.changed}
        kind = kind_message(change.kind)
        print("  " + say(Message("cli.import_check_kind", kind=kind, **counts)))
        for column, count in change.fields:
            print("    " + say(Message("cli.import_check_field", column=column, count=count)))
    return 0


def _undo_import(app: CaseApp, args: argparse.Namespace) -> int:
    if args.list:
        for entry in app.imports():
            state = "undone" if entry.undone else f"{entry.kept} kept"
            print(
                f"{entry.import_id}  {entry.at}  {entry.kind}  {entry.file}  "
                f"{entry.created} created, {entry.updated} updated  ({state})"
            )
        return 0
    undone = app.undo_import(args.file)
    print(
        say(
            Message(
                "cli.import_undone",
                import_id=undone.import_id,
                restored=undone.restored,
                deleted=undone.deleted,
            )
        )
    )
    return 0


def _add_pdf_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="write the coordinator report (PDF), as the profile allows",
        description="Write a PDF report: title page, violations by category with reported "
        "impact and UN response, regional protection status, state responses, a chart of "
        "violations by category and by year, then every testimony the profile may carry "
        "with its violations. Written atomically and owner-only; recorded in the audit trail "
        "with its profile, record count and SHA-256.",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE.pdf", type=Path, required=True, help="the PDF to write"
    )
    report.add_argument(
        "--organisation",
        help="printed on the title page and every page (default: the archive's organisation)",
    )
    dossier = commands.add_parser(
        "dossier",
        help="write one testimony's dossier (PDF), if its consent allows the profile",
        description="Write a PDF of one testimony: every field the profile permits, its "
        "consent, each violation, its attachments (name, size, SHA-256) and linked state "
        "responses. Refused when the testimony's consent does not allow the profile.",
    )
    dossier.add_argument("code", metavar="TESTIMONY_CODE", help="the testimony's code")
    dossier.add_argument(
        "-o", "--output", metavar="FILE.pdf", type=Path, required=True, help="the PDF to write"
    )
    dossier.add_argument(
        "--organisation", help="printed on every page (default: the archive's organisation)"
    )
    search = commands.add_parser(
        "search",
        help='search testimonies and violations (words, prefix*, "phrases", AND/OR/NOT)',
        description="Ranked full-text search. Korean words also match their inflected forms "
        "(회령 finds 회령에서). The query is never written to any log.",
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true", help="print one JSON array")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results")
    for command in (report, dossier):
        command.add_argument(
            "--profile",
            choices=[p.value for p in Profile],
            default=None,
            help=PROFILE_HELP,
        )
        command.add_argument(
            "--language",
            choices=["en", "ko"],
            default="en",
            help="the language of the report's own words (records are printed as written)",
        )


def location_from(args: argparse.Namespace) -> StoreLocation:
    text = args.db or os.environ.get(DB_ENV)
    if text:
        return StoreLocation.parse(text)
    return StoreLocation(path=default_db_path())


def user_from(args: argparse.Namespace) -> str | None:
    """The user named by --user or CASEAPP_USER; None: the archive's only user."""
    if args.user:
        return str(args.user)
    return os.environ.get(USER_ENV) or None


def first_user_from(args: argparse.Namespace) -> str:
    """The first user of a new archive: the one named, else the system account's name (a
    single field worker never has to think about users)."""
    from caseapp.store.keys import check_user_name

    named = user_from(args)
    if named is None:
        try:
            named = getpass.getuser()
        except (KeyError, OSError):
            named = "coordinator"
    try:
        return check_user_name(named)
    except ValueError:
        raise CliError(
            Message("cli.bad_user", user=named[:64], problem=Message("user.bad_name"))
        ) from None


def _read_passphrase_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(
            Message("cli.passphrase_unreadable", path=str(path), reason=str(exc.strerror))
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise CliError(Message("cli.passphrase_empty", path=str(path)))
    return lines[0]


def passphrase_from(
    args: argparse.Namespace, location: StoreLocation, confirm: bool, needed: bool = True
) -> str | None:
    """The passphrase given (file, environment, prompt). A server database's is optional
    (``needed`` False): a team login's slot needs it, a database without a team does not."""
    if location.url is not None and not location.url.startswith("postgresql"):
        return None
    if args.passphrase_file is not None:
        return _read_passphrase_file(args.passphrase_file)
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        if not needed:
            return None
        raise CliError(Message("cli.no_passphrase", variable=PASSPHRASE_ENV))
    first = getpass.getpass(say(Message("cli.prompt")))
    if confirm and getpass.getpass(say(Message("cli.prompt_again"))) != first:
        raise CliError(Message("cli.passphrases_differ_init"))
    return first


def check_new_passphrase(passphrase: str | None) -> None:
    """Refuse a weak new passphrase (services/passphrase.py says why); None: not encrypted."""
    if passphrase is None:
        return
    refused = passphrase_refused(passphrase)
    if refused is not None:
        raise CliError(refused)


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a window can open: a desktop session (X11 or Wayland), another system, or a
    Qt platform chosen on purpose (offscreen, for tests and screenshots). Without one Qt
    aborts with a line about a missing xcb library, which sends people the wrong way."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    location = location_from(args)
    user = user_from(args)
    command = args.command or "gui"

    if command == "gui":
        if not has_display():
            raise CliError(Message("cli.no_display"))
        # The unlock dialog first; the database layer loads while it waits (caseapp/gui.py).
        from caseapp.gui import run_gui

        return run_gui(location, user)

    # The database layer (caseapp.app, about half a second) loads on another thread while
    # the passphrase is read and its key derived on this one (caseapp/preload.py); the key
    # slots' module, light, is loaded here first.
    from caseapp.preload import Preload
    from caseapp.services.archives import unlock_slot

    loading = Preload("caseapp.app", freeze=True)

    if command == "init":
        if exists(location) and location.path is not None:
            raise CliError(Message("cli.exists", location=location.describe()))
        # On a server the first coordinator is the URL's login (a name given must be it).
        first = first_user_from(args) if location.path is not None else user
        passphrase = passphrase_from(args, location, confirm=True)
        check_new_passphrase(passphrase)
        name = clean_name(args.organisation) if args.organisation is not None else None
        app = loading.wait().open_case_app(location, passphrase, first, create=True)
        try:
            if name is not None:
                app.set_organisation(name)
        finally:
            app.close()
        if location.path is not None:
            print(say(Message("cli.created", location=location.describe())))
            print(say(Message("cli.created_key_file", file=f"{location.path.name}.keys")))
        else:
            print(say(Message("cli.created_tables", location=location.describe())))
            print(say(Message("cli.not_encrypted")))
            print(say(Message("cli.team_created", user=app.access.name)))
        return 0

    if command == "demo":
        create = not exists(location)
        as_user = first_user_from(args) if create else user
        passphrase = passphrase_from(args, location, confirm=create, needed=create)
        if create:
            check_new_passphrase(passphrase)
        app = loading.wait().open_case_app(location, passphrase, as_user, create=create)
        from caseapp.services.demo import DemoAlreadyLoaded

        try:
            try:
                added = app.load_demo()
            except DemoAlreadyLoaded as exc:
                print(say(Message("cli.nothing_changed", problem=exc.message)), file=sys.stderr)
                return 0
        finally:
            app.close()
        total = sum(added.values())
        print(say(Message("cli.demo_loaded", location=location.describe(), count=total)))
        for kind, count in added.items():
            print(f"  {kind}: {count}")
        return 0

    if command == "key" and not args.yes:
        raise CliError(Message("cli.show_raw_needs_yes"))
    if command == "erase":
        _confirm_erasure(args)
    if command in ("restore", "rekey", "key") and location.path is None:
        named = "key show-raw" if command == "key" else command
        raise CliError(Message("cli.archive_not_encrypted", command=named))
    if command == "restore" and location.path is not None:
        for existing in (location.path, location.path.with_name(location.path.name + ".keys")):
            if existing.exists():
                raise CliError(Message("cli.restore_exists", path=str(existing)))

    passphrase = passphrase_from(args, location, confirm=False, needed=location.encrypted)

    if command == "passwd" and passphrase is None:
        raise CliError(Message("cli.passwd_not_encrypted"))
    if command == "restore":
        return _restore(args, location, passphrase or "", user)

    unlocked = unlock_slot(location, passphrase, user)  # the key derivation, meanwhile
    app = loading.wait().open_case_app(location, passphrase, user, unlocked=unlocked)
    try:
        if command == "passwd":
            return _change_passphrase(args, app)
        if command == "user":
            return _user(args, app)
        if command == "conflicts":
            return _conflicts(args, app)
        if command == "exchange":
            return EXCHANGE_COMMANDS[args.exchange_command](app, args)
        if command == "rekey":
            rekeyed = app.rekey()
            print(say(Message("cli.rekeyed", count=len(rekeyed.kept))))
            return 0
        if command in WARNS_AFTER_FAILED_CHECK:
            _warn_if_last_check_failed(app)
        if command == "stats":
            counts = app.stats()
            if args.json:
                print(json.dumps(counts, sort_keys=True))
            else:
                width = max(len(k) for k in counts)
                for kind, count in counts.items():
                    print(f"{kind:<{width}}  {count:>8}")
            return 0
        if command == "verify":
            problems = app.verify()
            if problems:
                for problem in problems:
                    print(say(Message("cli.verify_problem", problem=problem)), file=sys.stderr)
                return 1
            counts = app.stats()
            print(
                say(
                    Message(
                        "cli.verified",
                        events=counts["audit_event"],
                        attachments=counts["attachment"],
                    )
                    if counts["attachment"]
                    else Message("cli.verified_no_attachments", events=counts["audit_event"])
                )
            )
            return 0
        if command == "export":
            exported = app.export_csv(args.kind, args.output, _profile(app, args))
            print(
                say(
                    Message(
                        "cli.exported",
                        kind=exported.kind,
                        records=exported.records,
                        profile=exported.profile.value,
                        path=str(exported.path),
                        sha256=exported.sha256,
                    )
                )
            )
            return 0
        if command == "import" and args.kind == "undo":
            return _undo_import(app, args)
        if command == "import" and args.check:
            return _check_import(app, args)
        if command == "import":
            if args.file is None or args.list:
                raise CliError(Message("cli.import_needs_file"))
            imported = app.import_csv(args.kind, Path(args.file))
            counts_of: dict[str, str | int] = {
                "kind": imported.kind,
                "path": str(imported.path),
                "created": imported.created,
                "updated": imported.updated,
                "unchanged": imported.unchanged,
                "sha256": imported.sha256,
            }
            if imported.persons_created:
                done = Message(
                    "cli.imported_persons", persons=imported.persons_created, **counts_of
                )
            else:
                done = Message("cli.imported", **counts_of)
            print(say(done))
            return 0
        if command == "report":
            written = app.report_pdf(
                args.output, _profile(app, args), args.organisation, args.language
            )
            print(
                say(
                    Message(
                        "cli.report",
                        records=written.records,
                        pages=written.pages,
                        profile=written.profile.value,
                        path=str(written.path),
                        sha256=written.sha256,
                    )
                )
            )
            return 0
        if command == "search":
            return _search(app, args)
        if command == "audit":
            return _audit(app, args)
        if command == "erase":
            return _erase(app, args)
        if command == "backup":
            made = app.backup(args.output)
            print(
                say(
                    Message(
                        "cli.backed_up",
                        path=str(made.path),
                        bytes=made.bytes,
                        testimonies=made.counts.get("testimony", 0),
                        attachments=made.counts.get("attachment", 0),
                        events=made.counts.get("audit_event", 0),
                        sha256=made.sha256,
                    )
                )
            )
            return 0
        if command == "key":
            for line in app.show_raw_key():
                print(line)
            return 0
        if command == "dossier":
            uid = app.listings.testimony_uid_by_code(args.code)
            if uid is None:
                raise CliError(Message("cli.no_such_code", code=args.code))
            written = app.dossier_pdf(
                uid, args.output, _profile(app, args, uid), args.language, args.organisation
            )
            print(
                say(
                    Message(
                        "cli.dossier",
                        code=args.code,
                        pages=written.pages,
                        profile=written.profile.value,
                        path=str(written.path),
                        sha256=written.sha256,
                    )
                )
            )
            return 0
    finally:
        app.close()
    raise AssertionError(command)


def _profile(app: CaseApp, args: argparse.Namespace, dossier: str | None = None) -> str:
    """The profile named, else the most restrictive one the user's role may export with
    (public for a coordinator, internal for a caseworker and for a recorder's own dossier);
    a role that may export with none gets the public profile's refusal."""
    if args.profile:
        return str(args.profile)
    return app.default_profile(dossier).value


# Commands that say so when the last ``verify`` found problems (the data they show or write
# may not be what the audit trail describes).
WARNS_AFTER_FAILED_CHECK = frozenset({"stats", "export", "report", "dossier"})


def _warn_if_last_check_failed(app: CaseApp) -> None:
    warning = app.last_check()
    if warning is not None:
        print(say(Message("cli.warning", problem=warning)), file=sys.stderr)


def _search(app: CaseApp, args: argparse.Namespace) -> int:
    from caseapp.services.search import HIT_END, HIT_START

    if args.limit < 1:
        raise CliError(Message("cli.limit"))
    hits = app.searcher().search(args.query, limit=args.limit)
    rows = [
        {
            "uid": hit.uid,
            "kind": hit.kind,
            "code": hit.code,
            "title": hit.label if hit.kind == "testimony" else "",
            "category": hit.label if hit.kind == "violation" else "",
            "snippet": hit.snippet.replace(HIT_START, "[").replace(HIT_END, "]"),
        }
        for hit in hits
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    # For people: the testimony's code, the kind and the title or the category's label in
    # their language, then the passage; the uids are for scripts (--json).
    language = cli_language()
    kinds = {
        "testimony": say(Message("cli.kind_testimony")),
        "violation": say(Message("cli.kind_violation")),
    }
    for row, hit in zip(rows, hits, strict=True):
        label = (
            hit.label
            if hit.kind == "testimony"
            else app.vocabulary.label("violation_category", hit.label, language)
        )
        print(f"{row['code']}  {kinds[hit.kind]}  {label}")
        print(f"    {row['snippet']}")
    if not rows:
        print(say(Message("cli.no_results")), file=sys.stderr)
        suggestion = app.searcher().suggest(args.query)
        if suggestion:
            print(say(Message("cli.did_you_mean", query=suggestion)), file=sys.stderr)
    return 0


def _audit(app: CaseApp, args: argparse.Namespace) -> int:
    from caseapp.services.audit import DEFAULT_EVENT_LIMIT

    limit = DEFAULT_EVENT_LIMIT if args.limit is None else args.limit
    if limit < 1:
        raise CliError(Message("cli.limit"))
    events = app.audit_events(limit, args.record)
    if args.json:
        print(json.dumps([event.as_dict() for event in events], ensure_ascii=False))
        return 0
    for event in events:
        print(
            f"{event.id:>7}  {event.at}  {event.user}  {event.action:<8}  {event.table}"
            f"  {event.record_uid or '-'}"
        )
    return 0


def _confirm_erasure(args: argparse.Namespace) -> None:
    """Asked twice before the archive is opened: --yes and the code again, or (in a
    terminal) "yes" and the code typed at two prompts. Anything else refuses."""
    code = args.code
    if args.yes and args.confirm_code is not None:
        if args.confirm_code != code:
            raise CliError(Message("cli.erase_code_differs", code=code))
        return
    if args.yes or args.confirm_code is not None or not sys.stdin.isatty():
        raise CliError(Message("cli.erase_needs_confirmation", code=code))
    if input(say(Message("cli.erase_prompt", code=code))).strip().lower() != "yes":
        raise CliError(Message("cli.erase_not_confirmed"))
    if input(say(Message("cli.erase_prompt_code"))).strip() != code:
        raise CliError(Message("cli.erase_code_differs", code=code))


def _erase(app: CaseApp, args: argparse.Namespace) -> int:
    uid = app.testimony_uid_for_code(args.code)
    if uid is None:
        raise CliError(Message("cli.no_such_code", code=args.code))
    done = app.erase_testimony(uid)
    print(
        say(
            Message(
                "cli.erased",
                code=done.code,
                fields=done.fields,
                violations=done.violations,
                attachments=done.attachments,
                identities=done.identities,
                undo=done.undo_entries,
            )
        )
    )
    if not done.log_flushed:
        print(say(Message("cli.warning", problem=Message("cli.erase_log_busy"))), file=sys.stderr)
    return 0


def _restore(
    args: argparse.Namespace, location: StoreLocation, passphrase: str, user: str | None
) -> int:
    from caseapp.app import restore_archive

    restored = restore_archive(location, args.file, passphrase, user)
    print(
        say(
            Message(
                "cli.restored",
                location=location.describe(),
                testimonies=restored.counts.get("testimony", 0),
                attachments=restored.counts.get("attachment", 0),
                events=restored.counts.get("audit_event", 0),
            )
        )
    )
    return 0


def _new_passphrase(args: argparse.Namespace, prompts: tuple[Message, Message]) -> str:
    """A new passphrase: --new-passphrase-file, else CASEAPP_NEW_PASSPHRASE, else asked
    twice in a terminal. Its strength is checked by the service that takes it."""
    if args.new_passphrase_file is not None:
        return _read_passphrase_file(args.new_passphrase_file)
    env = os.environ.get(NEW_PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise CliError(Message("cli.no_new_passphrase"))
    new = getpass.getpass(say(prompts[0]))
    if getpass.getpass(say(prompts[1])) != new:
        raise CliError(Message("cli.passphrases_differ"))
    return new


def _change_passphrase(args: argparse.Namespace, app: CaseApp) -> int:
    new = _new_passphrase(args, (Message("cli.prompt_new"), Message("cli.prompt_new_again")))
    app.users.change_own_passphrase(new)
    print(say(Message("cli.passwd_done")))
    return 0


def _conflicts(args: argparse.Namespace, app: CaseApp) -> int:
    if args.conflicts_command == "resolve":
        app.exchange.resolve(args.record_uid, args.field, keep=args.keep, value=args.value)
        print(say(Message("cli.conflict_resolved", field=args.field, record=args.record_uid)))
        return 0
    found = app.exchange.conflicts()
    if args.json:
        print(json.dumps([c.as_dict() for c in found], ensure_ascii=False))
        return 0
    for conflict in found:
        print(f"{conflict.record_uid}  {conflict.kind}  {conflict.field}  (from {conflict.peer})")
        for side, value, by in (
            ("base", conflict.base, ""),
            ("mine", conflict.mine, conflict.mine_by),
            ("theirs", conflict.theirs, conflict.theirs_by),
        ):
            shown = json.dumps(value, ensure_ascii=False)
            print(f"    {side:<6} {shown}" + (f"  ({by})" if by else ""))
    if not found:
        print(say(Message("cli.no_conflicts")), file=sys.stderr)
    return 0


def _user(args: argparse.Namespace, app: CaseApp) -> int:
    from caseapp.services.access import role_message

    if args.user_command == "list":
        users = app.users.all()
        if args.json:
            print(json.dumps([u.as_dict() for u in users], ensure_ascii=False))
            return 0
        for info in users:
            print(
                f"{info.name}  {info.role.value}  {info.created_at}  {info.last_unlock_at or '-'}"
            )
        return 0
    if args.user_command == "add":
        app.access.require(Right.MANAGE)  # before a passphrase is asked for nothing
        prompts = (
            Message("cli.prompt_user_new", user=args.name),
            Message("cli.prompt_user_new_again", user=args.name),
        )
        has_slots = app.store.path is not None or app.store.team is not None
        passphrase = _new_passphrase(args, prompts) if has_slots else None
        added = app.users.add(args.name, args.role, passphrase)
        print(say(Message("cli.user_added", user=added.name, role=role_message(added.role))))
        return 0
    if args.user_command == "remove":
        kept = app.users.remove(args.name)
        print(say(Message("cli.user_removed", user=args.name, count=len(kept))))
        return 0
    app.users.set_role(args.name, args.role)
    print(say(Message("cli.user_role", user=args.name, role=role_message(args.role))))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()  # no core dump may hold the key: before any passphrase is read
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except (CliError, StoreError, ServiceError) as exc:
        if isinstance(exc, WrongPassphrase):
            # Each guess costs a wait on top of the key derivation (about 1 s itself).
            time.sleep(WRONG_PASSPHRASE_DELAY_SECONDS)
        print(say(Message("cli.error", problem=exc.message)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(say(Message("cli.interrupted")), file=sys.stderr)
        return 1
    except Exception as exc:
        # A read-only, full, locked or damaged medium met outside the store's own calls.
        from caseapp.preload import settle

        settle()  # an import of the database layer still running ends first
        from caseapp.store.media import media_error

        location = location_from(args)
        medium = media_error(exc, location.path, location.describe())
        if medium is not None:
            print(say(Message("cli.error", problem=medium.message)), file=sys.stderr)
            return 1
        if os.environ.get(DEBUG_ENV):
            raise
        # No message text: an unexpected error could quote record content.
        print(
            say(Message("cli.unexpected", error=type(exc).__name__, variable=DEBUG_ENV)),
            file=sys.stderr,
        )
        return 1
