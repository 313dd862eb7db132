"""Two people editing the same record: the second save of a version that is no longer the
record's is refused with who changed it and when, and writes nothing (no lost update)."""

from __future__ import annotations

import pytest

from caseapp.app import CaseApp
from caseapp.cli_messages import say
from caseapp.services.errors import RecordChanged

from .conftest import reopen

pytestmark = pytest.mark.both_engines


@pytest.fixture
def two_desks(empty_app: CaseApp):
    """The same archive open twice, as two caseworkers' windows would hold it."""
    other = reopen(empty_app)
    yield empty_app, other
    other.close()


def test_a_save_over_someone_elses_newer_save_is_refused_and_writes_nothing(two_desks) -> None:
    mine, theirs = two_desks
    uid = mine.records.create(
        "testimony", {"title": "회령 구금 증언", "language": "ko", "summary": "처음 요약"}
    )
    seen_by_me = mine.records.get("testimony", uid)["updated_at"]
    seen_by_them = theirs.records.get("testimony", uid)["updated_at"]

    theirs.records.update(
        "testimony", uid, {"title": "회령 집결소 구금 증언"}, expected=seen_by_them
    )
    with pytest.raises(RecordChanged) as refused:
        mine.records.update("testimony", uid, {"summary": "내가 고친 요약"}, expected=seen_by_me)

    line = say(refused.value.message, {"LANG": "C"})
    assert "changed by tester at" in line and "reload" in line
    assert "회령" not in line and "요약" not in line  # names who and when, never the content
    stored = mine.records.get("testimony", uid)
    assert (stored["title"], stored["summary"]) == ("회령 집결소 구금 증언", "처음 요약")

    # Reloaded, the same change goes through, and is checked against the new version.
    mine.records.update(
        "testimony", uid, {"summary": "내가 고친 요약"}, expected=stored["updated_at"]
    )
    assert mine.records.get("testimony", uid)["summary"] == "내가 고친 요약"


def test_a_deletion_of_a_record_changed_since_is_refused(two_desks) -> None:
    mine, theirs = two_desks
    uid = mine.records.create("testimony", {"title": "Forced labour", "language": "en"})
    seen = mine.records.get("testimony", uid)["updated_at"]
    theirs.records.update("testimony", uid, {"status": "reviewed"})
    with pytest.raises(RecordChanged):
        mine.records.delete("testimony", uid, expected=seen)
    assert mine.records.get("testimony", uid)["deleted_at"] is None


def test_without_a_version_a_save_is_the_last_word_as_before(two_desks) -> None:
    # The command line and imports give no version: they write what they are given.
    mine, theirs = two_desks
    uid = mine.records.create("testimony", {"title": "Camp 16", "language": "en"})
    theirs.records.update("testimony", uid, {"title": "Camp 15"})
    mine.records.update("testimony", uid, {"title": "Camp 14"})
    assert theirs.records.get("testimony", uid)["title"] == "Camp 14"
