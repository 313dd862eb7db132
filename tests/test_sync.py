"""The exchange's merge engine between real encrypted archives (issue 14): a field laptop and
a coordinator exchange what the other has not acknowledged; the same field edited on both
sides is a conflict that keeps the local value; safety rules decide consent and erasure.

The bundle here is the list of items passed through JSON, as the file carries them; the file
itself (encryption, signature) is tested in tests/test_bundle_crypto.py."""

from __future__ import annotations

import base64
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import Session, col

from caseapp.app import CaseApp, open_case_app
from caseapp.models import AppMeta, ExchangePeer
from caseapp.models.base import utc_now
from caseapp.services.errors import ValidationError
from caseapp.services.exchange import apply_incoming, peer_named, write_outgoing
from caseapp.services.peers import KEYS_META
from caseapp.services.sync import ApplySummary, outgoing, this_archive
from caseapp.store import StoreLocation

from .conftest import PASSPHRASE, _copy, _pg_copy, _template, db_argument
from .test_list_sorts import assert_sorts_are_right

# The coordinator's archive is on the test's engine (a team server on PostgreSQL); the field
# laptops' archives are always encrypted files.
pytestmark = pytest.mark.both_engines


class ListSink:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, item: dict[str, Any]) -> None:
        self.items.append(item)


Bundle = tuple[dict[str, Any], list[dict[str, Any]]]


def write(app: CaseApp, to: str) -> Bundle:
    sinks: list[ListSink] = []
    metas: list[dict[str, Any]] = []

    def open_sink(meta: dict[str, Any]) -> ListSink:
        metas.append(meta)
        sinks.append(ListSink())
        return sinks[-1]

    everything = _compared_whole(app, to)
    with app.store.session() as session:
        write_outgoing(session, peer_named(session, to), open_sink)
    meta, items = json.loads(json.dumps([metas[0], sinks[0].items], ensure_ascii=False))
    # A bundle after the first reads only the records named since the last one (migration
    # 0028): it must carry exactly what comparing every record with its base finds.
    assert [(i["kind"], i["uid"]) for i in items if i["type"] == "record"] == everything
    return meta, items


def _compared_whole(app: CaseApp, to: str) -> list[tuple[str, str]]:
    """(kind, uid) of the records a bundle to ``to`` would carry if every record were
    compared with its base; nothing kept (rolled back)."""
    with Session(app.store.engine) as session:
        try:
            peer = peer_named(session, to)
            me = this_archive(session)
            return [
                (item["kind"], item["uid"])
                for item in outgoing(session, peer, peer.sent_seq + 1, me, since=None)
                if item["type"] == "record"
            ]
        finally:
            session.rollback()


def apply(app: CaseApp, sender: str, bundle: Bundle) -> ApplySummary:
    meta, items = bundle
    with app.store.session() as session:
        return apply_incoming(
            session, app.validator, peer_named(session, sender), meta, items, app.access.name
        )


def trust(app: CaseApp, *names: str) -> None:
    with app.store.session() as session:
        for index, name in enumerate(names):
            session.add(
                ExchangePeer(
                    name=name,
                    identity=f"test {name}",
                    sign_public=f"{name}-{index}",
                    box_public="",
                    trusted_at=utc_now(),
                )
            )


def own_copy(
    tmp_path_factory: pytest.TempPathFactory,
    path: Path,
    server: pytest.FixtureRequest | None = None,
) -> CaseApp:
    """An archive from the shared template, with keys of its own: copies of one archive
    share its identity (and ``exchange trust`` refuses a second archive with the same). With
    ``server`` (a PostgreSQL test's request), a database of its own on the test server."""
    if server is not None:
        app = open_case_app(_pg_copy(server, "empty", demo=False), None)
    else:
        _copy(_template(tmp_path_factory, "empty", demo=False), path)
        app = open_case_app(StoreLocation(path=path), PASSPHRASE)
    own_identity(app)
    return app


def on_server(request: pytest.FixtureRequest, store_engine: str, name: str):
    """The request to put ``name``'s archive on the test server, or None for a file."""
    return request if store_engine == "postgresql" and name == "coordinator" else None


def own_identity(app: CaseApp) -> None:
    """Forget the template's archive keys: new ones are made at first use."""
    with app.store.session() as session:
        session.execute(delete(AppMeta).where(col(AppMeta.key) == KEYS_META))


