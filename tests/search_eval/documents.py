"""The evaluation corpus as testimony-sized documents, split at test time from whole texts.

Korean laws are split by article (제N조), Korean bills (PDF-extracted, with no article
structure of their own) and English licences by groups of paragraphs, the UN texts by
article. Titles are a source id plus the part's label; the ids are written so that no
query word can match them (see SOURCES.md for what each id is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

# Testimony-sized: a paragraph group is closed once it reaches TARGET characters. Korean
# carries about three times the content per character, hence its smaller target.
TARGET = {"en": 600, "ko": 300}

_ARTICLE_KO = re.compile(r"^\s*(제\d+조(?:의\d+)?)\s")
_HEADING_KO = re.compile(r"^\s*(제\d+(?:장|절|관)\s|부\s*칙\s*$)")
_ARTICLE_UN = re.compile(r"^Article (\d+)\.?$")
_PART_UN = re.compile(r"^(PART [IVX]+|Preamble)$")


@dataclass(frozen=True)
class Document:
    code: str  # the testimony code: unique, and how a search hit is mapped back
    title: str
    text: str  # the narrative
    language: str  # "ko" or "en"

    @property
    def indexed(self) -> str:
        """What the archive's search index holds for this testimony (title and narrative);
        the oracle reads exactly this."""
        return f"{self.title}\n{self.text}"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n")


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, each with its hard line wraps kept."""
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]


def _pack(blocks: list[str], target: int) -> list[str]:
    """Consecutive blocks joined into groups of at least ``target`` characters (the last
    group may be shorter, and is joined to the one before when it is very short)."""
    groups: list[list[str]] = [[]]
    for block in blocks:
        groups[-1].append(block)
        if sum(len(b) for b in groups[-1]) >= target:
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) > 1 and sum(len(b) for b in groups[-1]) < target // 3:
        groups[-2] += groups.pop()
    return ["\n\n".join(g) for g in groups]


def _korean_articles(text: str) -> list[tuple[str, str]]:
    """(label, text) per article; the text before the first article (title, preamble) is
    one part, and a second run of numbering (the addenda, 부칙) is labelled as such."""
    parts: list[tuple[str, list[str]]] = [("전문", [])]
    seen: set[str] = set()
    addenda = False
    for line in text.split("\n"):
        if _HEADING_KO.match(line):  # chapter headings belong to no single article
            continue
        match = _ARTICLE_KO.match(line)
        if match:
            label = match.group(1)
            if label in seen:
                addenda = True
            seen.add(label)
            parts.append((f"부칙 {label}" if addenda else label, []))
        parts[-1][1].append(line.strip())
    return [(label, "\n".join(lines).strip()) for label, lines in parts if "".join(lines)]


def _un_articles(text: str) -> list[tuple[str, str]]:
    """(label, text) per article; the preamble and part headings go with what follows."""
    parts: list[tuple[str, list[str]]] = [("0", [])]
    for line in text.split("\n"):
        match = _ARTICLE_UN.match(line.strip())
        if match:
            parts.append((match.group(1), []))
        elif not _PART_UN.match(line.strip()):
            parts[-1][1].append(line)
    return [(label, "\n".join(lines).strip()) for label, lines in parts if "".join(lines)]


def _source(code: str, title: str, language: str, parts: list[tuple[str, str]]) -> list[Document]:
    return [
        Document(f"{code}-{index:03d}", f"{title} {label}", body, language)
        for index, (label, body) in enumerate(parts, start=1)
    ]


def _grouped(text: str, language: str) -> list[tuple[str, str]]:
    groups = _pack(_paragraphs(text), TARGET[language])
    return [(f"¶{index}", group) for index, group in enumerate(groups, start=1)]


def load_documents(root: Path = CORPUS) -> list[Document]:
    """Every document of the corpus, in a fixed order."""
    docs = _source("KC", "KCONST", "ko", _korean_articles(_read(root / "ko" / "constitution.txt")))
    for path in sorted((root / "ko" / "kobill").glob("*.txt")):
        bill = path.stem
        docs += _source(f"KB{bill}", f"KOBILL{bill}", "ko", _grouped(_read(path), "ko"))
    for name, code in (("udhr", "UDHR"), ("iccpr", "ICCPR")):
        parts = [
            (f"§{label}", body) for label, body in _un_articles(_read(root / "en" / f"{name}.txt"))
        ]
        docs += _source(code, code, "en", parts)
    for path in sorted((root / "en" / "licenses").glob("*.txt")):
        code = "L" + re.sub(r"[^A-Za-z0-9]", "", path.stem).upper()
        docs += _source(code, code, "en", _grouped(_read(path), "en"))
    return docs


def corpus_files(root: Path = CORPUS) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.is_file())
