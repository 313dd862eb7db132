"""Export profiles: what may leave the laptop, decided by consent.

Every CSV, PDF and exchange path takes a profile and asks this module which testimonies it
may carry and how each value must be shown. A withdrawn consent counts as no under every
profile, ``internal`` included, and a testimony without a consent record is internal at most.

- ``internal``: testimonies with internal consent, or with no consent record yet; persons
  by code and pseudonym; never the identity vault.
- ``un``: testimonies with UN consent and their violations; persons by code only.
- ``public``: testimonies with public consent; no pseudonyms, interviewers or source codes;
  dates no finer than the year, places no finer than the province; in aggregate tables a
  count from 1 to 4 is shown as "<5" (a region with two cases can identify people).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Table, and_, or_, select
from sqlmodel import Session

from caseapp.models import Person, PersonIdentity
from caseapp.models.base import table_of
from caseapp.services.profile_names import BY_RESTRICTION as BY_RESTRICTION
from caseapp.services.profile_names import Profile as Profile

if TYPE_CHECKING:  # the vault's module needs the profiles (through access)
    from caseapp.services.vault import Vault


SMALL_COUNT_LIMIT = 5


def consent_allows(consent: Table, profile: Profile) -> ColumnElement[bool]:
    """SQL condition on a (LEFT OUTER joined) live consent row: may this testimony go out
    under ``profile``? Withdrawn never; no consent record: ``internal`` only."""
    scope = {
        Profile.INTERNAL: consent.c.internal,
        Profile.UN: consent.c.un,
        Profile.PUBLIC: consent.c.public,
    }[profile]
    granted = and_(
        consent.c.id.is_not(None),
        consent.c.deleted_at.is_(None),
        consent.c.date_withdrawn.is_(None),
        scope.is_(True),
    )
    if profile is Profile.INTERNAL:
        return or_(consent.c.id.is_(None), granted)
    return granted


def consent_allows_values(
    profile: Profile,
    *,
    internal: bool | None,
    un: bool | None,
    public: bool | None,
    withdrawn: str | None,
    exists: bool,
) -> bool:
    """The same rule in Python, for rows already read."""
    if not exists:
        return profile is Profile.INTERNAL
    if withdrawn:
        return False
    return bool({Profile.INTERNAL: internal, Profile.UN: un, Profile.PUBLIC: public}[profile])


def year_only(date: str | None) -> str | None:
    return date[:4] if date else date


def coarse_precision(precision: str | None) -> str | None:
    """Dates cut to the year keep an honest precision: exact and month become year."""
    if precision in ("exact", "month"):
        return "year"
    return precision


def shown_count(count: int, profile: Profile) -> str:
    if profile is Profile.PUBLIC and 0 < count < SMALL_COUNT_LIMIT:
        return f"<{SMALL_COUNT_LIMIT}"
    return str(count)


PUBLIC_DROPPED_TESTIMONY_FIELDS = ("interviewer", "source_code", "source_pseudonym")
UN_DROPPED_TESTIMONY_FIELDS = ("source_pseudonym",)


def redact_testimony(row: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """A testimony row as ``profile`` may show it (fields blanked, dates coarsened)."""
    shown = dict(row)
    if profile is Profile.UN:
        for name in UN_DROPPED_TESTIMONY_FIELDS:
            if name in shown:
                shown[name] = ""
    if profile is Profile.PUBLIC:
        for name in PUBLIC_DROPPED_TESTIMONY_FIELDS:
            if name in shown:
                shown[name] = ""
        if "interview_date" in shown:
            shown["interview_date"] = year_only(shown["interview_date"])
            shown["interview_date_precision"] = coarse_precision(
                shown.get("interview_date_precision")
            )
        if "interview_place" in shown:
            shown["interview_place"] = ""
        if "consent_date" in shown:
            shown["consent_date"] = year_only(shown["consent_date"])
    return shown


def redact_violation(row: dict[str, Any], profile: Profile) -> dict[str, Any]:
    shown = dict(row)
    if profile is Profile.PUBLIC:
        for name in ("date_start", "date_end", "un_submission_date"):
            if name in shown:
                shown[name] = year_only(shown[name])
        if "date_precision" in shown:
            shown["date_precision"] = coarse_precision(shown["date_precision"])
        if "place" in shown:
            shown["place"] = ""  # places no finer than the province
    return shown


WITHHELD = "[withheld]"


def name_replacements(
    people: Iterable[tuple[str | None, str | None]],
    staff: Iterable[str | None],
    profile: Profile,
    withheld: str = WITHHELD,
) -> dict[str, str]:
    """Names that must not appear in a testimony's free text under ``profile``: the
    pseudonyms of its source and victims, ``people`` as (code, pseudonym) (``un`` shows
    their codes instead, ``public`` nothing) and, in ``public``, the ``staff`` names
    (interviewer, whoever recorded the consent). A summary that says "Kim A. describes..."
    would otherwise carry the pseudonym the profile withholds. CSV and PDF share this rule."""
    if profile is Profile.INTERNAL:
        return {}
    names: dict[str, str] = {}
    for code, pseudonym in people:
        if pseudonym and len(pseudonym.strip()) > 1:
            names[pseudonym.strip()] = f"[{code}]" if profile is Profile.UN and code else withheld
    if profile is Profile.PUBLIC:
        for name in staff:
            if name and len(name.strip()) > 1:
                names.setdefault(name.strip(), withheld)
    return names


# Letters of the scripts that separate words with spaces (Latin, with the accents of
# McCune-Reischauer "Hoeryŏng"): a name part in them is matched as a whole word. Any other
# part (Hangul, Hanja) is matched wherever it stands: Korean writes particles onto the name
# ("김철수는", "철수가"), so there is no word boundary to wait for.
_LATIN = "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LATIN_TOKEN = re.compile(f"[{_LATIN}]+")
_LATIN_ONLY = re.compile(f"[{_LATIN}]+")
_PART_SEPARATORS = re.compile(r"[\s\-\u2010\u2011.,;:·'’\"()\[\]/]+")
_HANGUL_NAME = re.compile("[\uac00-\ud7a3]{3,4}")
_HANGUL_WORD = re.compile("[\uac00-\ud7a3]{1,4}")
_LATIN_WORD = re.compile(f"[{_LATIN}\\-\u2010\u2011.'’]+")
MIN_PART = 2
PREFILTER_KEYS = 200


class NameIndex:
    """Names to take out of free text, found case-insensitively and by parts: "Kim Chol-su"
    is also found as "kim", "Chol" and "su"; "김철수" also as "철수" (the given name). Each
    part of two characters or more goes, replaced as its whole name is. A part shared by
    two names with different replacements is withheld."""

    def __init__(
        self, names: Mapping[str, str], withheld: str = WITHHELD, phrases: bool = True
    ) -> None:
        # Whole names first ("Kim A." -> one "[withheld]", not "[withheld] A."); the
        # vault's many names go by parts only, which cover them.
        self.phrases: dict[str, str] = {}
        self._phrase: re.Pattern[str] | None = None
        if phrases:
            self.phrases = {n.strip().casefold(): r for n, r in names.items() if n.strip()}
        self.words: dict[str, str] = {}  # Latin parts, case-folded -> replacement
        self.pieces: dict[str, str] = {}  # other parts, case-folded -> replacement
        for name, replacement in names.items():
            for part in _parts(name):
                table = self.words if _LATIN_ONLY.fullmatch(part) else self.pieces
                key = part.casefold()
                known = table.setdefault(key, replacement)
                if known != replacement:
                    table[key] = withheld
        self.lengths = sorted({len(p) for p in self.pieces}, reverse=True)
        self.keys = {*self.phrases, *self.words, *self.pieces}
        self._starts: re.Pattern[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.keys)

    def scrub(self, text: str) -> str:
        if not text or not self:
            return text
        if len(self.keys) <= PREFILTER_KEYS:
            # Most texts name nobody: a substring test per name part says so quickly.
            folded = text.casefold()
            if not any(key in folded for key in self.keys):
                return text
        if self.phrases:
            if self._phrase is None:
                by_length = sorted(self.phrases, key=len, reverse=True)
                edge = f"(?<![{_LATIN}])(?:" + "|".join(map(re.escape, by_length))
                self._phrase = re.compile(edge + f")(?![{_LATIN}])", re.IGNORECASE)
            phrases = self.phrases
            text = self._phrase.sub(lambda m: phrases.get(m.group().casefold(), m.group()), text)
        if self.pieces:
            text = self._scrub_pieces(text)
        if self.words:
            words = self.words
            text = _LATIN_TOKEN.sub(lambda m: words.get(m.group().casefold(), m.group()), text)
        return text

    def _scrub_pieces(self, text: str) -> str:
        if self._starts is None:
            starts = "".join(sorted({p[0] for p in self.pieces}))
            self._starts = re.compile(f"[{re.escape(starts)}]")
        folded = text.casefold()
        if len(folded) != len(text):  # a rare letter that folds to two: index the original
            folded = text.lower()
        out: list[str] = []
        done = 0
        position = 0
        while True:
            hit = self._starts.search(folded, position)
            if hit is None:
                break
            start = hit.start()
            for length in self.lengths:
                replacement = self.pieces.get(folded[start : start + length])
                if replacement is not None:
                    out += [text[done:start], replacement]
                    done = position = start + length
                    break
            else:
                position = start + 1
        out.append(text[done:])
        return "".join(out)


def _parts(name: str) -> set[str]:
    """The name itself and, when it is shaped like a personal name, its parts of at least
    ``MIN_PART`` characters (for a Hangul name of three or four syllables also the given
    name after the surname). A descriptive pseudonym ("Mother of three", "신원 미상 남성
    (순천)") is taken out whole only: its words are ordinary words and places."""
    name = name.strip()
    parts = {name} if len(name) >= MIN_PART else set()
    if not _name_shaped(name):
        return parts
    for piece in _PART_SEPARATORS.split(name):
        if len(piece) >= MIN_PART:
            parts.add(piece)
            if _HANGUL_NAME.fullmatch(piece):
                parts.add(piece[1:])
    return parts


def _name_shaped(name: str) -> bool:
    """ "Kim A.", "Kim Chol-su", "Hoeryŏng Pak", "김철수", "김 철수": up to three capitalised
    Latin words, or up to two Hangul words of at most four syllables."""
    tokens = name.split()
    if 0 < len(tokens) <= 2 and all(_HANGUL_WORD.fullmatch(t) for t in tokens):
        return True
    return 0 < len(tokens) <= 3 and all(
        t[:1].isupper() and _LATIN_WORD.fullmatch(t) for t in tokens
    )


def replace_names(
    text: str, names: Mapping[str, str], *more: NameIndex, withheld: str = WITHHELD
) -> str:
    """``text`` with every name of ``names`` (and of the ``more`` indexes, such as the
    identity vault's) taken out, case-insensitively and by parts (``NameIndex``)."""
    if not text:
        return text
    if names:
        text = NameIndex(names, withheld).scrub(text)
    for index in more:
        text = index.scrub(text)
    return text


def vault_index(
    session: Session, profile: Profile, vault: Vault | None, withheld: str = WITHHELD
) -> NameIndex:
    """The real names of the identity vault as a ``NameIndex``: opened only here, inside an
    export, to take them out of free text (``un`` shows the person's code instead, ``public``
    nothing). Never written anywhere, never logged. ``un`` and ``public`` need the ``vault``
    opened (a coordinator's slot holds its key): without it names could leave unseen."""
    if profile is Profile.INTERNAL:
        return NameIndex({})
    if vault is None or not vault.readable:
        raise ValueError("an un or public export needs the opened vault")
    person, identity = table_of(Person), table_of(PersonIdentity)
    rows = session.execute(
        select(person.c.code, identity.c.real_name, identity.c.sealed, identity.c.uid).join(
            identity, identity.c.person_id == person.c.id
        )
    )
    names: dict[str, str] = {}
    for code, plain_name, sealed, uid in rows:
        real_name = vault.open(sealed, uid)["real_name"] if sealed else plain_name
        if real_name and len(real_name.strip()) >= MIN_PART:
            shown = f"[{code}]" if profile is Profile.UN and code else withheld
            known = names.setdefault(real_name.strip(), shown)
            if known != shown:
                names[real_name.strip()] = withheld
    return NameIndex(names, withheld, phrases=False)
