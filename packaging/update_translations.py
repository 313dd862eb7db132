"""Refresh the translation sources and compile them.

    .venv/bin/python packaging/update_translations.py          # lupdate + lrelease
    .venv/bin/python packaging/update_translations.py --check  # fail if .ts or .qm is stale

lupdate collects every self.tr()/translate() string under caseapp/ into
resources/i18n/caseapp_<lang>.ts (translators edit those, e.g. with pyside6-linguist);
caseapp_en.ts holds only the plural messages ("%n testimonies"), for the English forms;
lrelease compiles them to the .qm files the app loads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ko", "en")
# English needs only the plural forms ("1 testimony", "2 testimonies"): the source strings
# are English already.
PLURAL_ONLY = frozenset({"en"})
BIN = Path(sys.executable).parent


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "caseapp").rglob("*.py"))


def lupdate(ts: Path, language: str) -> None:
    plural_only = ["-pluralonly"] if language in PLURAL_ONLY else []
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources(),
            "-locations",
            "none",
            "-no-obsolete",
            *plural_only,
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for language in LANGUAGES:
        ts = ROOT / "resources" / "i18n" / f"caseapp_{language}.ts"
        qm = ts.with_suffix(".qm")
        if not check:
            lupdate(ts, language)
            lrelease(ts, qm)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / ts.name
            shutil.copy2(ts, fresh)
            lupdate(fresh, language)
            if fresh.read_bytes() != ts.read_bytes():
                stale.append(f"{ts.name} lacks strings now in the code: run this script")
            compiled = Path(tmp) / qm.name
            lrelease(ts, compiled)
            if compiled.read_bytes() != qm.read_bytes():
                stale.append(f"{qm.name} is older than {ts.name}: run this script")
    for line in stale:
        print(line, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
