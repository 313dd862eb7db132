"""Turns what a caseworker types into a safe parsed query, or into a clear error.

Supported: words (case-insensitive), prefixes (``detain*``), quoted phrases, AND / OR / NOT
(in lower case too, between two terms), parentheses. The search service then adds each
term's analysed terms (caseapp/store/text_analysis.py), so 회령으로 finds 회령 and camps
finds camp. The result is a list of terms and
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
    typed = raw.rstrip("*")
    parts = _WORD_PART.findall(typed)
    if not parts:
        return []
    return [SearchTerm(tuple(parts), prefix, typed=typed, typed_prefix=prefix)]


def is_hangul(word: str) -> bool:
    return bool(_HANGUL.search(word))


def _operator(tokens: list[str], index: int, previous: str) -> str | None:
    """The operator a token is, if any. AND, OR, NOT in capitals always are; in lower case
    (or, and, not) only between two terms, where a caseworker means them as operators: a
    query that starts or ends with one, or has one alone, searches it as a word."""
    token = tokens[index]
    if token in OPERATORS:
        return token
    if token.upper() not in OPERATORS or token != token.lower():
        return None
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if previous not in ("term", "close") or following is None:
        return None
    if following == ")" or following.upper() in OPERATORS:
        return None
    return token.upper()


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
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
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
        operator = _operator(tokens, index, previous)
        if operator:
            if previous in ("start", "op", "open"):
                raise QueryProblem(Message("query.operator_first", operator=operator))
            out.append(operator)
            previous = "op"
            continue
        if token.startswith('"'):
            inner = _WORD_PART.findall(token[1:-1])
            if not inner:
                continue
            terms = [SearchTerm(tuple(inner), False, typed=token[1:-1])]
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
