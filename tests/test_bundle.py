"""The packaged app as a field user gets it: packaging/build_linux.sh builds the one-folder app
and tarball once per session, then the frozen executable runs offscreen in a temporary home.
The build starts in the background when collection ends, and these tests run last.

Set CASEAPP_TEST_BUNDLE to an output folder of build_linux.sh to test that build instead of
making a new one (for working on these tests; CI always builds).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

import caseapp

from .cli_runner import MANAGED, run_cli
from .conftest import bundle_build

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.caseapp.CaseApp"
PASSPHRASE = "field laptop 한글 passphrase"
DEMO = json.loads((ROOT / "resources" / "demo" / "demo.json").read_text(encoding="utf-8"))
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Not on this build machine, so not bundled; every Wayland desktop has them.
SYSTEM_ONLY = re.compile(r"^libwayland-")
BUILD_TIMEOUT = 900
# What Qt's offscreen platform prints when a top-level window is shown.
WINDOW_SHOWN = "This plugin does not support propagateSizeHints"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle")


@dataclass(frozen=True)
class Bundle:
    app: Path  # dist/caseapp, the one-folder app
    executable: Path
    tarball: Path


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    reuse = os.environ.get("CASEAPP_TEST_BUNDLE")
    # The build started when collection ended (conftest.py) and ran beside the other tests.
    out = Path(reuse) if reuse else bundle_build().wait(timeout=BUILD_TIMEOUT)
    name = f"caseapp-{caseapp.__version__}-linux-{os.uname().machine}.tar.gz"
    app = out / "dist" / "caseapp"
    return Bundle(app=app, executable=app / "caseapp", tarball=out / "dist" / name)


@dataclass
class Field:
    """A field user's machine: an empty home, no display, the passphrase in the environment."""

    bundle: Bundle
    home: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.bundle.executable), *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if check:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result


def field_env(home: Path) -> dict[str, str]:
    runtime = home / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    return {
        # A clean environment: nothing of the test run's Python or caseapp settings leaks in.
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "CASEAPP_PASSPHRASE": PASSPHRASE,
    }


@pytest.fixture
def field(bundle: Bundle, tmp_path: Path) -> Field:
    home = tmp_path / "home"
    home.mkdir()
    return Field(bundle=bundle, home=home, env=field_env(home))


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as stream:
                if stream.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def public_korean_testimony() -> dict[str, str]:
    """A demo testimony the default (public) profile exports, with a Korean title."""
    for testimony in DEMO["testimonies"]:
        consent = testimony["consent"]
        korean = re.search("[가-힣]", testimony["title"])
        if consent["public"] and not consent["date_withdrawn"] and korean:
            return testimony
    raise AssertionError("the demo data has no public Korean testimony")


