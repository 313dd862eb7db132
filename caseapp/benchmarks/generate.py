"""A deterministic generator of archive-scale test data, written through the bulk path.

``python -m caseapp.benchmarks.generate --n 100000 --db PATH`` creates an encrypted database
(passphrase from ``$CASEAPP_PASSPHRASE``) holding N testimonies of about 2 KB of mixed Korean
and English text, 3N violations over the stored vocabularies, persons, consents of every kind
and regions with their history. Every row goes through ``BulkWriter.insert`` (validation and
audit events included), one transaction per batch, so memory stays flat at any N.

All content is invented: fragments of place names, institutions and acts that testimonies of
this kind mention, composed at random from a fixed seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseapp.app import CaseApp, KdfParams, open_case_app
from caseapp.services.bulk import BulkWriter
from caseapp.services.record_kinds import KINDS
from caseapp.store import StoreLocation
from caseapp.store.engines import features
from caseapp.store.hardening import end_with_parent

if TYPE_CHECKING:
    from sqlmodel import Session

SEED = 20_140_217  # the day the UN Commission of Inquiry report was published
BATCH = 5_000
# Each batch writes under a page cache this large, as an import does under its own: the
# records' indexes, the search index and the audit trail take random pages, and under the
# connection's 32 MiB a batch read back what it had just written. The generator, a tool,
# takes more than an import (the cache fills only as it is used, and is given back at the
# end of the run).
GENERATE_CACHE_KIB = 1024 * 1024
ACTOR = "generator"

# (Korean, English, weight): border towns and the cities escapees most often come from are
# named far more often than the rest, as in real archives.
PLACES = [
    ("회령", "Hoeryong", 8),
    ("무산", "Musan", 7),
    ("혜산", "Hyesan", 8),
    ("온성", "Onsong", 5),
    ("청진", "Chongjin", 7),
    ("함흥", "Hamhung", 4),
    ("신의주", "Sinuiju", 3),
    ("평양", "Pyongyang", 3),
    ("개천", "Kaechon", 2),
    ("요덕", "Yodok", 2),
    ("김책", "Kimchaek", 2),
    ("길주", "Kilju", 1),
    ("단천", "Tanchon", 2),
    ("북청", "Pukchong", 1),
    ("원산", "Wonsan", 1),
    ("사리원", "Sariwon", 1),
    ("강계", "Kanggye", 1),
    ("만포", "Manpo", 1),
    ("전거리", "Chongori", 2),
    ("증산", "Jungsan", 1),
    ("경성", "Kyongsong", 1),
    ("새별", "Saebyol", 1),
    ("연길", "Yanji", 3),
    ("도문", "Tumen", 2),
    ("장백", "Changbai", 2),
    ("단둥", "Dandong", 2),
]
SUFFIX_KO = ["에서", "시", "의", "으로", "", "시에서", "군", "근처에서"]
ACTORS = [  # (Korean, English)
    ("보위부", "Ministry of State Security"),
    ("보안서", "Ministry of Social Security"),
    ("보위원", "State Security agents"),
    ("안전원", "police officers"),
    ("경비대", "border guards"),
    ("검열단", "inspection team"),
    ("당 간부", "party officials"),
]
ACTS = [  # (Korean, English)
    ("고문", "torture"),
    ("구타", "beatings"),
    ("강제노동", "forced labour"),
    ("구금", "detention"),
    ("심문", "interrogation"),
    ("강제송환", "forced repatriation"),
    ("공개처형", "a public execution"),
    ("굶주림", "starvation"),
    ("성폭력", "sexual violence"),
    ("연좌제 처벌", "guilt-by-association punishment"),
]
VERBS_KO = [
    " 피해를 당했습니다",
    " 끝에 풀려났습니다",
    " 장면을 목격했습니다",
    " 이야기를 들었습니다",
    " 피해가 계속되었다고 기억합니다",
]
TIME_KO = ["그해 겨울", "1990년대 말", "고난의 행군 시기", "봄이 되자", "며칠 뒤", "석 달 동안"]
CLAUSES_KO = [
    "{place}{suffix} {actor}에 끌려가 {act}{verb}.",
    "{time} {place}{suffix} 탈북하다가 붙잡혀 {actor}의 {act}{verb}.",
    "{actor}에서 매일 자술서를 쓰게 했고 {act}{verb}.",
    "가족은 제가 어디 있는지 알지 못했고, {place}{suffix} {act}{verb}.",
    "{time} 중국에서 체포되어 {place}{suffix} {actor}로 넘겨졌습니다.",
    "집결소에서는 하루 종일 일을 했고 배급은 옥수수 한 줌이었습니다.",
    "탈북 후 {time}에야 가족 소식을 들을 수 있었습니다.",
    "{actor}에서 조사를 받는 동안 잠을 재우지 않았습니다.",
    "어머니와 동생은 {place} 장마당에서 장사를 하며 겨우 살았습니다.",
    "감방에는 스무 명이 넘게 있었고 밤에도 앉아 있어야 했습니다.",
]
CLAUSES_EN = [
    "In {place} I was detained by the {actor_en} and held for {weeks} weeks.",
    "During the interrogation they made me write confessions every night.",
    "After I was repatriated from China I was sent to a holding centre near {place}.",
    "{time_en}, {actor_en} took my brother from our house in {place}.",
    "We crossed the Tumen river near {place} and were arrested two days later.",
    "Prisoners who could not meet the work quota lost their food ration.",
    "I remember {act_en} by the {actor_en} in {place}.",
    "The {actor_en} asked again and again who had helped us to escape.",
    "My mother sold noodles at the market in {place} to feed us.",
    "More than twenty people were kept in one cell and had to sit still all night.",
]
TIME_EN = ["In the winter of 1998", "Later that spring", "A few months later", "That autumn"]
TITLES_KO = [
    "{place}{suffix} {actor} 구금과 {act}",
    "{place}에서의 {act}와 강제송환",
    "{act} 증언: {place} 집결소",
]
TITLES_EN = [
    "Detention and {act_en} in {place}",
    "Repatriation via {place} and {act_en}",
    "Arrest near {place} and {act_en} by the {actor_en}",
]
IMPACTS = [
    "부상과 후유증",
    "가족과의 이별",
    "장기 구금",
    "영양실조",
    "정신적 외상",
    "permanent injury",
    "loss of family contact",
    "malnutrition",
    "psychological trauma",
    "death in custody",
    "forced repatriation",
    "",
]
CONSENTS = [  # (internal, un, public, withdrawn); None = no consent recorded
    (True, True, True, False),
    (True, True, False, False),
    (True, False, False, False),
    (False, False, False, False),
    (True, True, True, True),
    None,
]
TARGET_BYTES = 2_000  # title + summary + narrative, UTF-8


@dataclass(frozen=True)
class Vocab:
    categories: list[str]
    provinces: list[str]
    place_types: list[str]
    perpetrators: list[str]
    mechanisms: list[str]
    responses: list[str]
    verification: list[str]
    reliability: list[str]
    protection: list[str]

    @classmethod
    def of(cls, case_app: CaseApp) -> Vocab:
        def codes(scheme: str) -> list[str]:
            return [t.code for t in case_app.vocabulary.terms(scheme)]

        return cls(
            codes("violation_category"),
            codes("province"),
            codes("place_type"),
            codes("perpetrator"),
            codes("un_mechanism"),
            codes("un_response_status"),
            codes("verification_status"),
            codes("reliability"),
            codes("protection_status"),
        )


@dataclass(frozen=True)
class Story:
    """What one testimony is about: its language and the few places, actors and acts its
    sentences return to (a person names their town, the crossing and where they were held,
    not every place in the country)."""

    korean: bool
    places: tuple[tuple[str, str, int], ...]
    actors: tuple[tuple[str, str], ...]
    acts: tuple[tuple[str, str], ...]


class TextMaker:
    """Sentences of one story, mostly in the testimony's language (one in ten in the other:
    quoted names, an interpreter's note); across the archive about 60 % Korean."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._weights = [weight for _, _, weight in PLACES]

    def story(self) -> Story:
        r = self.rng
        places: list[tuple[str, str, int]] = []
        while len(places) < 3:
            place = r.choices(PLACES, self._weights)[0]
            if place not in places:
                places.append(place)
        return Story(
            r.random() < 0.6, tuple(places), tuple(r.sample(ACTORS, 2)), tuple(r.sample(ACTS, 3))
        )

    def _fill(self, template: str, story: Story, korean: bool) -> str:
        r = self.rng
        place = r.choice(story.places)
        actor = r.choice(story.actors)
        act = r.choice(story.acts)
        return template.format(
            place=place[0] if korean else place[1],
            suffix=r.choice(SUFFIX_KO),
            actor=actor[0],
            actor_en=actor[1],
            act=act[0],
            act_en=act[1],
            verb=r.choice(VERBS_KO),
            time=r.choice(TIME_KO),
            time_en=r.choice(TIME_EN),
            weeks=r.randint(2, 30),
        )

    def sentence(self, story: Story) -> str:
        korean = story.korean != (self.rng.random() < 0.1)
        return self._fill(self.rng.choice(CLAUSES_KO if korean else CLAUSES_EN), story, korean)

    def text(self, target_bytes: int, story: Story | None = None) -> str:
        story = story or self.story()
        parts: list[str] = []
        size = 0
        while size < target_bytes:
            sentence = self.sentence(story)
            parts.append(sentence)
            size += len(sentence.encode("utf-8")) + 1
            if self.rng.random() < 0.12:
                parts.append("\n\n")
        return " ".join(parts).replace(" \n\n ", "\n\n")

    def title(self, story: Story) -> str:
        if story.korean:
            return self._fill(self.rng.choice(TITLES_KO), story, True)
        return self._fill(self.rng.choice(TITLES_EN), story, False)


