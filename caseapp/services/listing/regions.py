"""The regional protection list: each region's external figure beside the cases counted from
the records, and the dated history of its protection status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, false, func, or_, select

from caseapp.models import (
    RegionProtection,
    RegionProtectionHistory,
    Testimony,
    Violation,
    VocabularyTerm,
)
from caseapp.models.base import table_of
from caseapp.models.enums import VocabularyScheme
from caseapp.services.listing.base import ListQuery, Row, Sort
from caseapp.store import CaseStore, counts
from caseapp.store.engines import features

R = table_of(RegionProtection)
H = table_of(RegionProtectionHistory)
V = table_of(Violation)
T = table_of(Testimony)
VT = table_of(VocabularyTerm)


@dataclass(frozen=True)
class RegionFilter:
    text: str = ""  # in region, country or source


@dataclass(frozen=True)
class RegionHistoryFilter:
    region_uid: str | None = None  # None lists nothing (no region chosen)


def split_codes(provinces: str | None) -> list[str]:
    return [code.strip() for code in (provinces or "").split(",") if code.strip()]


def counted_cases(store: CaseStore, provinces: Mapping[str, str]) -> dict[str, int | None]:
    """For each key, the number of distinct live testimonies with a live violation in one of
    its provinces ("china" includes Jilin, Liaoning, ...); None for a key with no provinces,
    which counts nothing rather than zero.

    One statement scans the violations once for every key: a testimony that reports
    violations in two provinces of one region is one case, so counts per province cannot
    simply be added up."""
    wanted = {key: split_codes(text) for key, text in provinces.items()}
    result: dict[str, int | None] = {key: None for key, codes in wanted.items() if not codes}
    keys = [key for key, codes in wanted.items() if codes]
    if not keys:
        return result
    with store.session() as session:
        if counts.readable(session.connection()):
            # Kept by the database for each provinces text a region has (or had).
            kept = counts.count_region
            texts = {provinces[key] for key in keys}
            rows = session.execute(
                select(kept.c.provinces, func.sum(kept.c.testimonies))
                .where(kept.c.provinces.in_(texts))
                .group_by(kept.c.provinces)
            )
            found = {str(text): int(count) for text, count in rows}
            for key in keys:
                if provinces[key] in found:
                    result[key] = found[provinces[key]]
            keys = [key for key in keys if key not in result]
            if not keys:
                return result
        children: dict[str, set[str]] = {}
        province = VT.c.scheme == VocabularyScheme.PROVINCE.value
        rows = session.execute(select(VT.c.code, VT.c.parent_code).where(province))
        for code, parent in rows:
            children.setdefault(code, set()).add(code)
            if parent:
                children.setdefault(parent, {parent}).add(code)
        expanded = {
            key: sorted({c for code in wanted[key] for c in children.get(code, {code})})
            for key in keys
        }
        everywhere = sorted({c for codes in expanded.values() for c in codes})
        columns = [
            func.count(func.distinct(case((V.c.province.in_(expanded[key]), V.c.testimony_id))))
            for key in keys
        ]
        # Live testimonies told apart by id from the few deleted ones (as the tabulation by
        # category does), not by a join or an EXISTS per violation: the (province,
        # testimony_id, deleted_at) index then holds all a row needs. An EXISTS looked each
        # testimony up and took 1.7 s for 300,000 encrypted violations; this takes 25 ms.
        deleted = select(T.c.id).where(T.c.deleted_at.is_not(None))
        engine = features(store.engine)
        statement = select(*columns).where(
            engine.common(V.c.deleted_at.is_(None)),
            V.c.province.in_(everywhere),
            V.c.testimony_id.not_in(deleted),
        )
        live = session.execute(statement).one()
    result.update({key: int(count) for key, count in zip(keys, live, strict=True)})
    return result


class RegionList(ListQuery[RegionFilter]):
    """Rows carry ``counted`` (see ``counted_cases``), computed for each page as it is read
    and kept until ``forget_counts`` (records changed), so that filtering and sorting do not
    scan the violations again; it is not a sort key."""

    default_sort = Sort("region")

    def __init__(self, store: CaseStore, filter_: RegionFilter) -> None:
        super().__init__(store, filter_)
        self._counts: dict[str, int | None] = {}  # provinces text -> count

    def forget_counts(self) -> None:
        self._counts.clear()

    def select_rows(self) -> Select[Any]:
        statement = select(
            R.c.uid,
            R.c.region,
            R.c.country,
            R.c.reported_cases,
            R.c.reported_cases_is_minimum,
            R.c.protection_status,
            R.c.as_of,
            R.c.source,
            R.c.provinces,
        ).where(R.c.deleted_at.is_(None))
        text = self.filter.text.strip()
        if text:
            engine = features(self.store.engine)
            statement = statement.where(
                or_(
                    engine.contains(R.c.region, text),
                    engine.contains(R.c.country, text),
                    engine.contains(R.c.source, text),
                )
            )
        return statement

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        return {
            "region": R.c.region,
            "country": R.c.country,
            "reported_cases": R.c.reported_cases,
            "protection_status": R.c.protection_status,
            "as_of": R.c.as_of,
            "id": R.c.id,
        }

    def fetch(self, offset: int, limit: int, total: int | None = None) -> list[Row]:
        rows = super().fetch(offset, limit, total)
        missing = {row["provinces"] for row in rows} - set(self._counts)
        if missing:
            self._counts.update(counted_cases(self.store, {text: text for text in missing}))
        for row in rows:
            row["counted"] = self._counts[row["provinces"]]
        return rows


class RegionHistoryList(ListQuery[RegionHistoryFilter]):
    """The live history entries of one region, newest first."""

    default_sort = Sort("as_of", descending=True)

    def select_rows(self) -> Select[Any]:
        statement = (
            select(
                H.c.uid,
                H.c.as_of,
                H.c.protection_status,
                H.c.reported_cases,
                H.c.reported_cases_is_minimum,
                H.c.source,
                H.c.note,
            )
            .select_from(H.join(R, H.c.region_protection_id == R.c.id))
            .where(H.c.deleted_at.is_(None))
        )
        if self.filter.region_uid is None:
            return statement.where(false())
        return statement.where(R.c.uid == self.filter.region_uid)

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        return {
            "as_of": H.c.as_of,
            "protection_status": H.c.protection_status,
            "reported_cases": H.c.reported_cases,
            "id": H.c.id,
        }


def region_history(store: CaseStore, region_uid: str) -> list[Row]:
    """Every live history entry of the region, newest as-of date first."""
    query = RegionHistoryList(store, RegionHistoryFilter(region_uid))
    return query.fetch(0, query.count())
