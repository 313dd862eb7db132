"""Messages by code: every code raised anywhere is in the catalogue, every catalogue text has
a Korean translation with the same parameters, and ``str()`` stays the English sentence."""

import ast
import re
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import caseapp.cli_messages  # noqa: F401  (defines the command line's codes)
from caseapp.models.enums import DatePrecision
from caseapp.services.access import Right, Role
from caseapp.services.dates import DateProblem, check_precision, parse_partial
from caseapp.services.errors import FieldProblem, ValidationError
from caseapp.services.messages import Message, catalogue, kind_message
from caseapp.services.record_kinds import KINDS
from caseapp.services.search_query import QueryProblem, parse
from caseapp.store import WrongPassphrase

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "caseapp"
KOREAN = ROOT / "resources" / "i18n" / "caseapp_ko.ts"
# The helpers that build a code from a name: each name they are given is checked below.
BUILDERS = {"kind_message", "precision_message", "role_message", "right_message"}


def codes_in_source() -> dict[str, str]:
    """Every literal code given to Message(...) under caseapp/, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) == "Message"):
                continue
            assert node.args, f"{path}:{node.lineno}: Message() without a code"
            code = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.setdefault(code.value, where)
            else:
                # Only the builders of kind and precision names make a code at run time.
                function = _enclosing_function(tree, node)
                assert function in BUILDERS, f"{where}: a Message code that is not a literal"
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _enclosing_function(tree: ast.AST, target: ast.AST) -> str:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(n is target for n in ast.walk(node)):
            return node.name
    return ""


def korean_translations() -> dict[str, tuple[str, str]]:
    """code -> (English source, Korean translation) for the context "messages"."""
    out = {}
    for context in ET.parse(KOREAN).getroot().iter("context"):
        if context.findtext("name") != "messages":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            unfinished = translation.get("type") == "unfinished"
            out[message.findtext("comment") or ""] = (
                message.findtext("source") or "",
                "" if unfinished else (translation.text or ""),
            )
    return out


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_code_raised_is_in_the_catalogue() -> None:
    known = catalogue()
    raised = codes_in_source()
    assert len(raised) > 100
    missing = {code: where for code, where in raised.items() if code not in known}
    assert missing == {}


def test_every_kind_and_precision_has_words() -> None:
    known = catalogue()
    for name in [*KINDS, "attachment"]:
        assert "kind." + name in known
    for precision in DatePrecision:
        assert "precision." + precision.value in known
    for role in Role:
        assert "role." + role.value in known
    for right in Right:
        assert "right." + right.value in known


def test_every_catalogue_code_is_used() -> None:
    raised = set(codes_in_source())
    built = {"kind." + name for name in [*KINDS, "attachment"]}
    built |= {"precision." + p.value for p in DatePrecision}
    built |= {"role." + r.value for r in Role} | {"right." + r.value for r in Right}
    assert set(catalogue()) - raised - built == set()


def test_every_code_has_a_korean_translation_with_the_same_parameters() -> None:
    korean = korean_translations()
    for code, template in catalogue().items():
        assert code in korean, f"{code} is not in caseapp_ko.ts: run update_translations.py"
        source, translation = korean[code]
        assert source == template, code
        assert translation, f"{code} has no Korean translation"
        assert re.search(r"[\uac00-\ud7a3]", translation) or code.startswith("problem."), code
        assert fields(translation) == fields(template), code
        # A translation that formats: the format specs ("{limit:,}") are valid.
        values = {name: 1234 for name in fields(template)}
        translation.format(**values)
    assert set(korean) == set(catalogue())


def test_str_is_the_english_sentence() -> None:
    with pytest.raises(DateProblem) as caught:
        parse_partial("2019-13-40")
    assert str(caught.value) == "2019-13-40 is not a real date (month 13)"
    assert caught.value.message == Message("date.bad_month", date="2019-13-40", month=13)
    with pytest.raises(QueryProblem) as query:
        parse('"unclosed')
    assert query.value.message.code == "query.unclosed_quote"
    assert str(query.value) == "a quotation mark is not closed"
    problem = FieldProblem("interview_date", caught.value.message, 3)
    assert str(problem) == "row 3, interview_date: 2019-13-40 is not a real date (month 13)"
    assert problem.problem == "2019-13-40 is not a real date (month 13)"
    many = ValidationError([problem, problem, problem])
    assert str(many) == (
        "row 3, interview_date: 2019-13-40 is not a real date (month 13) (and 2 more problems)"
    )
    assert str(ValidationError([problem, problem])).endswith("(and 1 more problem)")
    assert str(WrongPassphrase(Message("store.wrong_passphrase"))) == "wrong passphrase"
    assert check_precision("2019", None, "exact")[0][1] == Message(
        "date.not_precision", date="2019", precision=Message("precision.exact")
    )


def test_a_message_is_a_value() -> None:
    one = Message("record.code_taken", code="T-1", kind=kind_message("testimony"))
    same = Message("record.code_taken", kind=kind_message("testimony"), code="T-1")
    assert one == same and hash(one) == hash(same)
    assert one != Message("record.code_taken", code="T-2", kind=kind_message("testimony"))
    with pytest.raises(AttributeError):
        one.code = "other"  # type: ignore[misc]
    assert "T-1" in repr(one)


def test_an_unknown_code_shows_itself_rather_than_failing() -> None:
    assert str(Message("no.such_code", x=1)) == "no.such_code"
