"""Test harness: offscreen Qt, a fresh real encrypted database per test, handed in.

Tests marked ``both_engines`` that take a store through the fixtures below (``empty_app``,
``demo_app``, ``store_location``, ``tab_context``) run twice: on an SQLCipher file and on a
database of its own in a throwaway PostgreSQL server the session starts (tests/pg_server.py).
Without the PostgreSQL binaries those tests fail, saying so; CASEAPP_TEST_POSTGRES=skip
lets a developer's machine skip them instead (never set it in CI).
"""

import os

# Before anything imports Qt: with no display, Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from caseapp.app import CaseApp, open_case_app, wire
from caseapp.services.access import Access
from caseapp.store import StoreLocation, keys, open_store

from .pg_server import NoPostgres, PgCluster

PASSPHRASE = "test passphrase 한글 ✓"
TEMPLATES: dict[str, Path] = {}
ROOT = Path(__file__).resolve().parent.parent

# What the program gives every new key slot (captured before the suite lowers it), and the
# cost the suite's throw-away stores use instead: the smallest Argon2id accepts (memory at
# least 8 KiB per lane). Each slot records its own cost, so a store made cheaply unlocks
# cheaply, wherever it is opened. tests/test_keys.py keeps one store at the real cost.
PRODUCTION_KDF = keys.DEFAULT_KDF
CHEAP_KDF = keys.KdfParams(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_key_derivation():
    """Every store the tests create in this process (templates, the command line's init and
    demo, passphrase changes, the window's new-database dialog) gets a cheap key slot."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "DEFAULT_KDF", CHEAP_KDF)
        yield CHEAP_KDF


@pytest.fixture(scope="session", autouse=True)
def test_process_stays_dumpable():
    """The command line's ``main`` forbids core dumps for its whole process (hard limit 0).
    Called in-process, it would do that to the test runner and every child after it, and
    the test that crashes a child with and without caseapp (tests/test_leftovers.py) could
    no longer make its control core. The hardening is tested in real processes there."""
    import caseapp.cli

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(caseapp.cli, "harden_process", lambda: None)
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cases.db"


# -- the engines ----------------------------------------------------------------------------------

ENGINES = ("sqlcipher", "postgresql")
POSTGRES_SWITCH = "CASEAPP_TEST_POSTGRES"  # "skip": run without PostgreSQL (a local choice)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if (
        "store_engine" in metafunc.fixturenames
        and marked("both_engines")
        and not marked("sqlcipher_only")
    ):
        metafunc.parametrize("store_engine", ENGINES, indirect=True)


@pytest.fixture
def store_engine(request: pytest.FixtureRequest) -> str:
    """The engine under the test's store: SQLCipher, or both for ``both_engines`` tests."""
    return str(getattr(request, "param", "sqlcipher"))


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's PostgreSQL server, started at the first test that needs it."""
    try:
        server = PgCluster()
    except NoPostgres as exc:
        if os.environ.get(POSTGRES_SWITCH) == "skip":
            pytest.skip(str(exc))
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_cluster: PgCluster):
    """A new, empty database of its own on the session's server: its URL."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def store_location(request: pytest.FixtureRequest, store_engine: str, db_path: Path):
    """Where this test's new archive goes: a file, or an empty server database."""
    if store_engine == "postgresql":
        return StoreLocation(url=request.getfixturevalue("pg_database"))
    return StoreLocation(path=db_path)


def db_argument(app: CaseApp) -> str:
    """What a user gives ``--db`` for the archive ``app`` has open: a file or a URL."""
    location = app.store.location
    return str(location.path) if location.path is not None else str(location.url)


def reopen(app: CaseApp, user: str | None = "tester") -> CaseApp:
    """The archive ``app`` had open, opened again (after ``app.close()``) as ``user``."""
    location = app.store.location
    return open_case_app(location, PASSPHRASE if location.path is not None else None, user)


PG_TEMPLATES: dict[str, str] = {}


def _pg_copy(request: pytest.FixtureRequest, name: str, demo: bool) -> StoreLocation:
    """A database of its own, copied (CREATE DATABASE ... TEMPLATE) from one built once."""
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    if name not in PG_TEMPLATES:
        template = cluster.new_database()
        app = open_case_app(StoreLocation(url=cluster.url(template)), None, "tester", create=True)
        if demo:
            app.load_demo()
        app.close()
        PG_TEMPLATES[name] = template
    copy = cluster.new_database(template=PG_TEMPLATES[name])
    request.addfinalizer(lambda: cluster.drop_database(copy))
    return StoreLocation(url=cluster.url(copy))


@pytest.fixture
def server_archive(request: pytest.FixtureRequest) -> str:
    """The URL of an empty archive (user "tester") on the session's server, not opened."""
    return str(_pg_copy(request, "empty", demo=False).url)


