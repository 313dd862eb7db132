"""The roles' rights, enforced in the services (issue 13): each action called as each role.

A real encrypted archive (the demo) is opened by the composition root for a recorder, a
caseworker and a coordinator. What a role may do works; what it may not raises NotAllowed
with the one-line ``access.refused`` message, and nothing is written: the same record counts,
the same number of audit events, no file in the export folder or beside the archive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from caseapp.app import CaseApp
from caseapp.export.csv_export import export_csv
from caseapp.export.pdf_dossier import write_dossier
from caseapp.models import AuditEvent, Consent, Testimony
from caseapp.services.access import Access, Actor, NotAllowed, Right, Role
from caseapp.services.csv_fields import csv_kind_named
from caseapp.services.profiles import Profile

NAMES = {Role.RECORDER: "rita", Role.CASEWORKER: "cai", Role.COORDINATOR: "cora"}
ALL = frozenset(Role)
STAFF = frozenset({Role.CASEWORKER, Role.COORDINATOR})  # all but field staff
COORDINATOR = frozenset({Role.COORDINATOR})


@pytest.fixture(autouse=True)
def _application(qapp):
    """pytest-qt's QApplication first: the PDF code would otherwise make a QGuiApplication,
    and every later widget test of the session would meet the wrong kind."""
    return qapp


def as_role(role: Role) -> Access:
    return Access(Actor(NAMES[role], role))


@dataclass
class Scene:
    """What the actions act on. ``own`` is a testimony the acting user recorded; ``other``
    one someone else recorded (both with every consent, so only the role decides)."""

    own: str
    other: str
    deleted: str  # someone else's, soft-deleted
    identity: str  # a vault entry someone else wrote
    bare_person: str  # a person with no vault entry yet
    attachment: str  # on someone else's testimony
    csv: Path  # an internal export of the testimonies, ready to import
    out: Path  # the (empty) folder exports go to


def _public_testimony(app: CaseApp) -> str:
    """A demo testimony (recorded by the template's user) whose consent allows every profile."""
    with app.store.session() as session:
        uid: str = session.execute(
            select(col(Testimony.uid))
            .join(Consent, col(Consent.testimony_id) == col(Testimony.id))
            .where(
                col(Consent.internal),
                col(Consent.un),
                col(Consent.public),
                col(Consent.date_withdrawn).is_(None),
                col(Consent.deleted_at).is_(None),
                col(Testimony.deleted_at).is_(None),
            )
            .limit(1)
        ).scalar_one()
        return uid


def _own_testimony(app: CaseApp) -> str:
    uid = app.records.create("testimony", {"title": "mine"})
    app.records.create(
        "consent", {"testimony_uid": uid, "internal": True, "un": True, "public": True}
    )
    return uid


def build_scene(open_as: Callable[[Access], CaseApp], tmp_path: Path, role: Role) -> tuple:
    """Set the archive up as a coordinator ("admin", nobody under test), then open it as
    ``role`` and let that user record a testimony of their own."""
    admin = open_as(Access(Actor("admin", Role.COORDINATOR)))
    deleted = admin.records.create("testimony", {"title": "gone"})
    admin.records.delete("testimony", deleted)
    identified = admin.records.create("person", {"pseudonym": "P", "sex": "unknown"})
    identity = admin.records.create("identity", {"person_uid": identified, "real_name": "X"})
    bare_person = admin.records.create("person", {"pseudonym": "Q", "sex": "unknown"})
    other = _public_testimony(admin)
    attachment = admin.attachments.add_bytes(other, "scan.txt", b"scan", "text/plain")
    csv = tmp_path / "in" / "testimonies.csv"
    csv.parent.mkdir()
    admin.export_csv("testimonies", csv, "internal")
    admin.import_csv("testimonies", csv)  # an import the roles may try to undo
    admin.close()
    out = tmp_path / "out"
    out.mkdir()
    app = open_as(as_role(role))
    own = _own_testimony(app)
    return app, Scene(own, other, deleted, identity, bare_person, attachment, csv, out)


Action = Callable[[CaseApp, Scene], Any]


def _dossier(which: str, profile: str) -> Action:
    def act(app: CaseApp, scene: Scene) -> Any:
        uid = scene.own if which == "own" else scene.other
        return app.dossier_pdf(uid, scene.out / "dossier.pdf", profile)

    return act


# action -> (what it does, the roles that may)
ACTIONS: dict[str, tuple[Action, frozenset[Role]]] = {
    "create testimony": (lambda a, s: a.records.create("testimony", {"title": "new"}), ALL),
    "update own testimony": (
        lambda a, s: a.records.update("testimony", s.own, {"title": "changed"}),
        ALL,
    ),
    "update another's testimony": (
        lambda a, s: a.records.update("testimony", s.other, {"title": "changed"}),
        STAFF,
    ),
    "delete own testimony": (lambda a, s: a.records.delete("testimony", s.own), ALL),
    "delete another's testimony": (lambda a, s: a.records.delete("testimony", s.other), STAFF),
    "restore another's testimony": (
        lambda a, s: a.records.restore("testimony", s.deleted),
        STAFF,
    ),
    "read identity entry": (lambda a, s: a.records.get("identity", s.identity), STAFF),
    "write identity entry": (
        lambda a, s: a.records.create("identity", {"person_uid": s.bare_person, "real_name": "Y"}),
        ALL,
    ),
    "attach to own testimony": (
        lambda a, s: a.attachments.add_bytes(s.own, "a.txt", b"a", "text/plain"),
        ALL,
    ),
    "attach to another's testimony": (
        lambda a, s: a.attachments.add_bytes(s.other, "a.txt", b"a", "text/plain"),
        STAFF,
    ),
    "read attachment": (lambda a, s: a.attachments.read(s.attachment), ALL),
    **{
        f"export csv {profile}": (
            lambda a, s, p=profile: a.export_csv("testimonies", s.out / "t.csv", p),
            allowed,
        )
        for profile, allowed in (("internal", STAFF), ("un", COORDINATOR), ("public", COORDINATOR))
    },
    **{
        f"report {profile}": (
            lambda a, s, p=profile: a.report_pdf(s.out / "report.pdf", p),
            allowed,
        )
        for profile, allowed in (("internal", STAFF), ("un", COORDINATOR), ("public", COORDINATOR))
    },
    "dossier own internal": (_dossier("own", "internal"), ALL),
    "dossier own un": (_dossier("own", "un"), COORDINATOR),
    "dossier own public": (_dossier("own", "public"), COORDINATOR),
    "dossier another's internal": (_dossier("other", "internal"), STAFF),
    "dossier another's public": (_dossier("other", "public"), COORDINATOR),
    "import csv": (lambda a, s: a.import_csv("testimonies", s.csv), STAFF),
    "check csv import": (lambda a, s: a.check_csv("testimonies", s.csv), STAFF),
    "undo import": (lambda a, s: a.undo_import(), STAFF),
    "backup": (lambda a, s: a.backup(s.out / "archive.backup"), COORDINATOR),
    "show raw key": (lambda a, s: a.show_raw_key(), COORDINATOR),
    "audit events": (lambda a, s: a.audit_events(), COORDINATOR),
}


def written(app: CaseApp, scene: Scene, db_path: Path) -> tuple[Any, ...]:
    """Everything a refused action must leave as it was."""
    with app.store.session() as session:
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    return (
        app.stats(),
        events,
        sorted(scene.out.iterdir()),
        # Beside the archive: only its own files (no export temp, no journal left behind).
        sorted(p.name for p in db_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))),
    )


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_what_the_policy_says_and_nothing_else(
    demo_archive: Path, open_as, tmp_path: Path, role: Role, action: str
) -> None:
    app, scene = build_scene(open_as, tmp_path, role)
    act, allowed = ACTIONS[action]
    before = written(app, scene, demo_archive)
    if role in allowed:
        act(app, scene)
        return
    with pytest.raises(NotAllowed) as refused:
        act(app, scene)
    message = refused.value.message
    assert message.code == "access.refused"
    text = str(message)
    assert text.startswith(f"Refused: {NAMES[role]} is a {role.value} and may")
    assert "\n" not in text  # one line on the command line
    assert written(app, scene, demo_archive) == before


