"""The window's tests wait for every list count, however long it takes: on a loaded machine a
demo archive's count could outlast the window's 100 ms wait and arrive a moment later, and a
test that checks the list at once would see the old one. The tests of a late count set the
window's own wait on the model they use (tests/ui/test_record_tabs.py)."""

from __future__ import annotations

import pytest

from caseapp.ui import paged_model


@pytest.fixture(autouse=True)
def counts_arrive_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paged_model, "COUNT_WAIT_MS", 60_000)