@pytest.fixture
def pair(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    store_engine: str,
):
    """A coordinator's archive and a field laptop's, each trusting the other."""
    apps = []
    for name in ("coordinator", "field"):
        path = tmp_path / name / "cases.db"
        apps.append(own_copy(tmp_path_factory, path, on_server(request, store_engine, name)))
    coordinator, field = apps
    trust(coordinator, "field")
    trust(field, "coordinator")
    yield coordinator, field
    for app in apps:
        app.close()


def round_trip(coordinator: CaseApp, field: CaseApp) -> tuple[ApplySummary, ApplySummary]:
    up = apply(coordinator, "field", write(field, "coordinator"))
    down = apply(field, "coordinator", write(coordinator, "field"))
    return up, down


def seed(field: CaseApp) -> str:
    uid = field.records.create(
        "testimony", {"title": "회령에서 온 증언", "narrative": "첫 문단", "language": "ko"}
    )
    field.records.create("consent", {"testimony_uid": uid, "internal": True, "un": True})
    field.records.create("violation", {"testimony_uid": uid, "category": "torture"})
    return uid


def test_a_days_work_reaches_the_coordinator_and_nothing_echoes(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    up, down = round_trip(coordinator, field)
    assert (up.created, up.conflicts) == (3, 0)
    assert coordinator.records.get("testimony", uid)["title"] == "회령에서 온 증언"
    assert coordinator.stats()["violation"] == 1
    assert down.created == 0 and down.updated == 0  # nothing came back as a change
    again = write(field, "coordinator")
    assert again[1] == []  # acknowledged: nothing left to send
    assert coordinator.verify() == [] and field.verify() == []


def test_the_same_bundle_twice_changes_nothing(pair) -> None:
    coordinator, field = pair
    seed(field)
    bundle = write(field, "coordinator")
    apply(coordinator, "field", bundle)
    before = coordinator.stats()
    assert apply(coordinator, "field", bundle).skipped
    assert coordinator.stats() == before


def test_different_fields_merge_and_the_same_field_conflicts(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    coordinator.records.update("testimony", uid, {"title": "코디네이터의 제목"})
    field.records.update("testimony", uid, {"summary": "현장 요약"})
    up, down = round_trip(coordinator, field)
    assert up.conflicts == 0 and down.conflicts == 0
    for app in (coordinator, field):
        shown = app.records.get("testimony", uid)
        assert (shown["title"], shown["summary"]) == ("코디네이터의 제목", "현장 요약")

    coordinator.records.update("testimony", uid, {"title": "A"})
    field.records.update("testimony", uid, {"title": "B"})
    up = apply(coordinator, "field", write(field, "coordinator"))
    assert up.conflicts == 1
    assert coordinator.records.get("testimony", uid)["title"] == "A"  # the local one stays
    (conflict,) = coordinator.exchange.conflicts()
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "title",
        "코디네이터의 제목",
        "A",
        "B",
    )
    coordinator.exchange.resolve(uid, "title", keep="theirs")
    assert coordinator.exchange.conflicts() == []
    round_trip(coordinator, field)
    round_trip(coordinator, field)
    for app in (coordinator, field):
        assert app.records.get("testimony", uid)["title"] == "B"
        assert app.verify() == []


def test_a_withdrawal_wins_over_a_wider_consent(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    consent = _consent_uid(field, uid)
    field.records.update("consent", consent, {"un": False, "date_withdrawn": "2026-11-30"})
    coordinator.records.update("consent", consent, {"un": True, "public": True})
    up = apply(coordinator, "field", write(field, "coordinator"))
    shown = coordinator.records.get("consent", consent)
    assert (shown["un"], shown["date_withdrawn"]) == (False, "2026-11-30")
    assert up.conflicts == 0


def test_a_deletion_against_an_edit_is_a_conflict(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    field.records.delete("testimony", uid)
    coordinator.records.update("testimony", uid, {"title": "still needed"})
    apply(coordinator, "field", write(field, "coordinator"))
    fields = {c.field for c in coordinator.exchange.conflicts()}
    assert "deleted_at" in fields
    assert coordinator.records.get("testimony", uid)["title"] == "still needed"


def _consent_uid(app: CaseApp, testimony_uid: str) -> str:
    from sqlalchemy import text

    with app.store.engine.connect() as conn:
        return str(
            conn.execute(
                text(
                    "SELECT c.uid FROM consent c JOIN testimony t ON t.id = c.testimony_id"
                    " WHERE t.uid = :uid"
                ),
                {"uid": testimony_uid},
            ).scalar_one()
        )


# -- a randomised simulation: a coordinator and two field laptops ------------------------------


def state_of(app: CaseApp) -> dict[tuple[str, str], dict[str, Any]]:
    from caseapp.services.record_kinds import KINDS
    from caseapp.services.sync_records import SYNC_KINDS, all_snapshots

    with app.store.session() as session:
        return {
            (kind, snap.uid): snap.fields
            for kind in SYNC_KINDS
            for snap in all_snapshots(session, KINDS[kind])
        }


@pytest.mark.sqlcipher_only  # on a server: the causal simulation below covers it
def test_three_archives_converge_after_random_work_and_random_exchanges(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    store_engine: str,
) -> None:
    import random

    rng = random.Random(14)
    apps: dict[str, CaseApp] = {}
    for name in ("coordinator", "f1", "f2"):
        path = tmp_path / name / "cases.db"
        apps[name] = own_copy(tmp_path_factory, path, on_server(request, store_engine, name))
    trust(apps["coordinator"], "f1", "f2")
    trust(apps["f1"], "coordinator")
    trust(apps["f2"], "coordinator")
    links = [
        ("f1", "coordinator"),
        ("coordinator", "f1"),
        ("f2", "coordinator"),
        ("coordinator", "f2"),
    ]
    known: dict[str, list[str]] = {name: [] for name in apps}
    old_bundles: list[tuple[str, str, Bundle]] = []
    words = ["회령", "보위부", "camp", "labour", "증언", "Hoeryong", "구금", "탈북"]
    try:
        for _step in range(600):
            name = rng.choice(list(apps))
            app = apps[name]
            roll = rng.random()
            if roll < 0.2 or not known[name]:
                uid = app.records.create(
                    "testimony",
                    {"title": rng.choice(words), "language": "ko", "narrative": rng.choice(words)},
                )
                app.records.create("consent", {"testimony_uid": uid, "internal": True})
                known[name].append(uid)
            elif roll < 0.75:
                uid = rng.choice(known[name])
                field = rng.choice(["title", "summary", "narrative", "status"])
                value = (
                    rng.choice(["draft", "reviewed", "verified"])
                    if field == "status"
                    else f"{rng.choice(words)} {rng.randrange(1000)}"
                )
                if app.records.get("testimony", uid, include_deleted=True)["deleted_at"] is None:
                    app.records.update("testimony", uid, {field: value})
            elif roll < 0.8:
                uid = rng.choice(known[name])
                if app.records.get("testimony", uid, include_deleted=True)["deleted_at"] is None:
                    app.records.delete("testimony", uid)
            else:
                sender, receiver = rng.choice(links)
                bundle = write(apps[sender], receiver)
                old_bundles.append((sender, receiver, bundle))
                apply(apps[receiver], sender, bundle)
                if rng.random() < 0.3:  # an old bundle again, from the stick
                    s, r, old = rng.choice(old_bundles)
                    apply(apps[r], s, old)
                for uid in _testimony_uids(apps[receiver]):
                    if uid not in known[receiver]:
                        known[receiver].append(uid)
        seen_conflicts = sum(len(a.exchange.conflicts()) for a in apps.values())
        assert seen_conflicts > 0  # concurrent edits of one field happened, and were caught

        settle(apps, links, rng)
        for app in apps.values():
            assert app.verify() == []
            assert_sorts_are_right(app)  # bundles applied and merged keep the sort keys exact
    finally:
        for app in apps.values():
            app.close()


def settle(apps: dict[str, CaseApp], links: list[tuple[str, str]], rng: Any) -> None:
    """The end of a simulation: every bundle arrives, the coordinator resolves, one more
    round goes out and back; then all hold the same records and nothing is left to send."""
    # Every bundle arrives; the coordinator resolves what conflicts (the field laptops
    # resolve nothing: their conflicts close when the coordinator's resolution arrives).
    coordinator = apps["coordinator"]
    for _round in range(3):
        for sender, receiver in links:
            apply(apps[receiver], sender, write(apps[sender], receiver))
        for conflict in parents_first(coordinator.exchange.conflicts()):
            keep = rng.choice(["mine", "theirs"])
            coordinator.exchange.resolve(conflict.record_uid, conflict.field, keep=keep)
    # One more round out and back.
    for sender, receiver in links:
        apply(apps[receiver], sender, write(apps[sender], receiver))
    states = [state_of(app) for app in apps.values()]
    assert states[0] == states[1] == states[2]
    assert coordinator.exchange.conflicts() == []
    # What stays open on a field laptop is a conflict its own value won (it deleted a
    # record while the coordinator edited it, then sent the deletion with the edits): the
    # value in effect is its own, everywhere. Its user closes it; that travels too.
    for name in ("f1", "f2"):
        for conflict in apps[name].exchange.conflicts():
            current = apps[name].records.get(conflict.kind, conflict.record_uid, True)
            assert current[conflict.field] == conflict.mine
            apps[name].exchange.resolve(conflict.record_uid, conflict.field, keep="mine")
    # Versions joined where two values met (two deletions, say) go back once more: the
    # rounds end when no bundle carries anything.
    for _round in range(4):
        sent = 0
        for sender, receiver in links:
            bundle = write(apps[sender], receiver)
            sent += len(bundle[1])
            apply(apps[receiver], sender, bundle)
        if sent == 0:
            break
    assert sent == 0
    assert [state_of(app) for app in apps.values()] == states
    assert all(app.exchange.conflicts() == [] for app in apps.values())


def _testimony_uids(app: CaseApp) -> list[str]:
    from sqlalchemy import text

    with app.store.engine.connect() as conn:
        return [str(u) for u in conn.execute(text("SELECT uid FROM testimony")).scalars()]


def test_conflicts_are_listed_and_resolved_from_the_command_line(pair, tmp_path: Path) -> None:
    from .cli_runner import environment, run_cli

    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    coordinator.records.update("testimony", uid, {"title": "제목 A"})
    field.records.update("testimony", uid, {"title": "제목 B"})
    apply(coordinator, "field", write(field, "coordinator"))
    db = db_argument(coordinator)
    env = environment(tmp_path, PASSPHRASE)
    listed = run_cli("--db", db, "conflicts", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (shown,) = json.loads(listed.stdout)
    assert {k: shown[k] for k in ("record_uid", "kind", "field", "mine", "theirs")} == {
        "record_uid": uid,
        "kind": "testimony",
        "field": "title",
        "mine": "제목 A",
        "theirs": "제목 B",
    }
    assert shown["base"] == "회령에서 온 증언" and set(shown["by"]) == {"mine", "theirs"}
    refused = run_cli("--db", db, "conflicts", "resolve", uid, "title", env=env)
    assert refused.returncode == 2  # --keep or --value is required (a usage error)
    done = run_cli("--db", db, "conflicts", "resolve", uid, "title", "--value", "제목 C", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(run_cli("--db", db, "conflicts", "--json", env=env).stdout) == []
    assert coordinator.records.get("testimony", uid)["title"] == "제목 C"
    round_trip(coordinator, field)
    assert field.records.get("testimony", uid)["title"] == "제목 C"  # the resolution travels


def test_two_laptops_typing_the_same_code_do_not_collide(pair) -> None:
    coordinator, field = pair
    mine = coordinator.records.create("testimony", {"code": "F1-2026-001", "title": "here"})
    theirs = field.records.create("testimony", {"code": "F1-2026-001", "title": "there"})
    summary = apply(coordinator, "field", write(field, "coordinator"))
    assert summary.created == 1 and summary.conflicts == 1
    assert coordinator.records.get("testimony", mine)["code"] == "F1-2026-001"
    assert coordinator.records.get("testimony", theirs)["code"] == "F1-2026-001-2"
    (conflict,) = coordinator.exchange.conflicts()
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "code",
        "F1-2026-001-2",
        "F1-2026-001",
    )
    assert coordinator.verify() == []


def test_an_erasure_reaches_the_other_archive_and_wins_over_an_edit(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    consent = _consent_uid(coordinator, uid)
    coordinator.records.update("consent", consent, {"date_withdrawn": "2026-12-01"})
    coordinator.erase_testimony(uid)
    field.records.update("testimony", uid, {"narrative": "현장에서 고친 문단"})
    down = apply(field, "coordinator", write(coordinator, "field"))
    assert down.erased == 1
    assert field.records.get("testimony", uid)["narrative"] == ""
    apply(coordinator, "field", write(field, "coordinator"))
    assert coordinator.records.get("testimony", uid)["narrative"] == ""
    for app in (coordinator, field):
        with app.store.engine.connect() as conn:
            from sqlalchemy import text

            kept = conn.execute(text("SELECT fields FROM sync_shadow")).scalars().all()
            kept += conn.execute(text("SELECT mine || theirs FROM sync_conflict")).scalars().all()
        assert not any("문단" in text_ for text_ in kept)
        assert app.verify() == []


def test_attachments_travel_with_their_bytes_once(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    scan = "면담 기록 스캔".encode() * 500
    file_uid = field.attachments.add_bytes(uid, "면담-1쪽.jpg", scan, "image/jpeg")
    round_trip(coordinator, field)
    assert coordinator.attachments.read(file_uid) == scan
    again = write(field, "coordinator")
    assert [i for i in again[1] if i["type"] == "attachment"] == []  # acknowledged: not again
    field.records.delete("testimony", uid)  # the file goes with its testimony
    apply(coordinator, "field", write(field, "coordinator"))
    assert coordinator.records.get("testimony", uid, include_deleted=True)["deleted_at"]
    for app in (coordinator, field):
        assert app.verify() == []


def test_an_attachment_whose_bytes_do_not_match_is_refused_whole(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    field.attachments.add_bytes(uid, "a.txt", b"the real bytes", "text/plain")
    meta, items = write(field, "coordinator")
    for item in items:
        if item["type"] == "attachment":
            item["content"] = base64.b64encode(b"other bytes!!!").decode()
    before = coordinator.stats()
    with pytest.raises(ValidationError, match="does not match its SHA-256"):
        apply(coordinator, "field", (meta, items))
    assert coordinator.stats() == before


def test_a_conflict_names_who_changed_that_field_on_each_side(pair) -> None:
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    field.users.add("amy", "caseworker", "amy's own long field passphrase")
    amy = open_case_app(
        StoreLocation(path=field.store.path), "amy's own long field passphrase", "amy"
    )
    try:
        amy.records.update("testimony", uid, {"title": "amy의 제목"})
    finally:
        amy.close()
    field.records.update("testimony", uid, {"summary": "tester의 요약"})  # the record's last
    coordinator.records.update("testimony", uid, {"title": "사무실 제목"})
    apply(coordinator, "field", write(field, "coordinator"))
    (conflict,) = coordinator.exchange.conflicts()
    assert conflict.field == "title"
    assert conflict.theirs_by == "amy" and conflict.mine_by == "tester"


# -- the same three archives, with a model of who knew which edit -----------------------------


@dataclass(frozen=True)
class Edit:
    """One edit the simulation made: ``field`` of testimony ``uid`` set to ``value`` at
    ``archive`` (a deletion is an edit of ``deleted_at``), knowing the edits in ``knew``."""

    id: int
    archive: str
    uid: str
    field: str
    value: Any
    knew: frozenset[int]

    def __str__(self) -> str:
        return f"#{self.id} {self.field}={self.value!r} at {self.archive} on {self.uid[:8]}"


class CausalModel:
    """Which edits each archive knows, kept the way the exchange carries them: an archive
    knows the edits it made; a bundle from S applied at R (not skipped) teaches R everything
    S knew when it wrote that bundle (bundles are cumulative); a skipped bundle teaches
    nothing. This over-states what travels (a bundle carries only records that differ from
    the base), so it can only make fewer pairs concurrent: the checks stay conservative."""

    def __init__(self, archives: list[str]) -> None:
        self.known: dict[str, set[int]] = {name: set() for name in archives}
        self.edits: list[Edit] = []
        self.superseded_at_home: set[int] = set()  # a later edit at its own archive
        self.left: set[int] = set()  # was current when a bundle that was applied was written
        self._latest: dict[tuple[str, str, str], int] = {}
        self._of_field: dict[tuple[str, str], list[Edit]] = {}

    def edit(self, archive: str, uid: str, field: str, value: Any) -> Edit:
        made = Edit(len(self.edits), archive, uid, field, value, frozenset(self.known[archive]))
        self.edits.append(made)
        self._of_field.setdefault((uid, field), []).append(made)
        self.known[archive].add(made.id)
        before = self._latest.get((archive, uid, field))
        if before is not None:
            self.superseded_at_home.add(before)
        self._latest[(archive, uid, field)] = made.id
        return made

    def latest_here(self, archive: str) -> list[int]:
        return [e for (a, _, _), e in self._latest.items() if a == archive]

    def deleted_knowing(self, edit: Edit) -> bool:
        """Someone who knew ``edit`` deleted its record (its own archive, after it, or one
        that received it): the deletion was made with the edit in view, and a concurrent
        deletion elsewhere agrees with it; nobody's edit is lost by the record going."""
        return any(edit.id in e.knew for e in self.of_field(edit.uid, "deleted_at"))

    def of_field(self, uid: str, field: str) -> list[Edit]:
        return self._of_field.get((uid, field), [])

    def saw(self, later: Edit, earlier: Edit) -> bool:
        """``later`` was made knowing ``earlier``'s value: it knew ``earlier``, or an edit of
        the same field to the same value (a status has three values: two edits that set the
        same one make the same state, which no merge can or should tell apart)."""
        return any(
            e.id in later.knew
            for e in self.of_field(earlier.uid, earlier.field)
            if e.value == earlier.value
        )

    def concurrent(self, a: Edit, b: Edit) -> bool:
        return not self.saw(a, b) and not self.saw(b, a)

    def superseded(self, made: Edit) -> bool:
        """A later edit of the same field saw ``made``'s value (and replaced it knowingly)."""
        return any(self.saw(e, made) for e in self.of_field(made.uid, made.field) if e != made)


def _conflicts_ever(app: CaseApp) -> set[tuple[str, str]]:
    """(record uid, field) of every conflict this archive recorded, open or resolved."""
    from sqlalchemy import text

    with app.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT record_uid, field FROM sync_conflict")).all()
    return {(str(uid), str(field)) for uid, field in rows}


def _current(app: CaseApp, uid: str) -> dict[str, Any]:
    return dict(app.records.get("testimony", uid, include_deleted=True))


SERVER_SEED = 7


@pytest.mark.parametrize("seed", [SERVER_SEED, 23, 41])
def test_every_concurrent_edit_of_a_field_is_a_conflict_and_no_edit_vanishes(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    store_engine: str,
    seed: int,
) -> None:
    """The issue's requirement, checked against a model of causality (CausalModel): "every
    pair of concurrent edits to one field appears as a conflict and no edit vanishes without
    one". A coordinator and two field laptops create, edit and delete testimonies; bundles
    are written at random moments and delivered late, out of order, twice or never.

    - Two edits of one (record, field) are **concurrent** when neither knew the other. Each
      concurrent pair with different values must have a conflict recorded on that (record,
      field) at some archive (open or resolved), unless one of the two was replaced at its
      own archive by a later local edit before any applied bundle carried it: that value
      never left its archive, so nobody could see it, and nothing was lost.
    - A deletion is an edit of ``deleted_at``: a deletion concurrent with an edit of the
      same record must show as the ``deleted_at`` conflict the merge records. Two deletions
      need none, nor an edit that a deleter knew (its own archive deleted the record after
      it, say) against another deletion: every deleter agrees, and no edit is lost.
    - An edit **vanishes** when, at the end (before anyone resolves anything), its value is
      no longer the current value at the archive where it was made, although no later edit
      anywhere knew it (not its own archive's next edit, nor an edit elsewhere made after
      it arrived): someone else's value replaced it without having seen it. Every edit that
      vanished must have a conflict recorded on its (record, field) somewhere.

    Only the text and status fields the simulation edits are checked; consent and erasure
    rules decide without a conflict by design and are not exercised here. Afterwards all
    conflicts are resolved and the three archives must converge, as in the test above."""
    if store_engine == "postgresql" and seed != SERVER_SEED:
        pytest.skip("on the server one seed: the others repeat it at twice the suite's time")
    import random

    rng = random.Random(seed)
    names = ["coordinator", "f1", "f2"]
    apps: dict[str, CaseApp] = {}
    for name in names:
        path = tmp_path / name / "cases.db"
        apps[name] = own_copy(tmp_path_factory, path, on_server(request, store_engine, name))
    trust(apps["coordinator"], "f1", "f2")
    trust(apps["f1"], "coordinator")
    trust(apps["f2"], "coordinator")
    links = [("f1", "coordinator"), ("coordinator", "f1"), ("f2", "coordinator")]
    links.append(("coordinator", "f2"))
    model = CausalModel(names)
    texts = ("title", "summary", "narrative")
    words = ["회령", "보위부", "camp", "labour", "증언", "Hoeryong", "구금", "탈북"]
    has: dict[str, list[str]] = {name: [] for name in names}
    # Written bundles, delivered in any order, some twice, some never: (sender, receiver,
    # bundle, what the sender knew, the edits whose values it carried).
    written: list[tuple[str, str, Bundle, frozenset[int], set[int]]] = []
    undelivered: list[int] = []
    try:
        for _step in range(450):
            name = rng.choice(names)
            app = apps[name]
            roll = rng.random()
            if roll < 0.1 or not has[name]:
                title, narrative = (
                    f"{rng.choice(words)} #c{_step}",
                    f"{rng.choice(words)} #n{_step}",
                )
                uid = app.records.create(
                    "testimony", {"title": title, "language": "ko", "narrative": narrative}
                )
                app.records.create("consent", {"testimony_uid": uid, "internal": True})
                model.edit(name, uid, "title", title)
                model.edit(name, uid, "narrative", narrative)
                has[name].append(uid)
            elif roll < 0.62:
                uid = rng.choice(has[name][-6:])  # recent records: more edits meet
                field = rng.choice([*texts, "status"])
                value = (
                    rng.choice(["draft", "reviewed", "verified"])
                    if field == "status"
                    else f"{rng.choice(words)} #{len(model.edits)}"
                )
                current = _current(app, uid)
                if current["deleted_at"] is not None or current[field] == value:
                    continue  # the same status again is no edit
                app.records.update("testimony", uid, {field: value})
                model.edit(name, uid, field, value)
            elif roll < 0.65:
                uid = rng.choice(has[name][-6:])
                if _current(app, uid)["deleted_at"] is not None:
                    continue
                app.records.delete("testimony", uid)
                model.edit(name, uid, "deleted_at", "deleted")
            elif roll < 0.82:
                sender, receiver = rng.choice(links)
                carried = {
                    e
                    for e in model.latest_here(sender)
                    if model.edits[e].field != "deleted_at"
                    and _current(apps[sender], model.edits[e].uid)[model.edits[e].field]
                    == model.edits[e].value
                }
                bundle = write(apps[sender], receiver)
                written.append((sender, receiver, bundle, frozenset(model.known[sender]), carried))
                undelivered.append(len(written) - 1)
            elif written:
                # Mostly the oldest bundles still on their way, sometimes any one at all.
                if undelivered and rng.random() < 0.8:
                    index = undelivered.pop(rng.randrange(min(3, len(undelivered))))
                else:
                    index = rng.randrange(len(written))
                sender, receiver, bundle, knew, carried = written[index]
                if not apply(apps[receiver], sender, bundle).skipped:
                    model.known[receiver] |= knew
                    model.left |= carried
                for uid in _testimony_uids(apps[receiver]):
                    if uid not in has[receiver]:
                        has[receiver].append(uid)

        # Every edit reaches every archive (nobody resolves anything yet): concurrent edits
        # can only be seen as a conflict where both have arrived.
        for _round in range(3):
            for sender, receiver in links:
                knew = frozenset(model.known[sender])
                apply(apps[receiver], sender, write(apps[sender], receiver))
                model.known[receiver] |= knew
        assert all(known == set(range(len(model.edits))) for known in model.known.values())
        conflicts = set().union(*(_conflicts_ever(app) for app in apps.values()))
        assert conflicts  # concurrent edits of one field happened, and were caught
        unseen = model.superseded_at_home - model.left  # replaced before they left home
        missing: list[str] = []
        checked = 0
        for a, b in itertools.combinations(model.edits, 2):
            if a.uid != b.uid or not model.concurrent(a, b) or {a.id, b.id} & unseen:
                continue
            if a.field == b.field != "deleted_at" and a.value != b.value:
                checked += 1
                if (a.uid, a.field) not in conflicts:
                    missing.append(f"concurrent {a} and {b}: no conflict on {a.field}")
            elif (a.field == "deleted_at") != (b.field == "deleted_at"):
                edit = a if b.field == "deleted_at" else b
                if model.deleted_knowing(edit):
                    continue  # someone who saw the edit deleted the record too: agreed
                checked += 1
                if (a.uid, "deleted_at") not in conflicts:
                    missing.append(f"concurrent {a} and {b}: no conflict on deleted_at")
        for made in model.edits:
            if made.field == "deleted_at" or model.superseded(made):
                continue
            now = _current(apps[made.archive], made.uid)[made.field]
            if now != made.value and (made.uid, made.field) not in conflicts:
                missing.append(f"{made} vanished at {made.archive} (now {now!r}), no conflict")
        assert checked > 0
        assert missing == [], "\n".join(missing)

        settle(apps, links, rng)
        for app in apps.values():
            assert app.verify() == []
            assert_sorts_are_right(app)  # bundles applied and merged keep the sort keys exact
    finally:
        for app in apps.values():
            app.close()


def parents_first(conflicts: list[Any]) -> list[Any]:
    """Conflicts in the order a person settles them: a testimony's before its consent's (a
    consent cannot come back while its testimony stays deleted)."""
    from caseapp.services.sync_records import SYNC_KINDS

    order = {kind: index for index, kind in enumerate(SYNC_KINDS)}
    return sorted(conflicts, key=lambda c: (order.get(c.kind, len(order)), c.id))


@pytest.mark.parametrize("who_went_back", ["field", "coordinator"])
def test_a_value_set_back_to_the_base_is_still_an_edit(pair, who_went_back: str) -> None:
    """draft -> reviewed -> draft on one side while the other sets verified: a conflict,
    not the other side's value taken as if nothing had happened here."""
    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    back, other = (field, coordinator) if who_went_back == "field" else (coordinator, field)
    back.records.update("testimony", uid, {"status": "reviewed"})
    back.records.update("testimony", uid, {"status": "draft"})
    other.records.update("testimony", uid, {"status": "verified"})
    apply(coordinator, "field", write(field, "coordinator"))
    fields = [c.field for c in coordinator.exchange.conflicts()]
    assert fields == ["status"]
    assert coordinator.records.get("testimony", uid)["status"] == (
        "verified" if who_went_back == "field" else "draft"
    )


def test_edits_made_after_a_restore_from_backup_are_not_taken_for_old_ones(
    pair, tmp_path: Path
) -> None:
    """A field laptop restored from last week's backup numbers its audit events again from
    the backup's: its next edit would carry a number the coordinator already holds as one of
    its edits, and be ignored as known. Restored, it edits under a new name in versions."""
    from caseapp.app import restore_archive

    coordinator, field = pair
    uid = seed(field)
    round_trip(coordinator, field)
    backup = tmp_path / "usb" / "field.caseapp-backup"
    backup.parent.mkdir()
    field.backup(backup)
    for title in ("월요일 제목", "화요일 제목", "수요일 제목"):
        field.records.update("testimony", uid, {"title": title})
    since = field.records.create("testimony", {"title": "백업 뒤 증언", "language": "ko"})
    round_trip(coordinator, field)
    assert coordinator.records.get("testimony", uid)["title"] == "수요일 제목"

    location = field.store.location
    field.close()
    assert location.path is not None
    for suffix in ("", ".keys", "-wal", "-shm"):
        location.path.with_name(location.path.name + suffix).unlink(missing_ok=True)
    restore_archive(location, backup, PASSPHRASE, "tester")
    field = open_case_app(location, PASSPHRASE, "tester")
    try:
        assert field.records.get("testimony", uid)["title"] != "수요일 제목"  # last week's
        field.records.update("testimony", uid, {"summary": "복원 뒤 요약"})
        field.records.update("testimony", uid, {"title": "복원 뒤 제목"})
        applied = apply(coordinator, "field", write(field, "coordinator"))
        after = coordinator.records.get("testimony", uid)
        # The new edits arrive; the title edited on both sides since is a conflict, not lost.
        assert after["summary"] == "복원 뒤 요약"
        assert after["title"] == "복원 뒤 제목" or applied.conflicts >= 1
        # The coordinator starts over with the restored laptop: what the laptop lost (a
        # testimony made after the backup) comes back with the next bundle.
        apply(field, "coordinator", write(coordinator, "field"))
        assert field.records.get("testimony", since)["title"] == "백업 뒤 증언"
    finally:
        field.close()
