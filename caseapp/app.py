"""The composition root: the one place where store, services and interface are wired."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import configure_mappers

from caseapp.export.csv_export import ExportResult, export_csv
from caseapp.models.enums import AuditAction
from caseapp.resources import resource
from caseapp.services.access import Access, NotAllowed, Right, coordinator
from caseapp.services.attachments import AttachmentService
from caseapp.services.audit import DEFAULT_EVENT_LIMIT, AuditLog, EventSummary, list_events
from caseapp.services.backups import (
    ARCHIVE,
    BackupResult,
    RestoreResult,
    make_backup,
    record_restore,
    restore_backup,
    show_raw_key,
)
from caseapp.services.bulk import BulkWriter
from caseapp.services.csv_fields import csv_kind_named
from caseapp.services.csv_import import ImportResult, import_csv
from caseapp.services.dashboard import DashboardService
from caseapp.services.demo import load_demo
from caseapp.services.erasure import ErasureResult, erase, testimony_uid_for_code
from caseapp.services.exchange import ExchangeService
from caseapp.services.export_rights import testimony_owner
from caseapp.services.import_undo import ImportEntry, UndoResult, list_imports, undo_import
from caseapp.services.integrity import last_check_warning, record_check, verify_store
from caseapp.services.leftovers import LeftoverFiles
from caseapp.services.lookups import Listings
from caseapp.services.messages import Message
from caseapp.services.organisation import organisation as organisation_of
from caseapp.services.organisation import set_organisation
from caseapp.services.peers import PeerService
from caseapp.services.profiles import Profile
from caseapp.services.records import RecordService
from caseapp.services.search import SearchService, rebuild_violation_index
from caseapp.services.stats import record_counts
from caseapp.services.users import UserService, note_unlock, only_user, sign_in
from caseapp.services.validation import Validator
from caseapp.services.vault import Vault, peer_vault_keys, plain_store_vault, seal_plain_entries
from caseapp.services.vocabulary import Vocabulary, sync_terms
from caseapp.store import (
    CaseStore,
    StoreError,
    StoreLocation,
    create_store,
    keys,
    open_store,
    recovery,
)
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.errors import BackupError, MediaError
from caseapp.store.integrity import damaged, is_damage
from caseapp.store.keys import KdfParams as KdfParams  # re-exported for the benchmarks

if TYPE_CHECKING:  # the PDF code loads Qt; only the commands that draw import it
    from caseapp.export.pdf_files import ExportResult as PdfResult


@dataclass
class CaseApp:
    """Everything a front end (CLI or window) needs, built once and handed in."""

    store: CaseStore
    vocabulary: Vocabulary
    validator: Validator
    audit: AuditLog
    records: RecordService
    attachments: AttachmentService
    search: SearchService
    listings: Listings
    leftovers: LeftoverFiles
    access: Access
    users: UserService
    vault: Vault
    exchange: ExchangeService
    peers: PeerService
    dashboard: DashboardService

    def stats(self) -> dict[str, int]:
        with self.store.session() as session:
            return record_counts(session)

    def searcher(self) -> SearchService:
        return self.search

    def verify(self) -> list[Message]:
        """Check the archive; keep the outcome (time, ok or failed) for ``last_check``."""
        problems: list[Message] = []
        try:
            with self.store.session() as session:
                problems = verify_store(session)
        except DatabaseError as exc:  # met outside the checks (e.g. ending the transaction)
            if not is_damage(exc):
                raise
            if not any(problem.code == "verify.damaged_pages" for problem in problems):
                problems = [*problems, Message("verify.damaged_pages", count=1)]
        try:
            with self.store.session() as session:
                record_check(session, ok=not problems)
        except DatabaseError:
            # Not kept (a read-only copy, a full disk, a file SQLite stopped writing to after
            # meeting a damaged page): the problems found are the answer still.
            pass
        return problems

    def last_check(self) -> Message | None:
        """A warning when the last ``verify`` found problems (for stats, exports, window)."""
        with self.store.session() as session:
            return last_check_warning(session)

    def load_demo(self) -> dict[str, int]:
        with self.store.session() as session:
            writer = BulkWriter(session, self.validator, self.audit)
            return load_demo(writer, self.access, resource("demo", "demo.json"))

    def export_csv(
        self,
        kind: str,
        path: Path,
        profile: Profile | str = Profile.PUBLIC,
        progress: Callable[[int], None] | None = None,
        only: Select[Any] | None = None,
    ) -> ExportResult:
        """Export ``kind`` (testimonies, violations, protection, responses) to ``path`` as
        ``profile`` may show it; the default profile is the most restrictive. ``only`` (a
        SELECT of uids, e.g. a tab's ``matching_uids()``) narrows it to what a tab shows."""
        return export_csv(
            self.store,
            self.audit,
            self.access,
            self.vocabulary,
            csv_kind_named(kind),
            Path(path),
            Profile(profile),
            progress,
            only,
            self.leftovers,
            self.vault,
        )

    def default_profile(self, dossier_of: str | None = None) -> Profile:
        """The most restrictive profile this user may export with (of the testimony
        ``dossier_of`` for a dossier); public when none is allowed, to be refused as such."""
        owner = testimony_owner(self.store, dossier_of) if dossier_of else None
        allowed = self.access.export_profiles(owner)
        return allowed[0] if allowed else Profile.PUBLIC

    def import_csv(
        self, kind: str, path: Path, progress: Callable[[int], None] | None = None
    ) -> ImportResult:
        """Import a CSV file of ``kind`` whole, in one transaction, or raise and change
        nothing."""
        csv_kind = csv_kind_named(kind)
        with self.store.session() as session:
            return import_csv(
                session, self.validator, self.audit, self.access, csv_kind, Path(path), progress
            )

    def check_csv(
        self, kind: str, path: Path, progress: Callable[[int], None] | None = None
    ) -> ImportResult:
        """What importing ``path`` would create and change, or the problem it would raise:
        the same import, every check, in a transaction that is then rolled back, so nothing
        is written (``written`` is False in the result)."""
        csv_kind = csv_kind_named(kind)
        with self.store.session() as session:
            result = import_csv(
                session, self.validator, self.audit, self.access, csv_kind, Path(path), progress
            )
            session.rollback()
        return dataclasses.replace(result, written=False)

    def imports(self) -> list[ImportEntry]:
        """The imports that can be named for undo, newest first."""
        with self.store.session() as session:
            return list_imports(session)

    def undo_import(self, import_id: str | None = None) -> UndoResult:
        """Put back what an import (the last one when None) overwrote and soft-delete what it
        created, in one transaction; raise ``UndoRefused`` and change nothing otherwise."""
        with self.store.session() as session:
            return undo_import(session, self.validator, self.audit, self.access, import_id)

    def report_pdf(
        self,
        path: Path,
        profile: Profile | str = Profile.PUBLIC,
        organisation: str | None = None,
        language: str = "en",
        progress: Callable[[int, int], bool] | None = None,
    ) -> PdfResult:
        """Write the coordinator report (PDF) to ``path`` as ``profile`` may show it; the
        default profile is the most restrictive. ``progress(done, 100)`` may return False
        to cancel."""
        from caseapp.export.pdf_report import ReportOptions, write_report

        organisation = organisation or self.organisation()
        options = ReportOptions(Profile(profile), organisation, language, self.vault)
        return write_report(
            self.store,
            self.vocabulary,
            self.audit,
            self.access,
            Path(path),
            options,
            progress,
            self.leftovers,
        )

    def dossier_pdf(
        self,
        testimony_uid: str,
        path: Path,
        profile: Profile | str = Profile.PUBLIC,
        language: str = "en",
        organisation: str | None = None,
    ) -> PdfResult:
        """Write one testimony's dossier (PDF) to ``path``; refused (ConsentRefused) when
        the testimony's consent does not allow ``profile``."""
        from caseapp.export.pdf_dossier import write_dossier

        organisation = organisation or self.organisation()
        return write_dossier(
            self.store,
            self.vocabulary,
            self.audit,
            self.access,
            testimony_uid,
            Path(path),
            Profile(profile),
            language,
            organisation,
            self.leftovers,
            self.vault,
        )

    def organisation(self) -> str:
        """The archive's organisation, printed on reports and dossiers."""
        return organisation_of(self.store)

    def set_organisation(self, name: str) -> str:
        """Name the archive's organisation (coordinators; audited)."""
        return set_organisation(self.store, self.audit, self.access, name)

    def backup(self, path: Path) -> BackupResult:
        """Write a checked backup of the whole archive (database with attachments, and key
        slots) to the one file ``path``; it may run while the window is open."""
        return make_backup(self.store, self.audit, self.access, Path(path))

    def show_raw_key(self) -> list[str]:
        """The PRAGMA lines that open the database with standard SQLCipher tools. The
        request is recorded in the audit trail (never the key) before the lines are given."""
        return show_raw_key(self.store, self.audit, self.access)

    def rekey(self) -> recovery.RekeyResult:
        """A new random database key, sealed to every user's slot (none needs to be present).
        Recorded in the audit trail (how many users kept it, never a key)."""
        self.access.require(Right.MANAGE)
        if self.store.key is None:
            raise BackupError(Message("backup.needs_file"))
        result = self.store.rekey()
        with self.store.session() as session:
            self.audit.record(
                session, AuditAction.REKEY, ARCHIVE, None, {"users": len(result.kept)}
            )
        return result

    def audit_events(
        self, limit: int = DEFAULT_EVENT_LIMIT, record_uid: str | None = None
    ) -> list[EventSummary]:
        """The newest audit events, newest first (who, what, which record; no values)."""
        with self.store.session() as session:
            return list_events(session, self.access, limit, record_uid)

    def erase_testimony(self, uid: str) -> ErasureResult:
        """Erase a withdrawn testimony's text, attachments and exclusive vault entries for
        good, audited, then scrub the old bytes (caseapp/services/erasure.py). Coordinators
        only; the front end asks twice first."""
        return erase(self.store, self.access, self.audit, uid)

    def testimony_uid_for_code(self, code: str) -> str | None:
        """The uid of the testimony with ``code``, deleted or not (what ``erase`` names)."""
        with self.store.session() as session:
            return testimony_uid_for_code(session, code)

    def close(self) -> None:
        self.dashboard.close()  # a count under way on the window's worker ends first
        self.store.close()


def wire(store: CaseStore, access: Access | str, vault: Vault | None = None) -> CaseApp:
    """Build the services over an opened store for the user ``access`` describes (a bare
    name is a coordinator: a store without users) with the identity ``vault`` their slot
    opened (None: the store's own, for a store without slots)."""
    if isinstance(access, str):
        access = coordinator(access)
    with store.session() as session:
        terms_changed = sync_terms(session, resource("vocabularies", "terms.csv"))
        vocabulary = Vocabulary.load(session)
        if vault is None:
            vault = _vault_of(store, session, access.name)
    if terms_changed:
        rebuild_violation_index(store)  # the index holds category and perpetrator labels
    validator = Validator(vocabulary)
    audit = AuditLog(access.name)
    leftovers = LeftoverFiles(store)
    leftovers.clean()  # what a kill left of an earlier export, before anything else runs
    records = RecordService(store, validator, audit, access, vault)
    return CaseApp(
        store=store,
        vocabulary=vocabulary,
        validator=validator,
        audit=audit,
        records=records,
        attachments=AttachmentService(store, audit, access, leftovers),
        search=SearchService(store),
        listings=Listings(store),
        leftovers=leftovers,
        access=access,
        users=UserService(store, audit, access),
        vault=vault,
        exchange=ExchangeService(store, records, access, validator, vault, leftovers),
        peers=PeerService(store, audit, access),
        dashboard=DashboardService(store, access),
    )


def _vault_of(store: CaseStore, session: Any, name: str) -> Vault:
    """The vault as the unlocked slot opens it, or a slot-less store's own."""
    unlocked = store.unlocked
    vault = (
        plain_store_vault(session, name)
        if unlocked is None
        else Vault(unlocked.vault_public, unlocked.vault_private, name)
    )
    for public in peer_vault_keys(session).values():
        vault.add_recipient(public)  # entries are sealed to the peers' vault keys too
    return vault


def _only_user(store: CaseStore) -> str | None:
    with store.session() as session:
        return only_user(session)


def signed_in(store: CaseStore, name: str) -> tuple[Access, Vault]:
    """Who ``name`` is in this archive (their role; the first user becomes coordinator) and
    the vault their slot opens. Entries written before the vault was sealed are sealed now,
    by a slot that can (every first user's can). Refused for a slot with no user."""
    audit = AuditLog(name)
    with store.session() as session:
        actor = sign_in(session, name, audit)
        vault = _vault_of(store, session, name)
        if vault.readable:
            seal_plain_entries(session, vault, audit)
    try:
        with store.session() as session:
            note_unlock(session, name)
    except MediaError:
        pass  # a read-only copy opens all the same; the date of the last unlock is a nicety
    return Access(actor), vault


def open_case_app(
    location: StoreLocation,
    passphrase: str | None,
    user: str | None = None,
    create: bool = False,
    kdf: KdfParams | None = None,
    unlocked: keys.Unlocked | None = None,
) -> CaseApp:
    """Open (or ``create``) the archive as ``user``: their slot, their role. With no user
    named, an encrypted archive's only user; a new archive's first user is ``user`` (else
    ``coordinator``), and so is the user of a store without slots. On a team server the
    user is the URL's login (``user``, when named, must be it) and ``passphrase`` opens
    their slot there. ``unlocked``: ``user``'s slot already opened with ``passphrase``
    (``services.archives.unlock_slot``: the command line derives the key while this module
    loads)."""
    name = user or keys.LEGACY_USER
    try:
        if create:
            # On a server the first user is the login itself; a name given must be it.
            first = name if location.path is not None else user
            store = create_store(location, passphrase, kdf, user=first)
        else:
            store = open_store(location, passphrase, user, unlocked)
    except DatabaseError as exc:
        if is_damage(exc):
            raise damaged() from None  # a damaged page, said as such (not "unexpected")
        raise
    try:
        if store.unlocked is not None:
            name = store.unlocked.user  # the slot that opened
        elif user is None and not create:
            name = _only_user(store) or name
        access, vault = signed_in(store, name)
        opened = wire(store, access, vault)
        if create:
            opened.peers.keys()  # a new archive has its exchange identity from the start
        return opened
    except BaseException as exc:
        store.close()
        if isinstance(exc, DatabaseError) and is_damage(exc):
            raise damaged() from None
        raise


# Cheap key derivation for throwaway archives (benchmark targets), never for real ones.
THROWAWAY_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def floor_key(path: Path, passphrase: str) -> bytes:
    """The raw database key, for a benchmark floor that opens SQLCipher itself in another
    process (handed over a pipe, never written anywhere)."""
    return keys.unlock(keys.key_file_for(path), passphrase).database_key


def floor_connection(path: Path, passphrase: str, cache_kib: int | None = None) -> Any:
    """A bare SQLCipher connection to ``path`` with the store's key and pragmas and none of
    its code: what the benchmarks measure their raw-SQL floors on. ``cache_kib``: the page
    cache the app takes for the same work (an import's ``BULK_CACHE_KIB``, a bundle's
    ``APPLY_CACHE_KIB``)."""
    conn = connect_sqlcipher(path, floor_key(path, passphrase))
    if cache_kib is not None:
        conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    return conn


def restore_archive(
    location: StoreLocation, backup: Path, passphrase: str, user: str | None = None
) -> RestoreResult:
    """Make the backup at ``backup`` the archive at ``location`` (never over an existing
    one), then record the restore in the restored archive's audit trail. Only a coordinator
    of the backup's archive may."""
    if location.path is None:
        raise BackupError(Message("backup.needs_file"))
    folder_existed = location.path.parent.exists()
    result = restore_backup(Path(backup), location.path, passphrase, user)
    restored = open_case_app(location, passphrase, user)
    if not restored.access.may(Right.MANAGE):
        # Known only once the backup's users are read: what was placed is taken away again.
        refusal = restored.access.refusal(Right.MANAGE)
        restored.close()
        _remove_restored(location.path, folder_existed)
        raise NotAllowed(refusal)
    try:
        record_restore(restored.store, restored.audit, Path(backup), result.backup_sha256)
    finally:
        restored.close()
    return result


def _remove_restored(path: Path, keep_folder: bool) -> None:
    names = [path.name + end for end in ("", "-wal", "-shm", ".keys")]
    for leftover in [
        *(path.with_name(n) for n in names),
        *path.parent.glob(path.name + ".backup-r*"),
    ]:
        leftover.unlink(missing_ok=True)
    if not keep_folder:
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def passphrase_checker(
    location: StoreLocation, user: str | None = None, store: CaseStore | None = None
) -> Callable[[str], bool] | None:
    """What the lock screen asks: does this passphrase open ``user``'s slot? On a team
    server, the signed-in login's slot in the database (``store``)."""
    if location.path is None:
        if store is not None and store.team is not None:
            return store.opens_with
        return None  # a server database without a team has no passphrase of ours
    key_file = keys.key_file_for(location.path)

    def check(passphrase: str) -> bool:
        try:
            keys.unlock(key_file, passphrase, user)
        except StoreError:
            return False
        return True

    return check


def tab_context(
    opened: CaseApp,
    undo: Any,
    language: str,
    settings: Any = None,
    ask_discard: Callable[[Any, str, str], bool] | None = None,
    defer_loading: bool = False,
) -> Any:
    """What the window hands every tab: the services (never the store), the undo stack,
    the interface language and settings (``UiSettings``, for each tab's splitter and
    columns), and how to ask before unsaved edits are dropped."""
    from caseapp.ui.tabs.base import TabContext

    extra = {} if ask_discard is None else {"ask_discard": ask_discard}
    return TabContext(
        records=opened.records,
        vocabulary=opened.vocabulary,
        listings=opened.listings,
        search=opened.search,
        attachments=opened.attachments,
        undo=undo,
        language=language,
        settings=settings,
        defer_loading=defer_loading,
        access=opened.access,
        audit_events=opened.audit_events,
        **extra,
    )


def gui_parts(default_user: str | None = None) -> tuple[Any, Any]:
    """The two things the window needs from the composition root: how to open a store
    (after the user and passphrase are known) and how to build the window over an opened
    one. ``default_user``: the user named on the command line, when the dialog names none."""
    from PySide6.QtGui import QUndoStack

    from caseapp.store.bundle_crypto import fingerprint, parse_identity
    from caseapp.ui.exchange_dialog import ExchangeParts
    from caseapp.ui.export_job import Exporters
    from caseapp.ui.import_dialog import Importers
    from caseapp.ui.launch import OpenedApp
    from caseapp.ui.lock import IdleWatcher
    from caseapp.ui.main_window import MainWindow
    from caseapp.ui.messages import tr_message
    from caseapp.ui.settings import UiSettings
    from caseapp.ui.settings_dialog import OrganisationSetting, SettingsDialog
    from caseapp.ui.tabs.base import RecordTab
    from caseapp.ui.tabs.conflicts import ConflictsTab
    from caseapp.ui.tabs.dashboard import DashboardTab
    from caseapp.ui.tabs.regions import RegionsTab
    from caseapp.ui.tabs.search import SearchTab
    from caseapp.ui.tabs.state_responses import StateResponsesTab
    from caseapp.ui.tabs.testimonies import TestimoniesTab
    from caseapp.ui.tabs.violations import ViolationsTab

    def opener(
        target: StoreLocation,
        passphrase: str | None,
        create: bool,
        demo: bool,
        user: str | None = default_user,
        organisation: str | None = None,
        unlocked: keys.Unlocked | None = None,
    ) -> CaseApp:
        """Open as ``user`` (the start dialog's choice; else the one named on the command
        line; else the archive's only user); a new archive is named for ``organisation``.
        ``unlocked``: that user's slot, already opened with ``passphrase`` (caseapp/gui.py
        derives the key while this module may still be loading)."""
        case_app = open_case_app(
            target, passphrase, user or default_user, create=create, unlocked=unlocked
        )
        if demo and create:
            case_app.load_demo()
        elif create and organisation is not None:
            case_app.set_organisation(organisation)
        return case_app

    def build_window(
        opened: OpenedApp, used: StoreLocation, settings: UiSettings, watcher: IdleWatcher
    ) -> MainWindow:
        assert isinstance(opened, CaseApp)
        undo = QUndoStack()
        context = tab_context(opened, undo, settings.language, settings, defer_loading=True)
        tabs: list[tuple[str, RecordTab]] = [
            ("dashboard", DashboardTab(context, opened.dashboard)),
            ("testimony", TestimoniesTab(context)),
            ("violation", ViolationsTab(context)),
            ("region", RegionsTab(context)),
            ("state_response", StateResponsesTab(context)),
            ("search", SearchTab(context)),
        ]
        if opened.exchange.shows_conflicts():
            tabs.append(("conflict", ConflictsTab(context, opened.exchange)))

        def open_settings(parent: object) -> None:
            organisation = OrganisationSetting(
                opened.organisation(), opened.access.why_not(Right.MANAGE), opened.set_organisation
            )
            dialog = SettingsDialog(settings, window, organisation)
            if dialog.exec():
                dialog.apply()
                watcher.set_minutes(settings.idle_minutes)

        window = MainWindow(
            tabs,
            undo,
            settings,
            passphrase_checker(used, opened.access.name if used.path else None, opened.store),
            used.describe(),
            open_settings,
            exporters=Exporters(opened.export_csv, opened.report_pdf, opened.dossier_pdf),
            importers=Importers(opened.check_csv, opened.import_csv),
            check_warning=tr_message(warning) if (warning := opened.last_check()) else "",
            backup=opened.backup,
            access=opened.access,
            audit_events=opened.audit_events,
            users=opened.users,
            erase_testimony=opened.erase_testimony,
            exchange=ExchangeParts(
                opened.peers,
                opened.exchange,
                lambda text: fingerprint(*parse_identity(text)),  # what Trust… shows to compare
            ),
            change_feed=opened.store.change_feed(),
        )
        undo.setParent(window)
        watcher.idle.connect(window.lock)
        return window

    return opener, build_window


def run_gui(location: StoreLocation, user: str | None = None) -> int:
    """Start the window (caseapp/gui.py: the unlock dialog shows before this module's
    imports are needed; ``caseapp`` starts there without importing this module first)."""
    from caseapp.gui import run_gui as start

    return start(location, user)


# The models' mappings are otherwise completed at the first query (about 60 ms, after the key
# is derived): completed here, on the thread that loads this module meanwhile (preload.py).
configure_mappers()
