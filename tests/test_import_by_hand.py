"""Spreadsheets made by hand: columns in their own order, only some of them, vocabulary terms
typed as labels in English or Korean, testimonies named by code; ``--check`` counts what an
import would do and writes nothing. Real encrypted archives, real files read back."""

import csv
import hashlib
from pathlib import Path

import pytest

from caseapp.app import CaseApp
from caseapp.services.csv_import import CsvImportError, KindChanges
from caseapp.services.vocabulary import Term, Vocabulary

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, db_argument
from .test_csv_export_import import snapshot

NARRATIVE_KO = "그날 밤 회령에서 국경을 건넜습니다. 김비밀 씨가 길을 알려 주었습니다."
NARRATIVE_EN = "We crossed the Tumen river at night; Mr Secret-Kim showed the way."


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A file as a spreadsheet saves it: UTF-8 with a byte-order mark, CR LF, quoted cells."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def made_by_code(app: CaseApp) -> dict[str, dict]:
    listing = app.listings.testimonies()
    found = {}
    for row in listing.fetch(0, listing.count()):
        found[row["code"]] = app.records.get("testimony", row["uid"])
    return found


def refusal(app: CaseApp, kind: str, path: Path) -> str:
    """The one line an import that must fail says; it must have changed nothing."""
    before = snapshot(app)
    with pytest.raises(CsvImportError) as caught:
        app.import_csv(kind, path)
    message = str(caught.value)
    assert "\n" not in message and message.endswith("nothing was imported")
    assert "김비밀" not in message and "Secret" not in message
    assert snapshot(app) == before
    return message


# -- columns in any order, and only some ---------------------------------------------------------


def test_shuffled_subset_with_labels_creates_testimonies_with_defaults(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "손으로 만든 증언.csv",
        ["Narrative", "reliability", "title", " Interview Date ", "code", "status"],
        [
            [NARRATIVE_KO, "대체로 신뢰할 수 있음", "회령 국경 도강", "2019-03", "HAND-001", ""],
            [NARRATIVE_EN, "highly reliable", "Crossing at Hoeryong", "2020", "HAND-002", "Draft"],
            ["", "  UNSURE ", "세 번째 증언", "", "HAND-003", "reviewed"],
        ],
    )

    result = empty_app.import_csv("testimonies", path)

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    made = made_by_code(empty_app)
    assert made["HAND-001"]["narrative"] == NARRATIVE_KO
    assert made["HAND-001"]["reliability"] == "likely_reliable"
    assert made["HAND-001"]["interview_date_precision"] == "month"  # from the date's form
    assert made["HAND-002"]["reliability"] == "highly_reliable"
    assert made["HAND-002"]["status"] == "draft"
    assert made["HAND-003"]["reliability"] == "unsure"
    assert made["HAND-003"]["status"] == "reviewed"
    assert made["HAND-001"]["status"] == "draft"  # an empty cell: the default
    assert made["HAND-001"]["summary"] == "" and made["HAND-001"]["source_uid"] is None
    assert empty_app.listings.consent_uid(made["HAND-001"]["uid"]) is None  # no consent columns


def test_a_new_testimony_gets_a_code_when_the_file_has_no_code_column(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "t.csv", ["title"], [["코드 없는 증언"]])
    empty_app.import_csv("testimonies", path)
    (code,) = made_by_code(empty_app)
    assert code.startswith("T-")


