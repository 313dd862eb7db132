"""The demo dataset: domain.md's seed tables, the demands, and fictional testimonies in Korean
and English, loaded through the bulk path in one transaction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseapp.models import Testimony
from caseapp.services.access import Access, Right
from caseapp.services.bulk import BulkWriter
from caseapp.services.errors import ServiceError
from caseapp.services.messages import Message
from caseapp.services.record_kinds import KINDS

DEMO_MARKER_PREFIX = "DEMO-"


class DemoAlreadyLoaded(ServiceError):
    pass


def demo_loaded(session: Session) -> bool:
    return bool(
        session.execute(
            select(func.count())
            .select_from(Testimony)
            .where(col(Testimony.code).startswith(DEMO_MARKER_PREFIX))
        ).scalar_one()
    )


def load_demo(writer: BulkWriter, access: Access, demo_file: Path) -> dict[str, int]:
    """Insert the demo dataset; return how many records of each kind were added. Loading
    it is an import (NotAllowed, before anything is written, without that right)."""
    access.require(Right.IMPORT)
    if demo_loaded(writer.session):
        raise DemoAlreadyLoaded(Message("demo.already_loaded"))
    data: dict[str, Any] = json.loads(demo_file.read_text(encoding="utf-8"))
    added: dict[str, int] = {}

    def put(kind: str, items: list[dict[str, Any]]) -> list[str]:
        # The demo brings every region's whole history itself: no automatic first entry.
        uids = writer.insert(KINDS[kind], items, follow_ups=False)
        added[kind] = added.get(kind, 0) + len(uids)
        return uids

    persons = data["persons"]
    person_uids = dict(
        zip(
            [p["key"] for p in persons],
            put("person", [_without(p, "key") for p in persons]),
            strict=True,
        )
    )

    testimonies = data["testimonies"]
    testimony_rows = []
    for t in testimonies:
        row = _without(t, "key", "source", "consent", "violations")
        row["source_uid"] = person_uids[t["source"]] if t.get("source") else None
        testimony_rows.append(row)
    testimony_uids = dict(
        zip([t["key"] for t in testimonies], put("testimony", testimony_rows), strict=True)
    )

    consents, violations = [], []
    for t in testimonies:
        consents.append({**t["consent"], "testimony_uid": testimony_uids[t["key"]]})
        for v in t["violations"]:
            row = _without(v, "victim")
            row["testimony_uid"] = testimony_uids[t["key"]]
            row["victim_uid"] = person_uids[v["victim"]] if v.get("victim") else None
            violations.append(row)
    put("consent", consents)
    put("violation", violations)

    regions = data["regions"]
    region_uids = put("region", [_without(r, "history") for r in regions])
    history = [
        {**entry, "region_uid": uid}
        for region, uid in zip(regions, region_uids, strict=True)
        for entry in region.get("history", [])
    ]
    put("region_history", history)

    responses = data["state_responses"]
    response_uids = put(
        "state_response", [_without(r, "testimonies", "violations") for r in responses]
    )
    links = [
        {"state_response_uid": uid, "testimony_uid": testimony_uids[key]}
        for response, uid in zip(responses, response_uids, strict=True)
        for key in response.get("testimonies", [])
    ]
    put("state_response_link", links)
    put("demand", data["demands"])
    return added


def _without(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in keys}
