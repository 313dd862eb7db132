"""The testimonies list (code, title, interview date, place, language, status, consent and
the number of violations) and the small look-ups the testimony editor needs.

Everything is a Core SELECT of the shown columns: at 100,000 testimonies a page is one indexed
query, the count skips the joins, and no ORM object is built per row. Consent and the number
of violations are read from their stored sort keys (caseapp/store/sort_keys.py), which
triggers keep exact, so that those sorts walk an index too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, func, not_, or_, select

from caseapp.models import Attachment, Consent, Person, PersonIdentity, Testimony, Violation
from caseapp.models.base import table_of
from caseapp.services.listing.base import (
    PAGE_LIMIT,
    PAGE_OFFSET,
    ListQuery,
    Prepared,
    Row,
    Skipping,
    Sort,
    kept_total,
    ordered,
    overlaps,
    page_params,
    read_rows,
    sorts_before,
)
from caseapp.services.listing.violations import date_filter_bounds
from caseapp.store import CaseStore, counts
from caseapp.store.engines import EngineFeatures, features
from caseapp.store.live_counts import kept_counts
from caseapp.store.sort_keys import SORT_TESTIMONY

T = table_of(Testimony)
C = table_of(Consent)
V = table_of(Violation)
P = table_of(Person)
PI = table_of(PersonIdentity)
A = table_of(Attachment)
S = SORT_TESTIMONY
T_DELETED = T.alias("deleted_testimony")
# Sorts by a stored key: a page walks its (key, id) index in sort_testimony.
STORED_SORTS = {"consent": S.c.consent, "violations": S.c.violations}
# Filtered by status, language or dates only and sorted by a stored key, the language or the
# status, a page walks the sort's (key, id) index and looks each candidate's filtered columns
# up by id in the narrow index of migration 0008 (FILTER_INDEX): both indexes alone, no
# testimony row read. It had read each candidate's 2 KB row (about 140 us; 71 ms a first page
# by consent under a language filter at a million testimonies) or the covering index whole,
# sorting the matches (0.13-0.40 s); now 0.6-6 ms. A look-up costs about 0.25 us, so a filter
# matching DENSE of the live testimonies (by the count the window read) finds its 200 rows
# among about 200,000 candidates, if its matches are spread through the sort's order; when
# they all lie at the far end, the walk reads the whole narrow index first (0.2-0.3 s at a
# million, as long as the covering index's plan). Title, place and code are not walked so:
# their wide index entries cost about 4 us each, and a filter can gather at one end of them
# (Korean titles sort after English ones: 2.3 s for an English page sorted by title, from
# the back), where the covering index's plan costs 0.13-0.30 s whatever the order.
DENSE = 0.001
# Title, place and code are walked with a bound instead: the page is looked for among the
# first WALK_BOUND testimonies in the sort's order (their filtered columns looked up as
# above) and, when fewer than the page's rows match there, in the covering index as before.
# A first page at a million: 2-5 ms when the matches are spread (up to 0.1 s for one
# testimony in a hundred, sorted by title, whose wide index entries cost 4-8 us each), about
# 0.4 s when they lie at the far end (the bounded walk, about 0.1 s, then the covering
# index's plan; English testimonies sorted by title from the back, after every Korean title).
WALK_BOUND = 20_000
BOUNDED_SORTS = {
    "title": "ix_testimony_title",
    "interview_place": "ix_testimony_interview_place",
    "code": None,  # its unique index, which SQLite names itself and takes for the order
}
FILTER_INDEX = "ix_testimony_search_filter"
T_FILTER = T.alias("testimony_filter")
# The (key, id) index each sort walked so reads.
SORT_INDEXES = {
    "consent": "ix_sort_testimony_consent",
    "violations": "ix_sort_testimony_violations",
    "language": "ix_testimony_language",
    "status": "ix_testimony_status",
}

CONSENT_CHOICES = ("internal", "un", "public", "none", "withdrawn")


@dataclass(frozen=True)
class TestimonyFilter:
    """Empty fields do not narrow.

    ``consent``: "internal", "un" or "public" find testimonies whose live, not withdrawn
    consent grants that scope; "none" finds those with no consent recorded or one that grants
    no scope; "withdrawn" those whose consent was withdrawn. ``date_from`` and ``date_to`` are
    partial dates ("2019", "2019-03"); a testimony matches when its interview date can fall in
    the range. A malformed or reversed range raises DateProblem (check it with
    ``date_filter_bounds`` first to show the message)."""

    __test__ = False  # not a pytest test class despite the name

    text: str = ""  # in code, title or interview place
    status: str | None = None
    language: str | None = None
    consent: str | None = None
    date_from: str = ""
    date_to: str = ""


def _consent_join() -> FromClause:
    """Testimonies with their live consent, if any (at most one per testimony)."""
    return T.outerjoin(C, and_(C.c.testimony_id == T.c.id, C.c.deleted_at.is_(None)))


def _live(ids: ColumnElement[Any]) -> ColumnElement[bool]:
    """Testimonies that are not deleted. Written as "id NOT IN (the few deleted ids)" rather
    than "deleted_at IS NULL" so that the id is all a row needs: scans and sorts then stay
    inside the (interview_date, id) and code indexes (or a stored key's, read without the
    testimony table) instead of reading every row."""
    deleted = select(T_DELETED.c.id).where(T_DELETED.c.deleted_at.is_not(None))
    return ids.not_in(deleted)


def _conditions(
    filter_: TestimonyFilter,
    engine: EngineFeatures,
    ids: ColumnElement[Any] = T.c.id,
    row: FromClause = T,
) -> list[ColumnElement[bool]]:
    """The filter's conditions, the first of them "not deleted" (on ``ids``, the testimony's
    id or its stored sort keys'); status, language and dates tested on ``row`` (the
    testimony, or its look-up in FILTER_INDEX). The text and language conditions are marked rare
    (``engine.rare``): such a condition must read every row anyway; told so, SQLite scans
    once and sorts (about 0.5 s at 100,000) instead of walking the date index and reading
    rows in index order, which takes seconds when the matches are sparse."""
    conditions: list[ColumnElement[bool]] = [_live(ids)]
    text = filter_.text.strip()
    if text:
        matches = or_(
            engine.contains(T.c.code, text),
            engine.contains(T.c.title, text),
            engine.contains(T.c.interview_place, text),
        )
        conditions.append(engine.rare(matches))
    if filter_.status:
        conditions.append(row.c.status == filter_.status)
    if filter_.language:
        conditions.append(engine.rare(row.c.language == filter_.language))
    if filter_.consent:
        live = and_(C.c.id.is_not(None), C.c.date_withdrawn.is_(None))
        if filter_.consent in ("internal", "un", "public"):
            conditions.append(and_(live, C.c[filter_.consent].is_(True)))
        elif filter_.consent == "none":
            grants_nothing = and_(live, not_(C.c.internal), not_(C.c.un), not_(C.c.public))
            conditions.append(or_(C.c.id.is_(None), grants_nothing.self_group()))
        elif filter_.consent == "withdrawn":
            conditions.append(C.c.date_withdrawn.is_not(None))
        else:
            raise ValueError(f"unknown consent filter {filter_.consent!r}")
    if filter_.date_from.strip() or filter_.date_to.strip():
        first, last = date_filter_bounds(filter_.date_from, filter_.date_to)
        conditions += overlaps(row.c.interview_date, row.c.interview_date, first, last)
    return conditions


class TestimonyList(ListQuery[TestimonyFilter]):
    """Pages are read in two steps: the ids of one page in the chosen order (from an index
    where there is one), then the shown columns of just those rows."""

    __test__ = False

    default_sort = Sort("interview_date", descending=True)

    def __init__(self, store: CaseStore, filter_: TestimonyFilter) -> None:
        super().__init__(store, filter_)
        self._bounded: dict[tuple[TestimonyFilter, Sort, bool], Prepared] = {}
        # Per filter, sort and direction: (the count, at most how many of the first
        # WALK_BOUND match), learnt from a bounded walk that came back short; a page past
        # that is not looked for there again until the count changes.
        self._short: dict[tuple[TestimonyFilter, Sort, bool], tuple[int, int]] = {}

    def select_rows(self) -> Select[Any]:
        return (
            self._columns()
            .select_from(_consent_join().join(S, S.c.id == T.c.id))
            .where(*_conditions(self.filter, features(self.store.engine)))
        )

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        return {
            "code": T.c.code,
            "title": T.c.title,
            "interview_date": T.c.interview_date,
            "interview_place": T.c.interview_place,
            "language": T.c.language,
            "status": T.c.status,
            **STORED_SORTS,
            "id": T.c.id,
        }

    def count(self) -> int:
        """The filtered count: no stored keys, and the consent join only when the consent
        filter needs it. A filter of text, or of more than one of status, language and
        dates, is counted in the covering index (a date range is sought in it: it leads with
        the date); status and language together in the narrow FILTER_INDEX, read whole
        faster (151 against 264 ms at a million). Alone, each of those has an index of its
        own that counts faster still (language: 18 ms at a million, against 210 ms)."""
        engine = features(self.store.engine)
        conditions = _conditions(self.filter, engine)
        if len(conditions) == 1:  # "not deleted" alone: no filter
            with self.store.session() as session:
                # Kept by the database as testimonies are written (80 ms counted at a
                # million, on every save that refreshed the list; a millisecond so).
                kept = kept_total(session, counts.count_testimony.c.testimonies)
            if kept is not None:
                return kept
        statement = (
            select(func.count()).select_from(self._source(for_sort=False)).where(*conditions)
        )
        flt = self.filter
        tested = [bool(flt.status), bool(flt.language), bool(flt.date_from or flt.date_to)]
        if flt.text.strip() or (tested[2] and sum(tested) > 1):
            statement = engine.indexed(statement, T, engine.TESTIMONY_LIST)
        elif sum(tested) > 1:
            statement = engine.indexed(statement, T, FILTER_INDEX)
        with self.store.session() as session:
            return int(session.execute(statement).scalar_one())

    def build_page_statement(self, descending: bool) -> Select[Any]:
        order = self._order(descending)
        # Sorted by a stored key, the page's ids come from the key's index; the testimony
        # table is read only when a filter asks about its columns.
        stored = self.sort.key in STORED_SORTS
        ids = S.c.id if stored else T.c.id
        engine = features(self.store.engine)
        if self.plan_choice():
            page = self._looked_up_page(engine, ids, order)
        else:
            page = self._page(engine, ids, order)
        return self._shown(page, order)

    def _shown(self, page: Select[Any], order: list[ColumnElement[Any]]) -> Select[Any]:
        """The shown columns of the page whose ids ``page`` selects (as ``page_id``)."""
        shown = _consent_join().join(S, S.c.id == T.c.id)
        ids_page = page.subquery("page")
        return (
            self._columns()
            .select_from(shown.join(ids_page, ids_page.c.page_id == T.c.id))
            .order_by(*order)
        )

    def fetch(self, offset: int, limit: int, total: int | None = None) -> list[Row]:
        rows = self._bounded_fetch(offset, limit, total)
        return rows if rows is not None else super().fetch(offset, limit, total)

    def _bounded_fetch(self, offset: int, limit: int, total: int | None) -> list[Row] | None:
        """The page from the bounded walk of a title, place or code sort (see WALK_BOUND),
        read from the nearer end of the list; None when it cannot tell (too few matches
        among the first WALK_BOUND, or a filter it does not serve)."""
        if total is None or not 0 <= offset < total or not self._bounded_walks():
            return None
        wanted = min(limit, total - offset)
        reverse = offset > total // 2
        start = total - offset - wanted if reverse else offset
        key = (self.filter, self.sort, reverse)
        count, most = self._short.get(key, (None, WALK_BOUND))
        if start + wanted > (most if count == total else WALK_BOUND):
            return None
        prepared = self._bounded.get(key)
        if prepared is None:
            statement = self._bounded_statement(self.sort.descending != reverse)
            prepared = Prepared(statement, self.store.engine.dialect)
            if any(held[:2] != key[:2] for held in self._bounded):
                self._bounded = {}  # another filter or sort: those are not asked again
                self._short = {}
            self._bounded[key] = prepared
        rows = prepared.rows(self.store, page_params(start, wanted))
        if len(rows) < wanted:
            # The page lies beyond the first WALK_BOUND: not known from them.
            self._short[key] = (total, start + len(rows))
            return None
        self.matching = total
        if reverse:
            rows.reverse()
        return rows

    def _bounded_walks(self) -> bool:
        return (
            self.sort.key in BOUNDED_SORTS
            and features(self.store.engine).names_indexes
            and self._looked_up_filter()
        )

    def _looked_up_filter(self) -> bool:
        """Whether the filter tests only what FILTER_INDEX holds (status, language, dates)."""
        flt = self.filter
        tested = flt.status or flt.language or flt.date_from or flt.date_to
        return bool(tested) and not (flt.text.strip() or flt.consent)

    def _bounded_statement(self, descending: bool) -> Select[Any]:
        engine = features(self.store.engine)
        key = self.sort_columns()[self.sort.key]
        walk = select(T.c.id.label("walked_id"), key.label("walked_key")).order_by(
            *ordered(key, T.c.id, descending)
        )
        index = BOUNDED_SORTS[self.sort.key]
        if index is not None:
            walk = engine.indexed(walk, T, index)
        first = walk.limit(WALK_BOUND).subquery("walk")
        page = (
            select(first.c.walked_id.label("page_id"))
            .select_from(engine.walked_join(first, T_FILTER, T_FILTER.c.id == first.c.walked_id))
            .where(*_conditions(self.filter, engine, first.c.walked_id, T_FILTER))
            .order_by(*ordered(first.c.walked_key, first.c.walked_id, descending))
            .offset(PAGE_OFFSET)
            .limit(PAGE_LIMIT)
        )
        page = engine.indexed(page, T_FILTER, FILTER_INDEX)
        return self._shown(page, self._order(descending))

    def _looked_up_page(
        self, engine: EngineFeatures, ids: ColumnElement[Any], order: list[ColumnElement[Any]]
    ) -> Select[Any]:
        """The page's ids walking the sort's index, each candidate's filtered columns looked
        up in FILTER_INDEX (see DENSE)."""
        walked = S if self.sort.key in STORED_SORTS else T
        conditions = _conditions(self.filter, engine, ids, T_FILTER)
        # Sorted by the column the filter tests, the walk starts at the value asked for
        # (through the other ones first, 0.2-0.3 s at a million).
        if self.sort.key == "language" and self.filter.language:
            conditions.append(T.c.language == self.filter.language)
        if self.sort.key == "status" and self.filter.status:
            conditions.append(T.c.status == self.filter.status)
        page = (
            select(ids.label("page_id"))
            .select_from(engine.walked_join(walked, T_FILTER, T_FILTER.c.id == ids))
            .where(*conditions)
            .order_by(*order)
            .offset(PAGE_OFFSET)
            .limit(PAGE_LIMIT)
        )
        page = engine.indexed(page, T_FILTER, FILTER_INDEX)
        return engine.indexed(page, walked, SORT_INDEXES[self.sort.key])

    def _page(
        self, engine: EngineFeatures, ids: ColumnElement[Any], order: list[ColumnElement[Any]]
    ) -> Select[Any]:
        stored = self.sort.key in STORED_SORTS
        source = self._source(for_sort=True)
        if stored and len(_conditions(self.filter, engine)) == 1:
            source = S
        page = (
            select(ids.label("page_id"))
            .select_from(source)
            .where(*_conditions(self.filter, engine, ids))
            .order_by(*order)
            .offset(PAGE_OFFSET)
            .limit(PAGE_LIMIT)
        )
        if self._tests_columns():
            # Filtered by the testimony's own columns, the page is found in the covering
            # index (walked in order when sorted by date, else read whole and sorted, with
            # the stored keys looked up for its matches): through the sort's own index each
            # candidate row was read, 3.5-22 s a page at a million testimonies.
            page = engine.indexed(page, T, engine.TESTIMONY_LIST)
        return page

    def skipping(self) -> Skipping | None:
        """Unfiltered, the sort's index walked with the deleted testimonies in it (see
        Skipping): the test of each entry against them was most of a middle page's time
        at a million testimonies."""
        if len(_conditions(self.filter, features(self.store.engine))) != 1:
            return None
        key = self.sort_columns()[self.sort.key]
        stored = self.sort.key in STORED_SORTS
        ids = S.c.id if stored else T.c.id
        deleted = select(T_DELETED.c.id).where(T_DELETED.c.deleted_at.is_not(None))
        return Skipping(keys=[key, ids], source=S if stored else T, dead=[ids.in_(deleted)])

    def plan_choice(self) -> bool:
        """Whether the page walks the sort's index with look-ups in FILTER_INDEX (see
        DENSE): sorted by one of SORT_INDEXES, filtered by status, language or dates alone,
        matching at least DENSE of the live testimonies (by the count the window read)."""
        if self.sort.key not in SORT_INDEXES or self.matching is None:
            return False
        if not self._looked_up_filter():
            return False
        with self.store.engine.connect() as conn:
            kept = kept_counts(conn)
        if kept is None:
            return False
        return self.matching >= DENSE * kept.get("testimony", 0)

    def _tests_columns(self) -> bool:
        """Whether the filter tests the testimony's own columns (not only its consent)."""
        flt = self.filter
        return bool(flt.text.strip() or flt.status or flt.language or flt.date_from or flt.date_to)

    def position_of(self, uid: str) -> int | None:
        """The row ``uid`` has under the current filter and sort, or None when the filter
        hides it: how many rows sort before it (two queries, no paging through)."""
        columns = self.sort_columns()
        key, tie = columns[self.sort.key], columns["id"]
        source = self._source(for_sort=True)
        conditions = _conditions(self.filter, features(self.store.engine))
        with self.store.session() as session:
            found = session.execute(
                select(key.label("k"), tie.label("i"))
                .select_from(source)
                .where(*conditions, T.c.uid == uid)
            ).first()
            if found is None:
                return None
            k, i = found
            before = sorts_before([key, tie], [k, i], self.sort.descending)
            statement = select(func.count()).select_from(source).where(*conditions, before)
            return int(session.execute(statement).scalar_one())

    # -- internals -------------------------------------------------------------------------

    def _columns(self) -> Select[Any]:
        return select(
            T.c.uid,
            T.c.code,
            T.c.title,
            T.c.interview_date,
            T.c.interview_date_precision,
            T.c.interview_place,
            T.c.language,
            T.c.status,
            C.c.internal,
            C.c.un,
            C.c.public,
            C.c.date_withdrawn,
            S.c.consent,
            S.c.violations,
        )

    def _order(self, descending: bool) -> list[ColumnElement[Any]]:
        columns = self.sort_columns()
        key = columns[self.sort.key]
        # The stored keys' index is (key, id) of sort_testimony: tied by that id, not the
        # testimony's (the same number), so that the planner sees the index's order.
        tie = S.c.id if self.sort.key in STORED_SORTS else columns["id"]
        return ordered(key, tie, descending)

    def _source(self, for_sort: bool) -> FromClause:
        """The testimony table, joined to consent only when the filter reads it and to the
        stored sort keys only when the sort does (a join costs a look-up per row)."""
        source = _consent_join() if self.filter.consent else T
        if for_sort and self.sort.key in STORED_SORTS:
            return source.join(S, S.c.id == T.c.id)
        return source


