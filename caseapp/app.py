"""The composition root: the one place where store, services and interface are wired."""

from __future__ import annotations

from dataclasses import dataclass

from caseapp.resources import resource
from caseapp.services.attachments import AttachmentService
from caseapp.services.audit import AuditLog
from caseapp.services.bulk import BulkWriter
from caseapp.services.demo import load_demo
from caseapp.services.integrity import verify_store
from caseapp.services.records import RecordService
from caseapp.services.stats import record_counts
from caseapp.services.validation import Validator
from caseapp.services.vocabulary import Vocabulary, sync_terms
from caseapp.store import CaseStore, StoreLocation, create_store, open_store
from caseapp.store.keys import KdfParams


@dataclass
class CaseApp:
    """Everything a front end (CLI or window) needs, built once and handed in."""

    store: CaseStore
    vocabulary: Vocabulary
    validator: Validator
    audit: AuditLog
    records: RecordService
    attachments: AttachmentService

    def stats(self) -> dict[str, int]:
        with self.store.session() as session:
            return record_counts(session)

    def verify(self) -> list[str]:
        with self.store.session() as session:
            return verify_store(session)

    def load_demo(self) -> dict[str, int]:
        with self.store.session() as session:
            writer = BulkWriter(session, self.validator, self.audit)
            return load_demo(writer, resource("demo", "demo.json"))

    def close(self) -> None:
        self.store.close()


def wire(store: CaseStore, actor: str) -> CaseApp:
    with store.session() as session:
        sync_terms(session, resource("vocabularies", "terms.csv"))
        vocabulary = Vocabulary.load(session)
    validator = Validator(vocabulary)
    audit = AuditLog(actor)
    return CaseApp(
        store=store,
        vocabulary=vocabulary,
        validator=validator,
        audit=audit,
        records=RecordService(store, validator, audit),
        attachments=AttachmentService(store, audit),
    )


def open_case_app(
    location: StoreLocation,
    passphrase: str | None,
    actor: str,
    create: bool = False,
    kdf: KdfParams | None = None,
) -> CaseApp:
    store = create_store(location, passphrase, kdf) if create else open_store(location, passphrase)
    try:
        return wire(store, actor)
    except BaseException:
        store.close()
        raise


def run_gui(location: StoreLocation, actor: str) -> int:
    """Start the window; the interface gets a way to open the store, not the store itself,
    because it must ask for the passphrase first."""
    from caseapp.ui.launch import run

    def opener(passphrase: str | None, create: bool) -> CaseApp:
        return open_case_app(location, passphrase, actor, create=create)

    return run(location, opener)
