"""The layers point one way, only ui/ touches QtWidgets, and nothing opens a network."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "caseapp"
ORDER = ["models", "store", "services", "export", "ui"]
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "xmlrpc",
    "websocket",
    "asyncio.streams",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "caseapp" and len(parts) > 1 and parts[1] in ORDER:
        return parts[1]
    return None


def python_files():
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_points_up(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0]
    if own not in ORDER:
        return  # the composition root, the CLI and the resource lookup sit above the layers
    for module in imported_modules(path):
        target = layer_of(module)
        if target is not None:
            assert ORDER.index(target) <= ORDER.index(own), f"{own} imports {module}"
        if module.startswith("caseapp") and target is None:
            # Above the layers: only the package itself and the resource lookup.
            allowed = module in {"caseapp", "caseapp.__version__"} or module.startswith(
                "caseapp.resources"
            )
            assert allowed, f"{own} imports {module}"


def reaches_the_store(path: Path) -> list[str]:
    """The store modules a file imports: the window gets services, never the store (once
    roles exist, a tab holding the raw store could read what its user may not)."""
    return sorted(m for m in imported_modules(path) if layer_of(m) == "store")


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_window_never_imports_the_store(path: Path) -> None:
    if path.relative_to(PACKAGE).parts[0] != "ui":
        return
    assert reaches_the_store(path) == [], "ui is handed services by app.py, never the store"


def test_the_store_checker_catches_a_store_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from caseapp.store import CaseStore\nfrom caseapp.store.files import write_private\n"
        "import caseapp.store.keys\nfrom caseapp.services.records import RecordService\n"
    )
    found = reaches_the_store(bad)
    assert "caseapp.store" in found
    assert "caseapp.store.files" in found
    assert "caseapp.store.keys" in found
    assert not any(m.startswith("caseapp.services") for m in found)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ui_uses_qtwidgets(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0]
    uses_widgets = any("QtWidgets" in m for m in imported_modules(path))
    assert own == "ui" or not uses_widgets


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_models_are_pure_and_nothing_uses_the_network(path: Path) -> None:
    modules = imported_modules(path)
    assert not {m for m in modules if m.split(".")[0] in NETWORK_MODULES or m in NETWORK_MODULES}
    if path.relative_to(PACKAGE).parts[0] == "models":
        assert not any(m.startswith(("PySide6", "os", "pathlib", "sqlcipher3")) for m in modules)


def test_the_layer_checker_catches_a_backwards_edge(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from caseapp.ui.main_window import MainWindow\nimport PySide6.QtWidgets\n")
    modules = imported_modules(bad)
    assert layer_of("caseapp.ui.main_window") == "ui"
    assert "caseapp.ui.main_window" in modules
    assert any("QtWidgets" in m for m in modules)