def test_allowed_exports_and_writes_leave_their_trace(demo_archive: Path, open_as, tmp_path):
    """The other side of the refusals: what a recorder may do really happens, in their name."""
    app, scene = build_scene(open_as, tmp_path, Role.RECORDER)
    result = app.dossier_pdf(scene.own, scene.out / "mine.pdf", "internal")
    assert result.path.exists()
    app.records.update("testimony", scene.own, {"title": "changed"})
    record = app.records.get("testimony", scene.own)
    assert (record["created_by"], record["updated_by"]) == ("rita", "rita")


def test_loading_the_demo_is_an_import(empty_archive: Path, open_as) -> None:
    recorder = open_as(as_role(Role.RECORDER))
    before = recorder.stats()
    with pytest.raises(NotAllowed):
        recorder.load_demo()
    assert recorder.stats() == before
    recorder.close()
    caseworker = open_as(as_role(Role.CASEWORKER))
    assert caseworker.load_demo()["testimony"] > 0


def test_the_export_layer_refuses_itself(demo_archive: Path, open_as, tmp_path: Path) -> None:
    """Calling export/ directly, past CaseApp, meets the same refusal: the check is not the
    front end's to make."""
    app, scene = build_scene(open_as, tmp_path, Role.RECORDER)
    with pytest.raises(NotAllowed):
        export_csv(
            app.store,
            app.audit,
            app.access,
            app.vocabulary,
            csv_kind_named("testimonies"),
            scene.out / "t.csv",
            Profile.INTERNAL,
        )
    with pytest.raises(NotAllowed):
        write_dossier(
            app.store,
            app.vocabulary,
            app.audit,
            app.access,
            scene.other,
            scene.out / "d.pdf",
            Profile.INTERNAL,
        )
    assert list(scene.out.iterdir()) == []


