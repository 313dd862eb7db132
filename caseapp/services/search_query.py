"""Turns what a caseworker types into a safe parsed query, or into a clear error.

Supported: words (case-insensitive), prefixes (``detain*``), quoted phrases, AND / OR / NOT,
parentheses. Words written in Hangul match as prefixes (회령 finds 회령에서 and 회령시),
because Korean attaches particles and suffixes to the word. The result is a list of terms and
operators (``caseapp.store.engines.QueryNode``) that each engine writes in its own syntax,
every term quoted there, so no input can inject search syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseapp.services.errors import ServiceError
from caseapp.services.messages import Message
from caseapp.store.engines import QueryNode, SearchTerm

OPERATORS = {"AND", "OR", "NOT"}
MAX_QUERY_LENGTH = 500
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')
_WORD_PART = re.compile(r"[\w]+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


class QueryProblem(ServiceError):
    """The query cannot be searched; the message says why (never quoting the query)."""


@dataclass(frozen=True)
class ParsedQuery:
    nodes: tuple[QueryNode, ...]  # terms and operators, for the engine's search index
    terms: tuple[str, ...]  # the words searched for, for highlighting elsewhere


def _word_terms(raw: str) -> list[SearchTerm]:
    """One typed word -> one term; punctuation inside makes it a phrase, as the index
    splits the indexed text the same way ("co-operate" -> "co operate")."""
    prefix = raw.endswith("*")
    parts = _WORD_PART.findall(raw.rstrip("*"))
    if not parts:
        return []
    star = prefix or bool(_HANGUL.search(parts[-1]))
    return [SearchTerm(tuple(parts), star)]


def parse(query: str) -> ParsedQuery:
    text = query.strip()
    if not text:
        raise QueryProblem(Message("query.empty"))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryProblem(Message("query.too_long", limit=MAX_QUERY_LENGTH))
    if text.count('"') % 2:
        raise QueryProblem(Message("query.unclosed_quote"))
    out: list[QueryNode] = []
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
                raise QueryProblem(Message("query.unopened_parenthesis"))
            if previous in ("op", "open"):
                raise QueryProblem(Message("query.empty_parentheses"))
            out.append(")")
            depth -= 1
            previous = "close"
            continue
        if token in OPERATORS:
            if previous in ("start", "op", "open"):
                raise QueryProblem(Message("query.operator_first", operator=token))
            out.append(token)
            previous = "op"
            continue
        if token.startswith('"'):
            inner = _WORD_PART.findall(token[1:-1])
            if not inner:
                continue
            terms = [SearchTerm(tuple(inner), False)]
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
        raise QueryProblem(Message("query.unclosed_parenthesis"))
    if previous == "op":
        raise QueryProblem(Message("query.operator_last", operator=str(out[-1])))
    if not words:
        raise QueryProblem(Message("query.no_words"))
    return ParsedQuery(tuple(out), tuple(words))
