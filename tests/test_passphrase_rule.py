"""A weak new passphrase is refused with the reason (zxcvbn's verdict reduced to a code),
in English and Korean, at ``init``, ``demo`` (creating) and ``passwd``; Hangul is judged
fairly (services/passphrase.py explains the rule)."""

import time
from pathlib import Path

import pytest

from caseapp.cli_messages import say
from caseapp.services.passphrase import check_new_passphrase, strength

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE

ENGLISH = {"LANG": "C.UTF-8"}
KOREAN = {"LANG": "ko_KR.UTF-8"}

WEAK = {
    "password": ("passphrase.common", "a common password", "흔히 쓰이는 비밀번호"),
    "12345678": ("passphrase.common", "a common password", "흔히 쓰이는 비밀번호"),
    "qwertyuiop": ("passphrase.common", "a common password", "흔히 쓰이는 비밀번호"),
    "비밀번호": ("passphrase.too_short", "too short", "너무 짧습니다"),
    "비밀번호1234": ("passphrase.common", "a common password", "흔히 쓰이는 비밀번호"),
    "aaaaaaaaaaaa": ("passphrase.repeated", "a repeated pattern", "반복되는 패턴"),
    "가가가가가가가가": ("passphrase.repeated", "a repeated pattern", "반복되는 패턴"),
    "abcdefghij": ("passphrase.sequence", "a sequence", "연속된 문자"),
    "19851203ab": ("passphrase.date", "a date", "날짜"),
    "7 chars": ("passphrase.too_short", "too short", "너무 짧습니다"),
}

STRONG = [
    "ziggurat lantern oboe thimble",  # four random words
    "우리는 자유를 찾아 강을 건넜습니다",  # a Korean sentence
    "두만강 건너 새벽 기차",  # a short Korean phrase, all Hangul
    PASSPHRASE,
    "field laptop 한글 passphrase",
    "Wrong-Horse-Staple 틀린암호 9271",
    "새 암호문 brand new passphrase",
    "회령 기록 보관 2024!",
]


@pytest.mark.parametrize("weak", list(WEAK))
def test_a_weak_passphrase_is_refused_with_the_reason(weak: str) -> None:
    code, english, korean = WEAK[weak]
    refused = check_new_passphrase(weak)
    assert refused is not None
    assert refused.code == code
    in_english = say(refused, ENGLISH)
    in_korean = say(refused, KOREAN)
    assert english in in_english
    assert korean in in_korean
    assert set(refused.params) <= {"count"}  # the reason, never the passphrase
    assert strength(weak) <= 1


@pytest.mark.parametrize("good", STRONG)
def test_a_real_passphrase_is_accepted(good: str) -> None:
    assert check_new_passphrase(good) is None
    assert strength(good) >= 2


def test_a_very_long_passphrase_is_judged_quickly() -> None:
    started = time.perf_counter()
    check_new_passphrase("긴 문장 하나 " * 5000)  # zxcvbn itself refuses over 72 characters
    assert check_new_passphrase("우리는 자유를 찾아 강을 건넜습니다 " * 100) is None
    assert time.perf_counter() - started < 5


def test_init_refuses_a_common_password_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "new" / "cases.db"
    for language, expected in ((ENGLISH, "a common password"), (KOREAN, "흔히 쓰이는")):
        env = environment(tmp_path, "password", **language)
        result = run_cli("--db", db, "init", env=env)
        assert result.returncode == 1
        assert expected in result.stderr
        assert result.stderr.count("password") == (language is ENGLISH)
        assert not db.exists()


def test_demo_refuses_a_weak_passphrase_for_a_new_archive(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run_cli("--db", db, "demo", env=environment(tmp_path, "12345678"))
    assert result.returncode == 1
    assert "a common password" in result.stderr
    assert not db.exists()


def test_passwd_refuses_a_weak_new_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    env = environment(tmp_path, PASSPHRASE)
    assert run_cli("--db", db, "init", env=env).returncode == 0
    keys_before = (tmp_path / "cases.db.keys").read_bytes()
    new = tmp_path / "new.txt"
    new.write_text("qwertyuiop\n", encoding="utf-8")
    result = run_cli("--db", db, "passwd", "--new-passphrase-file", new, env=env)
    assert result.returncode == 1
    assert "a common password" in result.stderr
    assert (tmp_path / "cases.db.keys").read_bytes() == keys_before
    new.write_text("두만강 건너 새벽 기차\n", encoding="utf-8")
    done = run_cli("--db", db, "passwd", "--new-passphrase-file", new, env=env)
    assert done.returncode == 0, done.stderr