def partial_date(
    rng: random.Random, first_year: int, last_year: int, ranges: bool = True
) -> tuple[str, str, str]:
    """(start, end, precision) in every precision the model knows (a range only where the
    record has an end date); "" means no value."""
    year = rng.randint(first_year, last_year)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.35:
        return f"{year}-{month:02d}-{day:02d}", "", "exact"
    if kind < 0.55:
        return f"{year}-{month:02d}", "", "month"
    if kind < 0.75:
        return f"{year}", "", "year"
    if kind < 0.85 and ranges:
        return f"{year}", f"{min(year + rng.randint(0, 3), last_year)}", "range"
    if kind < 0.95:
        return f"{year}", "", "estimate"
    return "", "", "unknown"


@dataclass
class Batch:
    """The rows of ``size`` testimonies from ``start`` on, with their persons, consents and
    violations and every uid, made from the seed and ``start`` alone (so a batch is the same
    whichever process makes it, and in whatever order batches are made); references between
    them are by index until the writer knows the uids. ``terms``: each testimony text's
    index terms, when the maker analysed them."""

    start: int
    persons: list[dict[str, Any]]
    testimonies: list[dict[str, Any]]
    consents: list[tuple[int, dict[str, Any]]]  # (testimony's index, row)
    violations: list[tuple[int, bool, dict[str, Any]]]  # (testimony's index, victim?, row)
    uids: dict[str, list[str]]
    terms: dict[str, str]


