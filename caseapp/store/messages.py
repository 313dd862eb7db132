"""Messages by code: a problem is a code with parameters, worded at display.

A ``Message`` is what the store and the services raise: a code ("date.future") and the
parameters its text needs (dates, codes, counts, field and file names, row numbers: never
testimony text, names or passphrases). Each code has one English template, marked with
``QT_TRANSLATE_NOOP("messages", template, code)`` where it is defined, so that lupdate files
it in resources/i18n/caseapp_<lang>.ts under the context "messages" with the code as its
disambiguation. ``str(message)`` is the English sentence (logs, tests); the window and the
command line look the template up in Qt's translation and fill it in the same way.

Templates use ``str.format`` fields by name ("{date} is in the future", "{count:,}"), so
a translation may put them in any order. A parameter may itself be a Message (a record
kind's name, a precision, the problem inside "row 3, code: ..."): it is worded in the same
language.

This module sits in the store, the lowest layer that raises problems, so that the store
and everything above it share one value and one catalogue; the store's own texts are in
caseapp/store/errors.py, the services' in caseapp/services/messages.py, the command
line's in caseapp/cli_messages.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

CONTEXT = "messages"
"""The translation context of every catalogue text."""

_TEMPLATES: dict[str, str] = {}


def QT_TRANSLATE_NOOP(context: str, template: str, code: str) -> str:
    """Define ``code`` with its English ``template``; return the code. The name is the one
    lupdate looks for, so the template lands in the .ts files with the code beside it."""
    assert context == CONTEXT, context
    known = _TEMPLATES.setdefault(code, template)
    assert known == template, f"message code {code} defined twice"
    return code


def catalogue() -> dict[str, str]:
    """Every code defined so far, with its English template."""
    return dict(_TEMPLATES)


class Message:
    """A code and its parameters; equal when both are. Immutable."""

    __slots__ = ("code", "params")

    code: str
    params: Mapping[str, str | int | Message]

    def __init__(self, code: str, /, **params: str | int | Message) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", MappingProxyType(dict(params)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Message is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.code == other.code and self.params == other.params

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items(), key=lambda i: i[0]))))

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Message({self.code!r}{args})"

    def __str__(self) -> str:
        return render(self, english)


Translate = Callable[[str, str], str]
"""(English template, code) -> the template in the display language."""


def english(template: str, code: str) -> str:
    return template


def render(message: Message, translate: Translate) -> str:
    """``message`` worded with ``translate``; nested messages are worded the same way. An
    unknown code (a bug, caught by tests/test_messages.py) shows the code itself."""
    template = _TEMPLATES.get(message.code)
    if template is None:
        return message.code
    shown = translate(template, message.code) or template
    values = {
        name: render(value, translate) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    try:
        return shown.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation that names a field the template does not have: the English.
        return template.format(**values)