def test_a_recorder_is_told_the_same_for_a_missing_testimony(
    demo_archive: Path, open_as, tmp_path: Path
) -> None:
    """A uid that names no testimony is refused like a colleague's: the refusal does not tell
    field staff which testimonies exist."""
    app, scene = build_scene(open_as, tmp_path, Role.RECORDER)
    refusals = []
    for uid in (scene.other, "no-such-uid"):
        with pytest.raises(NotAllowed) as refused:
            app.dossier_pdf(uid, scene.out / "d.pdf", "internal")
        refusals.append(refused.value.message)
    assert refusals[0] == refusals[1]


# -- the questions the window asks to enable or disable actions --------------------------------


@pytest.mark.parametrize(
    ("role", "archive", "own", "others"),
    [
        (Role.RECORDER, [], [Profile.INTERNAL], []),
        (Role.CASEWORKER, [Profile.INTERNAL], [Profile.INTERNAL], [Profile.INTERNAL]),
        (Role.COORDINATOR, list(Profile)[::-1], list(Profile)[::-1], list(Profile)[::-1]),
    ],
    ids=str,
)
def test_export_profiles_a_role_may_choose(role, archive, own, others) -> None:
    access = as_role(role)
    assert access.export_profiles() == archive  # a CSV or a report: the whole archive
    assert access.export_profiles(owner=NAMES[role]) == own  # a dossier of one's own
    assert access.export_profiles(owner="someone else") == others


def test_why_not_names_the_right_missing() -> None:
    recorder = as_role(Role.RECORDER)
    assert str(recorder.why_not_export("public", owner="rita")) == (
        "Refused: rita is a recorder and may not export with the un or public profile."
    )
    assert str(recorder.why_not_export("internal", owner="cai")) == (
        "Refused: rita is a recorder and may export only dossiers of their own testimonies."
    )
    assert recorder.why_not(Right.CREATE) is None
    assert recorder.may_change("rita") and not recorder.may_change("cai")
