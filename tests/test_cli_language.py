"""The command line speaks the locale's language: Korean under a ko* locale, English
otherwise, for the services' and the store's problems and for its own lines. In-process
(caseapp.cli.main) with the locale variables set per test."""

import csv
import io
import sys
from pathlib import Path

import pytest

from caseapp.cli import main
from caseapp.cli_messages import cli_language

from .conftest import PASSPHRASE

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
SECRET = "SECRET narrative that must never be quoted"


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch):
    """Set the locale variables the command line reads; the others are unset."""

    def set_locale(**values: str) -> None:
        for name in LOCALE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_locale


@pytest.fixture
def database(demo_app, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEAPP_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CASEAPP_DB", raising=False)
    return db_path


@pytest.fixture
def bad_csv(demo_app, tmp_path: Path) -> Path:
    """The demo's testimonies with an impossible date in row 3 (and a narrative that must
    never be printed)."""
    good = tmp_path / "good.csv"
    demo_app.export_csv("testimonies", good, "internal")
    with good.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[2]["interview_date"] = "2019-13-40"
    rows[2]["narrative"] = SECRET
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return bad


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert SECRET not in err
    return lines[0]


@pytest.mark.parametrize(
    ("values", "language"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANGUAGE": "ko:en", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LANGUAGE": "en_GB:ko", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ko_KR", "LANG": "en_US.UTF-8"}, "ko"),
    ],
)
def test_the_language_follows_the_locale_variables(values, language) -> None:
    assert cli_language(values) == language


def test_a_bad_import_prints_one_korean_line_under_a_korean_locale(
    database, bad_csv, locale, capsys
) -> None:
    locale(LANG="ko_KR.UTF-8")
    assert main(["--db", str(database), "import", "testimonies", str(bad_csv)]) == 1
    assert one_error_line(capsys) == (
        "caseapp: 오류: bad.csv을(를) 가져올 수 없습니다: 3행, interview_date 열: "
        "실제 날짜가 아닙니다 (13월). 아무것도 가져오지 않았습니다"
    )


def test_a_bad_import_prints_one_english_line_under_an_english_locale(
    database, bad_csv, locale, capsys
) -> None:
    locale(LANG="en_US.UTF-8")
    assert main(["--db", str(database), "import", "testimonies", str(bad_csv)]) == 1
    assert one_error_line(capsys) == (
        "caseapp: error: cannot import bad.csv: row 3, column interview_date: "
        "is not a real date (month 13); nothing was imported"
    )


def test_a_malformed_search_prints_one_line_in_the_locales_language(
    database, locale, capsys
) -> None:
    locale(LANG="ko_KR.UTF-8")
    assert main(["--db", str(database), "search", '"unclosed']) == 1
    assert one_error_line(capsys) == "caseapp: 오류: 따옴표가 닫히지 않았습니다"
    locale(LANGUAGE="en", LANG="ko_KR.UTF-8")
    assert main(["--db", str(database), "search", '"unclosed']) == 1
    assert one_error_line(capsys) == "caseapp: error: a quotation mark is not closed"


def test_store_problems_and_the_command_lines_own_lines_in_korean(
    database, tmp_path, locale, capsys, monkeypatch
) -> None:
    locale(LANG="ko_KR.UTF-8")
    missing = tmp_path / "nowhere.db"
    assert main(["--db", str(missing), "stats"]) == 1
    assert one_error_line(capsys) == (
        f"caseapp: 오류: {missing}에 데이터베이스가 없습니다. 'caseapp init'으로 만드세요"
    )
    assert main(["--db", str(database), "search", "zzqqxxnothing"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "결과가 없습니다\n")

    monkeypatch.setenv("CASEAPP_PASSPHRASE", "not the passphrase")
    assert main(["--db", str(database), "stats"]) == 1
    assert one_error_line(capsys) == "caseapp: 오류: 암호 문구가 틀렸습니다"

    monkeypatch.delenv("CASEAPP_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: no prompt
    assert main(["--db", str(database), "stats"]) == 1
    assert one_error_line(capsys) == (
        "caseapp: 오류: 암호 문구가 없습니다: CASEAPP_PASSPHRASE을(를) 설정하거나 "
        "--passphrase-file을 쓰거나 터미널에서 실행하세요"
    )


def test_a_successful_export_says_so_in_korean(database, tmp_path, locale, capsys) -> None:
    locale(LANG="ko_KR.UTF-8")
    target = tmp_path / "out.csv"
    args = ["--db", str(database), "export", "violations", "-o", str(target)]
    assert main([*args, "--profile", "internal"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("violations 내보내기: 기록 ")
    assert f"프로필 internal, 파일 {target}; sha256 " in out
