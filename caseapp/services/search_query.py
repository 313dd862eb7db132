"""Turns what a caseworker types into a safe FTS5 query, or into a clear error.

Supported: words (case-insensitive), prefixes (``detain*``), quoted phrases, AND / OR / NOT,
parentheses. Words written in Hangul match as prefixes (회령 finds 회령에서 and 회령시),
because Korean attaches particles and suffixes to the word. Everything typed is quoted before
it reaches FTS5, so no input can inject FTS syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseapp.services.errors import ServiceError

OPERATORS = {"AND", "OR", "NOT"}
MAX_QUERY_LENGTH = 500
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_WORD_PART = re.compile(r"[\w]+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class QueryProblem(ServiceError):
    """The query cannot be searched; the message says why (never quoting the query)."""


@dataclass(frozen=True)
class ParsedQuery:
    fts: str  # the FTS5 MATCH expression
    terms: tuple[str, ...]  # the words searched for, for highlighting elsewhere


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _word_terms(raw: str) -> list[str]:
    """One typed word -> one FTS term; punctuation inside makes it a phrase, as the
    tokenizer splits the indexed text the same way ("co-operate" -> "co operate")."""
    prefix = raw.endswith("*")
    parts = _WORD_PART.findall(raw.rstrip("*"))
    if not parts:
        return []
    star = prefix or bool(_HANGUL.search(parts[-1]))
    return [_quote(" ".join(parts)) + ("*" if star else "")]


def parse(query: str) -> ParsedQuery:
    text = query.strip()
    if not text:
        raise QueryProblem("the query is empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryProblem(f"the query is too long (at most {MAX_QUERY_LENGTH} characters)")
    if text.count('"') % 2:
        raise QueryProblem("a quotation mark is not closed")
    out: list[str] = []
    words: list[str] = []
    depth = 0
    previous = "start"  # start, term, op, open, close
    for token in _TOKEN.findall(text):
        if token == "(":
            if previous in ("term", "close"):
                out.append("AND")
            out.append("(")
            depth += 1
            previous = "open"
            continue
        if token == ")":
            if depth == 0:
                raise QueryProblem("a closing parenthesis has no opening one")
            if previous in ("op", "open"):
                raise QueryProblem("parentheses must contain a search term")
            out.append(")")
            depth -= 1
            previous = "close"
            continue
        if token in OPERATORS:
            if previous in ("start", "op", "open"):
                raise QueryProblem(f"{token} needs a search term before it")
            out.append(token)
            previous = "op"
            continue
        if token.startswith('"'):
            inner = _WORD_PART.findall(token[1:-1])
            if not inner:
                continue
            terms = [_quote(" ".join(inner))]
            words += inner
        else:
            terms = _word_terms(token)
            if not terms:
                continue
            words += _WORD_PART.findall(token)
        if previous in ("term", "close"):
            out.append("AND")
        out.append(terms[0])
        previous = "term"
    if depth:
        raise QueryProblem("a parenthesis is not closed")
    if previous == "op":
        raise QueryProblem(f"{out[-1]} needs a search term after it")
    if not words:
        raise QueryProblem("the query has no words to search for")
    return ParsedQuery(" ".join(out), tuple(words))
