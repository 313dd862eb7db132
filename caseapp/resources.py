"""One lookup path for bundled resources (vocabularies, demo data, fonts, translations).

Works from a checkout, an installed package and a frozen bundle. Imports nothing from
caseapp, so every layer may use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("CASEAPP_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates += [package_dir / "resources", package_dir.parent / "resources"]
    for candidate in candidates:
        if (candidate / "vocabularies").is_dir():
            return candidate
    raise FileNotFoundError("caseapp's resources folder was not found")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
