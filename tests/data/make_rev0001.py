"""Builds tests/data/rev0001/: an encrypted database as schema revision 0001 left it.

Run once when revision 0001 was the newest (kept for the record; the files it wrote are
committed and must not be regenerated with a newer caseapp). Rows are written with plain
SQL against the 0001 schema, as the app of that revision stored them.

    python tests/data/make_rev0001.py
"""

from pathlib import Path

from caseapp.store import StoreLocation, create_store

PASSPHRASE = "rev0001 fixture passphrase"
HERE = Path(__file__).resolve().parent / "rev0001"
AUDIT = "2024-01-01T00:00:00.000000Z"

ROWS = [
    "INSERT INTO person (id, uid, created_at, created_by, updated_at, updated_by, code,"
    " pseudonym, sex, birth_year, birth_year_precision, origin_province, roles) VALUES"
    " (1, 'p-1', '{t}', 'fixture', '{t}', 'fixture', 'P-00000001', '한 씨', 'female', '1975',"
    " 'estimate', 'north_hamgyong', 'source,victim')",
    "INSERT INTO person_identity (id, uid, created_at, created_by, updated_at, updated_by,"
    " person_id, real_name, contacts, relatives_inside, notes) VALUES (1, 'i-1', '{t}',"
    " 'fixture', '{t}', 'fixture', 1, 'vault name', 'vault contact', 'vault relatives', '')",
    "INSERT INTO testimony (id, uid, created_at, created_by, updated_at, updated_by, code,"
    " title, summary, narrative, interview_date, interview_date_precision, interview_place,"
    " interviewer, language, source_person_id, reliability, status) VALUES (1, 't-1', '{t}',"
    " 'fixture', '{t}', 'fixture', 'T-FIXTURE1', '회령에서의 구금', '요약', '첫 문단\n\n둘째 문단',"
    " '2019-03', 'month', '서울', 'Interviewer A', 'ko', 1, 'likely_reliable', 'reviewed')",
    "INSERT INTO consent (id, uid, created_at, created_by, updated_at, updated_by,"
    " testimony_id, internal, un, public, date_given, recorded_by, date_withdrawn) VALUES"
    " (1, 'c-1', '{t}', 'fixture', '{t}', 'fixture', 1, 1, 1, 0, '2019-03-14',"
    " 'Interviewer A', NULL)",
    "INSERT INTO violation (id, uid, created_at, created_by, updated_at, updated_by,"
    " testimony_id, victim_person_id, category, date_start, date_end, date_precision,"
    " province, place, place_type, perpetrator, reported_impact, un_mechanism,"
    " un_submission_date, un_reference, un_response_status, verification_status) VALUES"
    " (1, 'v-1', '{t}', 'fixture', '{t}', 'fixture', 1, 1, 'arbitrary_detention', '1997',"
    " '1998', 'range', 'north_hamgyong', '회령 인근', 'jipkyulso', 'mss', 'Arbitrary detentions',"
    " 'wgad', '2020-05', 'DEMO/REF/1', 'submitted', 'likely')",
    "INSERT INTO region_protection (id, uid, created_at, created_by, updated_at, updated_by,"
    " region, country, reported_cases, reported_cases_is_minimum, protection_status, as_of,"
    " source, notes) VALUES (1, 'r-1', '{t}', 'fixture', '{t}', 'fixture', 'East Asia',"
    " 'China', 3200, 1, 'partial_legal_recognition', '2023', 'NGO field reports', '')",
    "INSERT INTO region_protection_history (id, uid, created_at, created_by, updated_at,"
    " updated_by, region_protection_id, protection_status, reported_cases,"
    " reported_cases_is_minimum, as_of, source, note) VALUES (1, 'h-1', '{t}', 'fixture',"
    " '{t}', 'fixture', 1, 'no_protection', 2000, 1, '2015', 'NGO field reports', '')",
    "INSERT INTO state_response (id, uid, created_at, created_by, updated_at, updated_by,"
    " aspect, position, statement_date, source) VALUES (1, 's-1', '{t}', 'fixture', '{t}',"
    " 'fixture', 'Defector Testimonies', 'Deceptive political provocations', '2014-10',"
    " 'KCNA statement')",
    "INSERT INTO state_response_link (id, uid, created_at, created_by, updated_at,"
    " updated_by, state_response_id, testimony_id, violation_id) VALUES (1, 'l-1', '{t}',"
    " 'fixture', '{t}', 'fixture', 1, 1, NULL)",
    "INSERT INTO advocacy_demand (id, uid, created_at, created_by, updated_at, updated_by,"
    " title, description, target) VALUES (1, 'd-1', '{t}', 'fixture', '{t}', 'fixture',"
    " 'Legal protection in transit', '', 'Transit states')",
    "INSERT INTO attachment (id, uid, created_at, created_by, updated_at, updated_by,"
    " testimony_id, violation_id, file_name, media_type, size, sha256) VALUES (1, 'a-1',"
    " '{t}', 'fixture', '{t}', 'fixture', 1, NULL, 'scan.txt', 'text/plain', 5,"
    " '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824')",
    "INSERT INTO attachment_content (attachment_id, data) VALUES (1, X'68656c6c6f')",
]


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    store = create_store(StoreLocation(path=HERE / "cases.db"), PASSPHRASE, revision="0001")
    with store.engine.begin() as conn:
        for statement in ROWS:
            conn.exec_driver_sql(statement.replace("{t}", AUDIT))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for leftover in ("cases.db-wal", "cases.db-shm"):
        (HERE / leftover).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