def test_a_subset_updates_only_its_columns_and_keeps_the_rest(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    listing = demo_app.listings.testimonies()
    first, second = listing.fetch(0, 2)
    before = [demo_app.records.get("testimony", row["uid"]) for row in (first, second)]
    consents = [demo_app.listings.consent_uid(row["uid"]) for row in (first, second)]
    path = write_table(
        tmp_path / "summaries.csv",
        ["summary", "uid"],
        [["새 요약: 수정됨", first["uid"]], [before[1]["summary"], second["uid"]]],
    )

    result = demo_app.import_csv("testimonies", path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    after = [demo_app.records.get("testimony", row["uid"]) for row in (first, second)]
    assert after[0]["summary"] == "새 요약: 수정됨"
    touched = {"summary", "updated_at", "updated_by"}
    assert {k: v for k, v in after[0].items() if k not in touched} == {
        k: v for k, v in before[0].items() if k not in touched
    }
    assert after[1] == before[1]
    # The file has no consent column: each testimony keeps its consent, untouched.
    assert [demo_app.listings.consent_uid(row["uid"]) for row in (first, second)] == consents
    assert result.changes == (KindChanges("testimony", 0, 1, (("summary", 1),)),)


def test_a_column_a_new_record_needs_is_named_when_missing(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    uid = demo_app.listings.testimonies().fetch(0, 1)[0]["uid"]
    path = write_table(
        tmp_path / "no-title.csv", ["uid", "summary"], [[uid, "고침"], ["", "새 증언의 요약"]]
    )
    message = refusal(demo_app, "testimonies", path)
    assert "row 2: creates a new testimony, but the file has no title column" in message

    violations = write_table(tmp_path / "v.csv", ["category", "province"], [["고문", "양강도"]])
    message = refusal(demo_app, "violations", violations)
    assert "row 1: creates a new violation, but the file has no testimony_uid / testimony_code" in (
        message
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["title", "narative"], "the header, column narative: is not a column of a testimonies"),
        (["title", "title"], "the header, column title: is named twice (columns 1 and 2)"),
        (["title", ""], "the header: column 2 has no name"),
        # A file with no header row: its first row is data and is not quoted.
        (["title", NARRATIVE_KO], "the header: column 2 is not a column of a testimonies file"),
    ],
)
def test_an_unknown_or_repeated_column_is_refused_by_name(
    demo_app: CaseApp, tmp_path: Path, header: list[str], expected: str
) -> None:
    path = write_table(tmp_path / "bad-header.csv", header, [["증언", "본문"]])
    message = refusal(demo_app, "testimonies", path)
    assert expected in message


# -- vocabulary labels -------------------------------------------------------------------------


def test_violations_by_testimony_code_with_labels_in_both_languages(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "violations.csv",
        ["province", "place", "testimony_code", "category", "un_response_status"],
        [
            ["함경북도", "회령 보위부 구류장", "DEMO-2015-001", "고문", "무응답"],
            ["North Hamgyong", "Onsong", "DEMO-2015-001", "Forced labour", "no response"],
            [" north  hamgyong PROVINCE ", "", "DEMO-2015-001", "torture", ""],
            ["ｊｉｌｉｎ", "", "DEMO-2015-001", "강제노동", "Sanctions enforced"],
            ["길림성", "", "DEMO-2015-001", "forced_labour", "closed"],
        ],
    )
    testimony = demo_app.listings.testimony_uid_by_code("DEMO-2015-001")
    before = {row["uid"] for row in demo_app.listings.testimony_violations(testimony)}

    result = demo_app.import_csv("violations", path)

    assert (result.created, result.updated) == (5, 0)
    rows = [
        demo_app.records.get("violation", row["uid"])
        for row in demo_app.listings.testimony_violations(testimony)
        if row["uid"] not in before
    ]
    rows.sort(key=lambda r: r["created_at"])
    got = sorted((r["province"], r["category"], r["un_response_status"] or "") for r in rows)
    assert got == sorted(
        [
            ("north_hamgyong", "torture", "no_response"),
            ("north_hamgyong", "forced_labour", "no_response"),
            ("north_hamgyong", "torture", ""),
            ("jilin", "forced_labour", "sanctions_enforced"),
            ("jilin", "forced_labour", "closed"),
        ]
    )
    assert {r["place"] for r in rows} >= {"회령 보위부 구류장", "Onsong"}


def test_protection_provinces_may_be_labels_apart_by_commas(
    empty_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "regions.csv",
        ["provinces", "region", "protection_status"],
        [["함경북도, Ryanggang, 길림성", "두만강 접경", ""]],
    )
    empty_app.import_csv("protection", path)
    (row,) = empty_app.listings.regions().fetch(0, 1)
    assert empty_app.records.get("region", row["uid"])["provinces"] == (
        "jilin,north_hamgyong,ryanggang"
    )


def test_an_unknown_label_names_row_and_column_and_changes_nothing(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(
        tmp_path / "v.csv",
        ["testimony_code", "category", "province"],
        [["DEMO-2015-001", "고문", "함경북도"], ["DEMO-2015-001", "고문", "김비밀의 고향"]],
    )
    message = refusal(demo_app, "violations", path)
    assert (
        "row 2, column province: is not a code of vocabulary province, nor a label of one of its"
        " terms" in message
    )


def test_a_label_that_could_be_two_terms_is_refused_not_guessed() -> None:
    vocabulary = Vocabulary(
        [
            Term("province", "north_a", None, "North Hamgyong Province", "함경북도", None, None, 1),
            Term("province", "north_b", None, "North Hamgyong (old)", "옛 함경북도", None, None, 2),
            Term("province", "other", None, "North Hamgyong", "북함경", None, None, 3),
        ]
    )
    assert vocabulary.codes_named("province", "north hamgyong") == ["other"]  # a whole label
    assert vocabulary.codes_named("province", "ＮＯＲＴＨ_Ａ") == ["north_a"]
    assert vocabulary.codes_named("province", "함경북도") == ["north_a"]
    twice = Vocabulary(
        [
            Term("province", "a", None, "Jilin Province", "지린성", None, None, 1),
            Term("province", "b", None, "Jilin (city)", "지린시", None, None, 2),
        ]
    )
    assert twice.codes_named("province", "Jilin") == ["a", "b"]
    assert twice.codes_named("province", "Jilin Province") == ["a"]
    assert twice.codes_named("province", "Hoeryong") == []


def test_testimony_code_must_name_a_live_testimony_and_agree_with_testimony_uid(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    unknown = write_table(
        tmp_path / "unknown.csv", ["category", "testimony_code"], [["torture", "NO-SUCH-CODE"]]
    )
    message = refusal(demo_app, "violations", unknown)
    assert "row 1, column testimony_code: no testimony has this code" in message
    assert "NO-SUCH-CODE" not in message
    other = demo_app.listings.testimony_uid_by_code("DEMO-2015-001")
    differs = write_table(
        tmp_path / "differs.csv",
        ["testimony_uid", "category", "testimony_code"],
        [[other, "torture", "DEMO-2015-001"], [other, "torture", "DEMO-2016-001"]],
    )
    message = refusal(demo_app, "violations", differs)
    assert "row 2, column testimony_code: names another testimony" in message


# -- check: what would happen, nothing written -----------------------------------------------


def _mixed_testimonies(app: CaseApp, tmp_path: Path) -> Path:
    """Row 1 changes a title, a reliability (by label) and a consent; row 2 is as stored;
    rows 3 and 4 are new testimonies with consents."""
    listing = app.listings.testimonies()
    rows = [row for row in listing.fetch(0, 20) if app.listings.consent_uid(row["uid"])][:2]
    current = [app.records.get("testimony", row["uid"]) for row in rows]
    kept = app.records.get("consent", app.listings.consent_uid(rows[1]["uid"]) or "")
    return write_table(
        tmp_path / "mixed.csv",
        ["consent_un", "title", "uid", "reliability", "consent_internal"],
        [
            [
                "yes",
                "제목을 고침",
                rows[0]["uid"],
                "Unsure" if current[0]["reliability"] != "unsure" else "미상",
                "yes",
            ],
            [
                "yes" if kept["un"] else "no",
                current[1]["title"],
                rows[1]["uid"],
                current[1]["reliability"] or "",
                "yes" if kept["internal"] else "no",
            ],
            ["yes", "새 증언 A", "", "매우 신뢰할 수 있음", "yes"],
            ["no", "New testimony B", "", "highly_unreliable", "yes"],
        ],
    )


def test_check_writes_nothing_and_counts_what_the_import_then_does(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = _mixed_testimonies(demo_app, tmp_path)
    # A consent_un cell on a testimony that has a consent: only the given columns change.
    before = snapshot(demo_app)

    checked = demo_app.check_csv("testimonies", path)

    assert snapshot(demo_app) == before
    assert checked.written is False
    testimony = checked.changes[0]
    assert testimony.kind == "testimony" and testimony.created == 2
    assert testimony.changed == 1
    assert dict(testimony.fields) == {"reliability": 1, "title": 1}
    assert checked.changes[1].kind == "consent" and checked.changes[1].created == 2

    imported = demo_app.import_csv("testimonies", path)

    assert imported.written is True
    assert imported.changes == checked.changes
    assert (imported.created, imported.updated, imported.unchanged) == (
        checked.created,
        checked.updated,
        checked.unchanged,
    )
    assert snapshot(demo_app) != before


def test_check_refuses_what_the_import_would_refuse(demo_app: CaseApp, tmp_path: Path) -> None:
    path = write_table(tmp_path / "bad.csv", ["title", "reliability"], [["증언", "아마도"]])
    before = snapshot(demo_app)
    with pytest.raises(CsvImportError, match="row 1, column reliability: is not a code"):
        demo_app.check_csv("testimonies", path)
    assert snapshot(demo_app) == before


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_check_command_prints_counts_and_leaves_the_archive_file_as_it_was(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = _mixed_testimonies(demo_app, tmp_path)
    archive = db_argument(demo_app)
    demo_app.close()
    env = environment(tmp_path / "env", PASSPHRASE, CASEAPP_USER="tester")
    warm = run_cli("--db", archive, "stats", env=env)  # an opening's own writes, done once
    assert warm.returncode == 0, warm.stderr
    files = {p: _digest(p) for p in Path(archive).parent.iterdir() if p.is_file()}

    checked = run_cli("--db", archive, "import", "testimonies", path, "--check", env=env)

    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[0].startswith(f"checked testimonies from {path}: it would import, 2 created,")
    assert "1 updated, 1 unchanged; nothing was written" in lines[0]
    assert "  testimony: 2 to create, 1 to change" in lines
    assert "    title: 1 values change" in lines
    assert "    reliability: 1 values change" in lines
    assert any(line.startswith("  consent: 2 to create") for line in lines)
    db = Path(archive)
    assert _digest(db) == files[db]

    imported = run_cli("--db", archive, "import", "testimonies", path, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "2 created, 1 updated, 1 unchanged" in imported.stdout


def test_the_check_command_exits_1_with_one_line_when_the_file_would_not_import(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = write_table(tmp_path / "typo.csv", ["title", "provnce"], [["증언", "함경북도"]])
    archive = db_argument(demo_app)
    demo_app.close()
    env = environment(tmp_path / "env", PASSPHRASE, CASEAPP_USER="tester")
    run = run_cli("--db", archive, "import", "testimonies", path, "--check", env=env)
    assert run.returncode == 1
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert "the header, column provnce: is not a column of a testimonies file" in run.stderr


def test_a_consent_column_alone_changes_only_that_consent_flag(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    rows = demo_app.listings.testimonies().fetch(0, 50)
    consents = {
        row["uid"]: demo_app.records.get("consent", uid)
        for row in rows
        if (uid := demo_app.listings.consent_uid(row["uid"]))
    }
    uid, before = next((t, c) for t, c in consents.items() if not c["un"] and c["internal"])
    path = write_table(tmp_path / "un.csv", ["uid", "Consent UN"], [[uid, "YES"]])

    result = demo_app.import_csv("testimonies", path)

    assert (result.created, result.updated) == (0, 1)
    after = demo_app.records.get("consent", demo_app.listings.consent_uid(uid) or "")
    assert after["un"] is True
    for name in ("internal", "public", "date_given", "date_withdrawn", "recorded_by"):
        assert after[name] == before[name], name
    assert result.changes == (KindChanges("consent", 0, 1, (("consent_un", 1),)),)
    emptied = write_table(tmp_path / "empty.csv", ["consent_un", "uid"], [["", uid]])
    message = refusal(demo_app, "testimonies", emptied)
    assert "row 1, column consent_un: is empty, but the testimony has a consent" in message