def make_batch(seed: int, start: int, size: int, vocab: Vocab, analyse: bool = False) -> Batch:
    r = random.Random(f"{seed}/{start}")
    w = TextMaker(r)

    def uids(count: int) -> list[str]:
        return [str(uuid.UUID(int=r.getrandbits(128), version=4)) for _ in range(count)]

    persons = [
        {
            "code": f"P-G{start + i:07d}",
            "pseudonym": r.choice(["김", "이", "박", "최", "Kim", "Lee", "Park"])
            + f" {chr(65 + i % 26)}.",
            "sex": r.choice(["female", "female", "male", "unknown"]),
            "birth_year": str(r.randint(1940, 2005)),
            "birth_year_precision": r.choice(["exact", "estimate"]),
            "origin_province": r.choice(vocab.provinces),
            "roles": ["source", "victim"] if r.random() < 0.7 else ["source", "witness"],
        }
        for i in range(size)
    ]
    testimonies, stories = [], []
    for i in range(size):
        start_date, _, precision = partial_date(r, 2000, 2024, ranges=False)
        story = w.story()
        stories.append(story)
        korean = story.korean
        title = w.title(story)
        summary = w.text(250, story)
        narrative = w.text(TARGET_BYTES - 250 - len(title.encode("utf-8")), story)
        testimonies.append(
            {
                "code": f"G-{start + i + 1:07d}",
                "title": title,
                "summary": summary,
                "narrative": narrative,
                "interview_date": start_date or None,
                "interview_date_precision": precision,
                "interview_place": r.choice(["서울", "Seoul", "부산", "London", "Bangkok"]),
                "interviewer": f"Interviewer {chr(65 + r.randint(0, 9))}",
                "language": "ko" if korean else "en",
                "reliability": r.choice(vocab.reliability),
                "status": r.choice(["draft", "reviewed", "verified"]),
            }
        )
    consents = []
    for index in range(size):
        kind = CONSENTS[(start + index) % len(CONSENTS)]
        if kind is None:
            continue
        internal, un, public, withdrawn = kind
        consents.append(
            (
                index,
                {
                    "internal": internal,
                    "un": un,
                    "public": public,
                    "date_given": "2018-05-02",
                    "recorded_by": "Interviewer A",
                    "date_withdrawn": "2021-01-15" if withdrawn else None,
                },
            )
        )
    violations = list(_violations(r, vocab, stories))
    terms: dict[str, str] = {}
    if analyse:
        from caseapp.store.analysis_ahead import ANALYSED_TEXTS
        from caseapp.store.text_analysis import shared_analyzer

        analyzer = shared_analyzer()
        texts = [str(row[name]) for row in testimonies for name in ANALYSED_TEXTS["testimony"]]
        texts += [
            str(row[name]) for _, _, row in violations for name in ANALYSED_TEXTS["violation"]
        ]
        for text in texts:
            if text not in terms:
                terms[text] = analyzer.index_text(text)
    return Batch(
        start,
        persons,
        testimonies,
        consents,
        violations,
        {
            "person": uids(size),
            "testimony": uids(size),
            "consent": uids(len(consents)),
            "violation": uids(len(violations)),
        },
        terms,
    )


