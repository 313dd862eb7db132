"""Key slots: one per user, each opening the database key (and for some the vault key) with
that user's passphrase; changing one never touches the database."""

import base64
import hashlib
import json
import stat
from pathlib import Path

import pytest

from caseapp.app import open_case_app
from caseapp.store import (
    KeyFileError,
    StoreExists,
    StoreLocation,
    WrongPassphrase,
    keys,
    open_store,
)
from caseapp.store.errors import UnknownUser, UserNeeded
from caseapp.store.keys import KdfParams

from .conftest import CHEAP_KDF, PASSPHRASE, PRODUCTION_KDF


def slot_costs(key_file: Path) -> list[tuple[str, int, int, int]]:
    doc = json.loads(key_file.read_text(encoding="utf-8"))
    return [(s["kdf"], s["time_cost"], s["memory_kib"], s["parallelism"]) for s in doc["slots"]]


def test_a_new_store_gets_the_real_cost_and_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one store of the suite made at the program's own cost: calibrated on this machine
    (about 1 s), from RFC 9106's second recommendation (64 MiB, two lanes, at least three
    passes); every other test store is cheap (conftest)."""
    assert PRODUCTION_KDF is None  # the program calibrates; only the suite names a cost
    monkeypatch.setattr(keys, "DEFAULT_KDF", PRODUCTION_KDF)
    location = StoreLocation(path=tmp_path / "real" / "cases.db")
    open_case_app(location, PASSPHRASE, "tester", create=True).close()
    [(kdf, time_cost, memory_kib, parallelism)] = slot_costs(keys.key_file_for(location.path))
    assert (kdf, memory_kib, parallelism) == ("argon2id", 65536, 2)
    assert 3 <= time_cost <= keys.MAX_TIME_COST
    store = open_store(location, PASSPHRASE)
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(location, "not the passphrase")


def test_the_suites_stores_are_cheap(empty_app, db_path: Path) -> None:
    """The harness's seam holds: a template store carries the cheap cost, so the suite stays
    quick."""
    cheap = ("argon2id", CHEAP_KDF.time_cost, CHEAP_KDF.memory_kib, CHEAP_KDF.parallelism)
    assert slot_costs(keys.key_file_for(db_path)) == [cheap]
    assert CHEAP_KDF.memory_kib >= 8 * CHEAP_KDF.parallelism  # the least Argon2 accepts


def test_the_key_file_holds_no_key_and_no_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    made = keys.create_key_file(path, "mina", "a long passphrase")
    raw = path.read_bytes()
    for secret in (made.database_key, made.private_key, made.vault_private):
        assert secret is not None
        assert secret not in raw and secret.hex().encode() not in raw
        assert base64.b64encode(secret) not in raw
    assert b"a long passphrase" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = json.loads(raw)
    assert doc["version"] == 2
    assert [(s["user"], s["kdf"]) for s in doc["slots"]] == [("mina", "argon2id")]
    opened = keys.unlock(path, "a long passphrase")
    assert (opened.user, opened.database_key) == ("mina", made.database_key)
    assert opened.vault_private == made.vault_private  # the first user holds the vault key


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "mina", "right one")
    with pytest.raises(WrongPassphrase) as info:
        keys.unlock(path, "wrong one")
    assert "wrong one" not in str(info.value)


def test_each_user_opens_only_their_own_slot(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    mina = keys.create_key_file(path, "mina", "first passphrase")
    keys.add_user(path, mina, "rita", "second passphrase", vault=False)
    keys.add_user(path, mina, "casey", "third passphrase", vault=True)
    rita = keys.unlock(path, "second passphrase", "rita")
    assert rita.database_key == mina.database_key
    assert rita.vault_private is None  # a recorder's slot holds no vault key
    assert keys.unlock(path, "third passphrase", "casey").vault_private == mina.vault_private
    with pytest.raises(WrongPassphrase):  # another user's passphrase does not open it
        keys.unlock(path, "first passphrase", "rita")
    with pytest.raises(UserNeeded):  # several users, none named
        keys.unlock(path, "first passphrase")
    with pytest.raises(UnknownUser):
        keys.unlock(path, "first passphrase", "nobody")
    with pytest.raises(StoreExists):
        keys.add_user(path, mina, "rita", "another passphrase", vault=False)
    with pytest.raises(KeyFileError):  # a recorder cannot hand out a key they lack
        keys.add_user(path, rita, "sam", "fourth passphrase", vault=True)


def test_a_passphrase_change_re_makes_one_slot_with_a_new_key_pair(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    mina = keys.create_key_file(path, "mina", "first passphrase")
    keys.add_user(path, mina, "rita", "second passphrase", vault=False)
    old_file = path.read_bytes()
    changed = keys.change_passphrase(path, mina, "third passphrase")
    assert changed.private_key != mina.private_key
    assert keys.unlock(path, "third passphrase", "mina").database_key == mina.database_key
    assert keys.unlock(path, "second passphrase", "rita").database_key == mina.database_key
    with pytest.raises(WrongPassphrase):
        keys.unlock(path, "first passphrase", "mina")
    # The old key file and the old passphrase still open the old slot: a rekey is what
    # makes them useless (tests/test_users.py).
    old = tmp_path / "old.keys"
    old.write_bytes(old_file)
    assert keys.unlock(old, "first passphrase", "mina").database_key == mina.database_key


def test_passphrase_change_does_not_rewrite_the_database(empty_app, db_path: Path) -> None:
    empty_app.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    opened = keys.unlock(keys.key_file_for(db_path), PASSPHRASE)
    keys.change_passphrase(keys.key_file_for(db_path), opened, "새 암호문 new passphrase")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    store = open_store(StoreLocation(path=db_path), "새 암호문 new passphrase")
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(StoreLocation(path=db_path), PASSPHRASE)


@pytest.mark.parametrize(
    ("field", "value"), [("slot_id", "0000000000000000"), ("user", "someone-else")]
)
def test_a_moved_or_renamed_slot_does_not_open(tmp_path: Path, field: str, value: str) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "mina", "passphrase one")
    doc = json.loads(path.read_text())
    doc["slots"][0][field] = value
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        keys.unlock(path, "passphrase one")


def test_a_slot_whose_sealed_key_was_swapped_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    mina = keys.create_key_file(path, "mina", "first passphrase")
    keys.add_user(path, mina, "rita", "second passphrase", vault=False)
    doc = json.loads(path.read_text())
    doc["slots"][1]["database_key"] = doc["slots"][0]["database_key"]  # sealed to mina
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyFileError, match="slot of rita is damaged"):
        keys.unlock(path, "second passphrase", "rita")


# -- calibration: about one second per guess on the machine that makes the slot ----------------


def timer(seconds_per_pass: float, seen: list[KdfParams] | None = None):
    """A fake measurement: each pass of 64 MiB costs ``seconds_per_pass``."""

    def measure(params: KdfParams) -> float:
        if seen is not None:
            seen.append(params)
        return seconds_per_pass * params.time_cost

    return measure


@pytest.mark.parametrize(
    ("per_pass", "passes"),
    [(0.07, 14), (0.2, 5), (0.1, 10), (0.5, 3), (3.0, 3), (0.001, 64), (0.0, 64)],
)
def test_calibration_adds_passes_until_about_a_second(per_pass: float, passes: int) -> None:
    seen: list[KdfParams] = []
    params = keys.calibrate(timer(per_pass, seen))
    assert params == KdfParams(time_cost=passes, memory_kib=64 * 1024, parallelism=2)
    # Two measured derivations at the base cost, no more: a slot is made in about 1.5 s.
    assert seen == [keys.CALIBRATION_BASE, keys.CALIBRATION_BASE]
    assert keys.in_bounds(params)


def test_calibration_counts_the_faster_of_two_measurements() -> None:
    answers = iter([0.9, 0.3])  # the first derivation pays for page faults
    params = keys.calibrate(lambda p: next(answers))
    assert params.time_cost == 10


def test_the_measurement_uses_the_clock_it_is_given() -> None:
    ticks = iter([100.0, 100.25])
    assert keys.measure_derivation(KdfParams(1, 8, 1), clock=lambda: next(ticks)) == 0.25


def test_calibration_happens_only_when_no_cost_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    calibrated = KdfParams(time_cost=9, memory_kib=64 * 1024, parallelism=2)
    monkeypatch.setattr(keys, "_calibrated_here", lambda: calibrated)
    assert keys.new_slot_kdf() == CHEAP_KDF  # the suite's seam (conftest) names one
    monkeypatch.setattr(keys, "DEFAULT_KDF", None)
    assert keys.new_slot_kdf() == calibrated


def test_a_changed_passphrase_gets_a_slot_at_todays_cost(tmp_path: Path) -> None:
    path = tmp_path / "x.db.keys"
    old_cost = KdfParams(time_cost=2, memory_kib=16, parallelism=1)
    made = keys.create_key_file(path, "mina", "first passphrase", params=old_cost)
    keys.change_passphrase(path, made, "second passphrase")
    cheap = ("argon2id", CHEAP_KDF.time_cost, CHEAP_KDF.memory_kib, CHEAP_KDF.parallelism)
    assert slot_costs(path) == [cheap]


# -- bounds: a key file cannot make the unlock hang --------------------------------------------


ABSURD = {
    "passes": {"time_cost": 2**31},
    "passes-zero": {"time_cost": 0},
    "memory": {"memory_kib": 2**40},
    "memory-below-lanes": {"memory_kib": 8, "parallelism": 4},
    "lanes": {"parallelism": 10_000},
    "lanes-zero": {"parallelism": 0},
    "work": {"time_cost": 64, "memory_kib": 1024 * 1024},  # each bound alone, not together
    "float": {"time_cost": 3.0},
    "bool": {"time_cost": True},
    "text": {"memory_kib": "65536"},
    "other-kdf": {"kdf": "scrypt"},
}


@pytest.mark.parametrize("change", ABSURD.values(), ids=ABSURD.keys())
def test_absurd_key_derivation_settings_are_refused_before_deriving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, object]
) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "mina", "a long passphrase")
    doc = json.loads(path.read_text())
    doc["slots"][0].update(change)
    path.write_text(json.dumps(doc))

    def no_derivation(*args: object) -> bytes:
        raise AssertionError("derived with settings out of range")

    monkeypatch.setattr(keys, "_derive", no_derivation)
    with pytest.raises(KeyFileError) as info:
        keys.unlock(path, "a long passphrase")
    assert str(info.value) == (
        f"key file is damaged: a slot's key-derivation settings are out of range: {path}"
    )
    assert not isinstance(info.value, WrongPassphrase)


def test_the_bounds_admit_every_cost_caseapp_makes() -> None:
    for params in (CHEAP_KDF, keys.CALIBRATION_BASE, keys.calibrate(timer(0.0))):
        assert keys.in_bounds(params), params


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("salt", "AAAA"),
        ("nonce", "not base64!"),
        ("wrapped_private", ""),
        ("salt", 12),
        ("public_key", "AAAA"),
        ("user", ""),
        ("user", " padded "),
        ("database_key", 7),
    ],
)
def test_a_damaged_slot_is_refused_as_damaged(tmp_path: Path, field: str, value: object) -> None:
    path = tmp_path / "x.db.keys"
    keys.create_key_file(path, "mina", "a long passphrase")
    doc = json.loads(path.read_text())
    doc["slots"][0][field] = value
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyFileError, match="key file is damaged"):
        keys.unlock(path, "a long passphrase")