# -- look-ups for the editor --------------------------------------------------------------------


def _rows(store: CaseStore, statement: Select[Any]) -> list[Row]:
    return read_rows(store, statement)


def testimony_violations(store: CaseStore, testimony_uid: str) -> list[Row]:
    """The live violations of a testimony, oldest first, with the columns of its inline
    table."""
    statement = (
        select(
            V.c.uid,
            V.c.category,
            V.c.date_start,
            V.c.date_end,
            V.c.date_precision,
            V.c.province,
            V.c.place,
            V.c.place_type,
            V.c.perpetrator,
            V.c.un_mechanism,
            V.c.un_response_status,
            V.c.verification_status,
        )
        .select_from(V.join(T, V.c.testimony_id == T.c.id))
        .where(T.c.uid == testimony_uid, V.c.deleted_at.is_(None))
        .order_by(V.c.date_start, V.c.id)
    )
    return _rows(store, statement)


def testimony_attachments(store: CaseStore, testimony_uid: str) -> list[Row]:
    """The live attachments of a testimony: metadata and intake hash, never the content."""
    statement = (
        select(A.c.uid, A.c.file_name, A.c.media_type, A.c.size, A.c.sha256)
        .select_from(A.join(T, A.c.testimony_id == T.c.id))
        .where(T.c.uid == testimony_uid, A.c.deleted_at.is_(None))
        .order_by(A.c.id)
    )
    return _rows(store, statement)