def _violations(
    r: random.Random, v: Vocab, stories: list[Story]
) -> Iterator[tuple[int, bool, dict[str, Any]]]:
    previous = 3
    for index, story in enumerate(stories):
        # 1 to 5 per testimony, in pairs that add up to 6: exactly 3 per testimony overall.
        many = r.randint(1, 5) if index % 2 == 0 else 6 - previous
        previous = many
        for _ in range(many):
            date_start, date_end, precision = partial_date(r, 1995, 2023)
            # Where it happened: one of the places the testimony tells of.
            korean, english, _ = r.choice(story.places)
            place = korean + r.choice(SUFFIX_KO[:3]) if story.korean else english
            yield (
                index,
                r.random() < 0.8,
                {
                    "category": r.choice(v.categories),
                    "date_start": date_start or None,
                    "date_end": date_end or None,
                    "date_precision": precision,
                    "province": r.choice(v.provinces),
                    "place": place,
                    "place_type": r.choice(v.place_types),
                    "perpetrator": r.choice(v.perpetrators),
                    "reported_impact": r.choice(IMPACTS),
                    "un_mechanism": r.choice(v.mechanisms) if r.random() < 0.5 else None,
                    "un_submission_date": None,
                    "un_reference": "",
                    "un_response_status": r.choice(v.responses) if r.random() < 0.8 else None,
                    "verification_status": r.choice(v.verification),
                },
            )


