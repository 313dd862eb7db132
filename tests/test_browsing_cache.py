"""A connection that read a list's page keeps a larger page cache: a page in the middle of a
million testimonies sorted by title is found by walking half of the title index (about
45 MB), which did not stay in the usual 32 MiB, so every such page decrypted it all again
(95 ms; 29 ms in the larger cache). Only connections that read list pages grow, once: the
others keep the usual cache, so a streaming export's or bundle's memory stays flat."""

from __future__ import annotations

from caseapp.store.engine import CACHE_KIB
from caseapp.store.engines.sqlite import BROWSING_CACHE_KIB


def _cache(conn) -> int:
    return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_list_page_grows_the_cache_of_the_connection_that_read_it(demo_app) -> None:
    listing = demo_app.listings.testimonies()
    listing.set_sort("title")
    engine = demo_app.store.engine
    assert BROWSING_CACHE_KIB > CACHE_KIB
    with engine.connect() as held:  # lent to someone else while the list reads
        total = listing.count()
        middle = listing.fetch(total // 2, 3, total)
        first = listing.fetch(0, 3, total)
        assert len(middle) == len(first) == 3
        with engine.connect() as lent:  # the connection last given back: the list's
            assert _cache(lent) == -BROWSING_CACHE_KIB
        assert _cache(held) == -CACHE_KIB
    # Given back to the pool, the list's connection keeps its cache (shrinking would empty
    # it) and the list reads the same rows again.
    assert listing.fetch(total // 2, 3, total) == middle