def _archive_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    db_path: Path,
    store_engine: str,
    demo: bool,
) -> CaseApp:
    name = "demo" if demo else "empty"
    if store_engine == "postgresql":
        return open_case_app(_pg_copy(request, name, demo), None, "tester")
    _copy(_template(tmp_path_factory, name, demo=demo), db_path)
    return open_case_app(StoreLocation(path=db_path), PASSPHRASE, "tester")


def _template(tmp_path_factory: pytest.TempPathFactory, name: str, demo: bool) -> Path:
    """Build a database once per session; tests get their own copy of the files."""
    if name not in TEMPLATES:
        path = tmp_path_factory.mktemp(name) / "cases.db"
        app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester", create=True)
        if demo:
            app.load_demo()
        with app.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        app.close()
        TEMPLATES[name] = path
    return TEMPLATES[name]


def _copy(template: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".keys"):
        shutil.copy2(
            template.with_name(template.name + suffix), target.with_name(target.name + suffix)
        )


@pytest.fixture
def empty_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    db_path: Path,
    store_engine: str,
):
    app = _archive_app(request, tmp_path_factory, db_path, store_engine, demo=False)
    yield app
    app.close()


@pytest.fixture
def demo_app(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    db_path: Path,
    store_engine: str,
) -> CaseApp:
    app = _archive_app(request, tmp_path_factory, db_path, store_engine, demo=True)
    yield app
    app.close()


@pytest.fixture
def open_as(db_path: Path):
    """Opens the archive at ``db_path`` (copied there by the test) for a given ``Access``, as
    the composition root wires it for an unlocked user; every copy opened is closed after."""
    opened: list[CaseApp] = []

    def open_(access: Access) -> CaseApp:
        app = wire(open_store(StoreLocation(path=db_path), PASSPHRASE), access)
        opened.append(app)
        return app

    yield open_
    for app in opened:
        app.close()


@pytest.fixture
def demo_archive(tmp_path_factory: pytest.TempPathFactory, db_path: Path) -> Path:
    """A copy of the demo archive at ``db_path``, not opened (see ``open_as``)."""
    _copy(_template(tmp_path_factory, "demo", demo=True), db_path)
    return db_path


@pytest.fixture
def empty_archive(tmp_path_factory: pytest.TempPathFactory, db_path: Path) -> Path:
    """A copy of an empty archive at ``db_path``, not opened (see ``open_as``)."""
    _copy(_template(tmp_path_factory, "empty", demo=False), db_path)
    return db_path


@pytest.fixture
def tab_context(demo_app, qtbot):
    """What the window hands a tab: the demo's services (never its store) and an undo
    stack, built by the composition root as the window's are."""
    from PySide6.QtGui import QUndoStack

    from caseapp.app import tab_context as build_tab_context

    # Tests answer "discard" instead of a modal dialog (which would block forever);
    # the questions asked are kept for tests that check them.
    return build_tab_context(demo_app, QUndoStack(), "en", ask_discard=answer_discard)


ASKED: list[str] = []


def answer_discard(parent, title: str, text: str) -> bool:
    ASKED.append(text)
    return True


# -- the packaged app: built once, beside the other tests ---------------------------------------


class BundleBuild:
    """packaging/build_linux.sh in the background: started as soon as the session knows it
    will test the bundle, it builds on the second core while the other tests run first."""

    def __init__(self) -> None:
        self.out = Path(tempfile.mkdtemp(prefix="caseapp-bundle-"))
        self.log = self.out / "build.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["bash", str(ROOT / "packaging" / "build_linux.sh"), str(self.out)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped whole, see stop()
            )

    def wait(self, timeout: float) -> Path:
        """The output folder of a finished, successful build."""
        code = self.process.wait(timeout=timeout)
        assert code == 0, self.log.read_text(encoding="utf-8", errors="replace")[-8000:]
        return self.out

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
        shutil.rmtree(self.out, ignore_errors=True)


BUNDLE_BUILDS: list[BundleBuild] = []


def uses_the_bundle(item: pytest.Item) -> bool:
    return "bundle" in getattr(item, "fixturenames", ())


def bundle_build() -> BundleBuild:
    """The session's build: started at the end of collection, or now if it was not."""
    if not BUNDLE_BUILDS:
        BUNDLE_BUILDS.append(BundleBuild())
    return BUNDLE_BUILDS[0]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The tests of the built bundle go last (a stable sort keeps every other order).
    items.sort(key=uses_the_bundle)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly or os.environ.get("CASEAPP_TEST_BUNDLE"):
        return
    if sys.platform.startswith("linux") and any(map(uses_the_bundle, session.items)):
        bundle_build()


def pytest_sessionfinish(session: pytest.Session) -> None:
    while BUNDLE_BUILDS:
        BUNDLE_BUILDS.pop().stop()