class Generator:
    def __init__(
        self, case_app: CaseApp, seed: int = SEED, cache_kib: int = GENERATE_CACHE_KIB
    ) -> None:
        self.app = case_app
        self.seed = seed
        self.cache_kib = cache_kib
        self._cache_before: int | None = None
        self.rng = random.Random(seed)
        self.words = TextMaker(self.rng)
        self.vocab = Vocab.of(case_app)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def run(
        self,
        n: int,
        batch: int = BATCH,
        progress: Callable[[int], None] | None = None,
        workers: int = 0,
    ) -> dict[str, int]:
        """Write ``n`` testimonies. With ``workers``, that many other processes make the
        batches' rows and analyse their texts while this one writes (the writer is one
        process: SQLite has one writer); the archive is the same either way."""
        counts: dict[str, int] = {}
        self._regions(counts)
        try:
            self._batches(n, batch, progress, workers, counts)
        finally:
            self._give_back_cache()
        return counts

    def _batches(
        self,
        n: int,
        batch: int,
        progress: Callable[[int], None] | None,
        workers: int,
        counts: dict[str, int],
    ) -> None:
        batches = [(start, min(batch, n - start)) for start in range(0, n, batch)]
        if workers <= 0:
            for start, size in batches:
                self._write(make_batch(self.seed, start, size, self.vocab), counts, progress)
            return
        from concurrent.futures import Future, ProcessPoolExecutor
        from multiprocessing import get_context

        # Spawned, not forked: this process holds open database connections and threads.
        # Each ends with this process: killed, it had left them waiting for work for good.
        with ProcessPoolExecutor(
            workers,
            mp_context=get_context("spawn"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            pending: deque[Future[Batch]] = deque()
            for start, size in batches:
                pending.append(pool.submit(make_batch, self.seed, start, size, self.vocab, True))
                # A few batches ahead, no more: memory stays flat at any n.
                if len(pending) > workers + 1:
                    self._write(pending.popleft().result(), counts, progress)
            while pending:
                self._write(pending.popleft().result(), counts, progress)

    def _hold_cache(self, session: Session) -> None:
        # The large cache stays set from one batch to the next, not given back after each
        # as an import gives it back: SQLite empties a cache it shrinks, so each batch began
        # by reading and decrypting again the index pages the one before had just written.
        # (One thread, and a pool that hands back the connection last returned: the batches
        # share one connection; set again on each, as it costs nothing.)
        conn = session.connection()
        before = features(conn).page_cache(conn, -self.cache_kib)
        if self._cache_before is None:
            self._cache_before = before

    def _give_back_cache(self) -> None:
        if self._cache_before is None:
            return
        with self.app.store.session() as session:
            conn = session.connection()
            features(conn).page_cache(conn, self._cache_before)

    def _write(
        self, made: Batch, counts: dict[str, int], progress: Callable[[int], None] | None
    ) -> None:
        from caseapp.store.text_analysis import shared_analyzer

        analyzer = shared_analyzer()
        analyzer.remember_texts(made.terms)
        try:
            self._batch(made, counts)
        finally:
            analyzer.forget_texts()
        if progress is not None:
            progress(made.start + len(made.testimonies))

    def _insert(
        self,
        writer: BulkWriter,
        kind: str,
        rows: list[dict[str, Any]],
        counts: dict[str, int],
        uids: list[str] | None = None,
    ) -> list[str]:
        given = uids if uids is not None else [self.uid() for _ in rows]
        inserted = writer.insert(KINDS[kind], rows, uids=given)
        counts[kind] = counts.get(kind, 0) + len(inserted)
        return inserted

    def _regions(self, counts: dict[str, int]) -> None:
        r, v = self.rng, self.vocab
        regions = [
            ("East Asia", "China", "china"),
            ("South-East Asia", "Thailand / Laos / Vietnam", "laos,thailand,vietnam"),
            ("Russian Far East", "Russia", "russia"),
            ("Mongolia", "Mongolia", "mongolia"),
            ("North Hamgyong border", "DPRK", "north_hamgyong"),
            ("Ryanggang border", "DPRK", "ryanggang"),
        ]
        rows, histories = [], []
        for name, country, provinces in regions:
            known = [p for p in provinces.split(",") if p in v.provinces]
            rows.append(
                {
                    "region": name,
                    "country": country,
                    "reported_cases": r.randint(100, 5000),
                    "reported_cases_is_minimum": r.random() < 0.5,
                    "protection_status": r.choice(v.protection),
                    "as_of": f"{r.randint(2021, 2024)}-{r.randint(1, 12):02d}",
                    "source": "Generated benchmark data",
                    "notes": self.words.text(300),
                    "provinces": ",".join(known),
                }
            )
            histories.append(
                [
                    {
                        "protection_status": r.choice(v.protection),
                        "reported_cases": r.randint(50, 4000),
                        "reported_cases_is_minimum": r.random() < 0.5,
                        "as_of": f"{year}-{r.randint(1, 12):02d}",
                        "source": "Generated benchmark data",
                        "note": self.words.sentence(self.words.story()),
                    }
                    for year in (2012, 2016, 2020)
                ]
            )
        with self.app.store.session() as session:
            writer = BulkWriter(session, self.app.validator, self.app.audit)
            uids = self._insert(writer, "region", rows, counts)
            entries = [
                {**entry, "region_uid": uid}
                for uid, history in zip(uids, histories, strict=True)
                for entry in history
            ]
            self._insert(writer, "region_history", entries, counts)

    def _batch(self, made: Batch, counts: dict[str, int]) -> None:
        with self.app.store.session() as session:
            self._hold_cache(session)
            writer = BulkWriter(session, self.app.validator, self.app.audit)
            persons = self._insert(writer, "person", made.persons, counts, made.uids["person"])
            for row, person in zip(made.testimonies, persons, strict=True):
                row["source_uid"] = person
            testimonies = self._insert(
                writer, "testimony", made.testimonies, counts, made.uids["testimony"]
            )
            consents = [
                {**row, "testimony_uid": testimonies[index]} for index, row in made.consents
            ]
            self._insert(writer, "consent", consents, counts, made.uids["consent"])
            violations = [
                {
                    **row,
                    "testimony_uid": testimonies[index],
                    "victim_uid": persons[index] if victim else None,
                }
                for index, victim, row in made.violations
            ]
            self._insert(writer, "violation", violations, counts, made.uids["violation"])


def generate(
    path: Path | str,
    n: int,
    passphrase: str,
    seed: int = SEED,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    kdf: KdfParams | None = None,
    workers: int = 0,
    cache_kib: int = GENERATE_CACHE_KIB,
) -> dict[str, int]:
    """Create ``path`` (a file, or a ``postgresql+psycopg://`` URL of an empty database) and
    fill it; return how many records of each kind were added. ``workers``: processes that
    make the rows while this one writes them; ``cache_kib``: the writer's page cache."""
    location = StoreLocation.parse(str(path))
    secret = passphrase if location.path is not None else None
    case_app = open_case_app(location, secret, ACTOR, create=True, kdf=kdf)
    try:
        return Generator(case_app, seed, cache_kib).run(n, batch, progress, workers)
    finally:
        case_app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caseapp.benchmarks.generate")
    parser.add_argument("--n", type=int, default=100_000, help="number of testimonies")
    parser.add_argument(
        "--db", required=True, help="the new database file, or an empty server database's URL"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, (os.cpu_count() or 1) - 1),
        help="processes that make rows and analyse texts while one writes (0: the writer "
        "alone); the archive is the same for any number",
    )
    parser.add_argument(
        "--cache-mib",
        type=int,
        default=GENERATE_CACHE_KIB // 1024,
        help="the writer's page cache, kept from one batch to the next (a million "
        "testimonies, 18 GB, were generated with 8192)",
    )
    args = parser.parse_args(argv)
    passphrase = os.environ.get("CASEAPP_PASSPHRASE")
    if not passphrase and "://" not in args.db:
        print("set CASEAPP_PASSPHRASE to the new database's passphrase", file=sys.stderr)
        return 2
    started = time.perf_counter()

    def progress(done: int) -> None:
        print(f"{done:,} testimonies ({time.perf_counter() - started:.1f} s)", flush=True)

    target = args.db if "://" in args.db else Path(args.db).absolute()
    counts = generate(
        target,
        args.n,
        passphrase or "",
        args.seed,
        args.batch,
        progress,
        workers=args.workers,
        cache_kib=args.cache_mib * 1024,
    )
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{kind} {count:,}" for kind, count in counts.items())
    print(f"generated in {elapsed:.1f} s: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
