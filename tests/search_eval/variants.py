"""British and American spellings that the oracle treats as one word.

The evaluation's own list, independent of whatever list caseapp keeps: a document that
writes "labour" is relevant to a search for "labor" and the other way round. Inflected
forms are covered through their Snowball stems (see oracle.english_key), so "licences"
and "licensed" follow from the pair ("licence", "license").
"""

from __future__ import annotations

# (British, American). The first seven are the issue's; the rest are spellings that occur
# in the corpus's UN texts (colour, favourable, judgement, fulfil, ...) or licences.
PAIRS: tuple[tuple[str, str], ...] = (
    ("labour", "labor"),
    ("licence", "license"),
    ("programme", "program"),
    ("offence", "offense"),
    ("defence", "defense"),
    ("organisation", "organization"),
    ("honour", "honor"),
    ("colour", "color"),
    ("favourable", "favorable"),
    ("behaviour", "behavior"),
    ("centre", "center"),
    ("judgement", "judgment"),
    ("recognised", "recognized"),
    ("realise", "realize"),
    ("practise", "practice"),
)

# Inflected forms queried as well, each in both spellings: what a caseworker would type.
INFLECTED: tuple[tuple[str, str], ...] = (
    ("licences", "licenses"),
    ("offences", "offenses"),
    ("programmes", "programs"),
    ("organisations", "organizations"),
    ("honoured", "honored"),
    ("labours", "labors"),
    ("defences", "defenses"),
)
