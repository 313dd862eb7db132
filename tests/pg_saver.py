"""One caseworker's process for tests/test_postgres.py: open the archive at a URL and save
records as fast as it can. ``python -m tests.pg_saver URL SAVES``; prints the number of
saves that failed, and exits 1 if any did."""

from __future__ import annotations

import sys

from caseapp.app import open_case_app
from caseapp.store import StoreLocation


def main(url: str, saves: int) -> int:
    app = open_case_app(StoreLocation(url=url), None, "tester")
    failed = 0
    try:
        uid = None
        for number in range(saves):
            try:
                if uid is None or number % 3 == 0:
                    uid = app.records.create(
                        "testimony", {"title": f"동시 저장 {number}", "narrative": "회령에서"}
                    )
                else:
                    app.records.update("testimony", uid, {"summary": f"고침 {number}"})
            except Exception as exc:  # counted, and named by type only (no record text)
                failed += 1
                cause = getattr(exc, "orig", None)
                state = getattr(cause, "sqlstate", None) or type(cause).__name__
                print(type(exc).__name__, state, file=sys.stderr)
    finally:
        app.close()
    print(failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