# --- the frozen program --------------------------------------------------------------------


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_the_frozen_app_says_its_version(field: Field) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == caseapp.__version__
    result = field.run("--version")
    assert result.stdout.strip() == f"caseapp {caseapp.__version__}"


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_demo_csv_and_pdf_from_the_frozen_app(field: Field) -> None:
    before = files_under(field.bundle.app)
    db = field.home / "data" / "field.db"

    demo = field.run("--db", str(db), "demo")
    assert "loaded the demo dataset" in demo.stdout
    # A new database means every migration ran, from the bundle's own migration files.
    assert sorted(p.name for p in db.parent.iterdir()) == ["field.db", "field.db.keys"]

    expected = public_korean_testimony()
    csv_file = field.home / "out" / "testimonies.csv"
    csv_file.parent.mkdir()
    field.run("--db", str(db), "export", "testimonies", "-o", str(csv_file))
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Hangul right
    with csv_file.open(encoding="utf-8-sig", newline="") as stream:
        rows = {row["code"]: row for row in csv.DictReader(stream)}
    assert rows[expected["code"]]["title"] == expected["title"]
    public = {t["code"] for t in DEMO["testimonies"] if t["consent"]["public"]}
    assert set(rows) <= public  # the default profile is public

    pdf = field.home / "out" / "report.pdf"
    field.run("--db", str(db), "report", "-o", str(pdf), "--language", "ko")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert expected["title"] in text  # the bundled Korean font is embedded, text extractable
    assert expected["code"] in text

    # Nothing was written into the program's folder (no caches, no data beside it).
    assert files_under(field.bundle.app) == before
    # The default database was not touched: --db was honoured.
    assert not (field.home / ".local" / "share" / "caseapp").exists()


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_the_window_starts_frozen_and_finds_its_qt_plugins(field: Field) -> None:
    # No command opens the window: offscreen it waits at the passphrase dialog. The offscreen
    # platform says so on stderr when it shows a top-level window; until then, lines are read.
    window = subprocess.Popen(
        [str(field.bundle.executable), "--db", str(field.home / "new.db")],
        env=field.env,
        cwd=field.home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Only against a hang: a process that never shows its window is stopped and fails below.
    watchdog = threading.Timer(120, window.kill)
    watchdog.start()
    seen = []
    try:
        assert window.stderr is not None
        for line in window.stderr:
            seen.append(line)
            if WINDOW_SHOWN in line:
                break
        assert any(WINDOW_SHOWN in line for line in seen), "".join(seen)
        assert window.poll() is None, "".join(seen)  # still there, waiting for the user
    finally:
        watchdog.cancel()
        window.terminate()
        rest = window.communicate(timeout=30)[1]
    stderr = "".join(seen) + rest
    assert "Traceback" not in stderr
    assert "caseapp:" not in stderr, stderr

    # A platform Qt does not have lists those the bundle does have.
    env = {**field.env, "QT_QPA_PLATFORM": "no-such-platform"}
    probe = subprocess.run(
        [str(field.bundle.executable), "--db", str(field.home / "new.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode != 0
    listed = re.search(r"Available platform plugins are: (.*)\.", probe.stderr)
    assert listed, probe.stderr
    assert {"xcb", "wayland", "offscreen"} <= {p.strip() for p in listed.group(1).split(",")}


# --- what is in the bundle -----------------------------------------------------------------


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_the_bundle_has_the_resources_and_migrations_and_no_data(bundle: Bundle) -> None:
    internal = bundle.app / "_internal"
    names = files_under(bundle.app)
    for path in names:
        assert not re.search(r"\.(db|db-wal|db-shm|keys|ts|sqlite)$", path), path
        parts = Path(path).parts
        assert "screenshots" not in parts and "tests" not in parts, path
        assert not Path(path).name.startswith(("test_", "conftest")), path

    resources = internal / "resources"
    for wanted in (
        "vocabularies/terms.csv",
        "demo/demo.json",
        "fonts/NotoSansCJKkr-Regular.subset.otf",
        "fonts/OFL.txt",
        "i18n/caseapp_ko.qm",
        "i18n/caseapp_en.qm",
    ):
        assert (resources / wanted).is_file(), wanted
    assert (internal / "LICENSE").is_file()

    migrations = internal / "caseapp" / "store" / "migrations"
    source = ROOT / "caseapp" / "store" / "migrations" / "versions"
    assert (migrations / "env.py").is_file()
    assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == sorted(
        p.name for p in source.glob("*.py")
    )
    # Qt: the Korean strings of its own dialogs, and no network module in an offline app.
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_ko.qm").is_file()
    assert not [n for n in names if "Network" in Path(n).name]


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_every_bundled_library_finds_what_it_links_to_and_has_no_debug_info(bundle: Bundle) -> None:
    missing = set()
    with_debug_info = []
    for binary in elf_files(bundle.app):
        sections = subprocess.run(
            ["readelf", "-S", "-W", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        if ".debug_info" in sections:  # build_linux.sh strips it: 40 MB nobody needs
            with_debug_info.append(str(binary.relative_to(bundle.app)))
        result = subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True, timeout=60, check=False
        )
        for line in result.stdout.splitlines():
            if "not found" in line:
                library = line.split()[0]
                if not SYSTEM_ONLY.match(library):
                    missing.add(f"{binary.relative_to(bundle.app)}: {library}")
    assert not missing, sorted(missing)
    assert not with_debug_info, with_debug_info


# --- the tarball and its installer ---------------------------------------------------------


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_the_tarball_holds_the_app_menu_entry_metadata_and_icons(bundle: Bundle) -> None:
    top = bundle.tarball.name.removesuffix(".tar.gz")
    members: dict[str, tarfile.TarInfo] = {}
    guide = ""
    with tarfile.open(bundle.tarball, "r|gz") as tar:  # one pass over the stream
        for member in tar:
            members[member.name] = member
            if member.name == f"{top}/README.md":
                readme = tar.extractfile(member)
                assert readme is not None
                guide = readme.read().decode("utf-8")
    assert {name.split("/")[0] for name in members} == {top}
    for wanted in (
        "caseapp/caseapp",
        "install.sh",
        "LICENSE",
        "README.md",
        f"share/applications/{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml",
        f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"share/icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in HICOLOR_SIZES),
    ):
        assert f"{top}/{wanted}" in members, wanted
    assert members[f"{top}/install.sh"].mode & 0o111
    # The field user's guide: how to install, where the data lives, how to back it up.
    assert guide.startswith("## Install on a field laptop")
    assert "./install.sh" in guide and "caseapp.db.keys" in guide and "Back up" in guide
    checksum = bundle.tarball.with_name(bundle.tarball.name + ".sha256").read_text()
    digest = hashlib.sha256(bundle.tarball.read_bytes()).hexdigest()
    assert checksum == f"{digest}  {bundle.tarball.name}\n"
    assert members[f"{top}/caseapp/caseapp"].mode & 0o111
    for name in members:
        assert not re.search(r"\.(db|db-wal|db-shm|keys)$", name), name
        assert "/screenshots/" not in name and "/tests/" not in name, name


@linux_only
@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT)
def test_install_sh_installs_for_the_user_and_uninstall_keeps_the_records(
    bundle: Bundle, tmp_path: Path
) -> None:
    with tarfile.open(bundle.tarball) as tar:
        tar.extractall(tmp_path / "usb", filter="tar")
    unpacked = tmp_path / "usb" / bundle.tarball.name.removesuffix(".tar.gz")
    home = tmp_path / "home"
    home.mkdir()
    env = field_env(home)
    share = Path(env["XDG_DATA_HOME"])

    def install(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(unpacked / "install.sh"), *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    install()
    command = home / ".local" / "bin" / "caseapp"
    version = subprocess.run(
        [str(command), "--version"], env=env, capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"caseapp {caseapp.__version__}"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    program = home / ".local" / "lib" / "caseapp" / "caseapp"
    assert f'Exec="{program}"' in desktop.read_text(encoding="utf-8")
    validate_desktop(desktop)
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in HICOLOR_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()

    # Records in the default data folder survive a reinstall and an uninstall. They are made
    # by the command line in this process (the frozen program's own runs are tested above).
    cli_env = {**env, **{k: v for k, v in MANAGED.items() if k not in env}}
    assert run_cli("init", env=cli_env).returncode == 0
    records = share / "caseapp"
    assert sorted(p.name for p in records.iterdir()) == ["caseapp.db", "caseapp.db.keys"]
    install()
    install("--uninstall")
    assert not command.exists() and not desktop.exists() and not program.exists()
    assert not list((share / "icons").rglob(f"{APP_ID}.*"))
    assert sorted(p.name for p in records.iterdir()) == ["caseapp.db", "caseapp.db.keys"]
    assert run_cli("stats", "--json", env=cli_env).returncode == 0  # and they still open


# --- the desktop files themselves (quick; no build) ----------------------------------------


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: packaging/bootstrap.sh installs it"
    return found


def validate_desktop(path: Path) -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@linux_only
def test_the_desktop_entry_is_valid() -> None:
    validate_desktop(ROOT / "packaging" / "linux" / f"{APP_ID}.desktop")


@linux_only
def test_the_appstream_metainfo_is_valid() -> None:
    metainfo = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
    # --no-net: the file names no URL, and CI has no network to check one with.
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(metainfo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = metainfo.read_text(encoding="utf-8")
    assert f'<release version="{caseapp.__version__}"' in text
    assert "<project_license>AGPL-3.0-or-later</project_license>" in text


def test_the_icons_are_there_in_every_size() -> None:
    icons = ROOT / "packaging" / "icons"
    for size in HICOLOR_SIZES:
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (size, size), png
    assert (icons / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (icons / "caseapp.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "caseapp.icns").read_bytes()[:4] == b"icns"