def _person(store: CaseStore, condition: ColumnElement[bool]) -> Row | None:
    statement = select(P.c.uid, P.c.code, P.c.pseudonym).where(condition, P.c.deleted_at.is_(None))
    found = _rows(store, statement)
    return found[0] if found else None


def person_by_code(store: CaseStore, code: str) -> Row | None:
    """The live person with this code (uid, code, pseudonym): codes are typed, not picked from
    a list of every person. A code typed in lower case finds the generated upper-case one."""
    code = code.strip()
    if not code:
        return None
    return _person(store, P.c.code == code) or _person(store, P.c.code == code.upper())


def person_by_uid(store: CaseStore, uid: str) -> Row | None:
    return _person(store, P.c.uid == uid)


def consent_uid(store: CaseStore, testimony_uid: str) -> str | None:
    """The uid of the testimony's live consent, if one is recorded."""
    statement = (
        select(C.c.uid)
        .select_from(C.join(T, C.c.testimony_id == T.c.id))
        .where(T.c.uid == testimony_uid, C.c.deleted_at.is_(None))
    )
    with store.session() as session:
        uid = session.execute(statement).scalar_one_or_none()
    return None if uid is None else str(uid)


def consent_withdrawn(store: CaseStore, testimony_uid: str) -> bool:
    """Whether the testimony's live consent is withdrawn (what an erasure needs)."""
    statement = (
        select(C.c.date_withdrawn)
        .select_from(C.join(T, C.c.testimony_id == T.c.id))
        .where(T.c.uid == testimony_uid, C.c.deleted_at.is_(None))
    )
    with store.session() as session:
        withdrawn = session.execute(statement).scalar_one_or_none()
    return withdrawn is not None


def identity_uid_of(store: CaseStore, person_uid: str) -> str | None:
    """The uid of the person's live identity-vault entry, if one exists. Only the uid: the
    entry's fields are read through the record service, which checks the right to."""
    statement = (
        select(PI.c.uid)
        .select_from(PI.join(P, PI.c.person_id == P.c.id))
        .where(P.c.uid == person_uid, PI.c.deleted_at.is_(None))
    )
    with store.session() as session:
        uid = session.execute(statement).scalar_one_or_none()
    return None if uid is None else str(uid)


def testimony_is_live(store: CaseStore, uid: str) -> bool:
    statement = select(T.c.id).where(T.c.uid == uid, T.c.deleted_at.is_(None))
    with store.session() as session:
        return session.execute(statement).first() is not None
