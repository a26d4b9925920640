"""Tolerant name matching: the other ways a clerk may type a name the store holds.

All of it works on folded words (``arabic.search_tokens``), and only ever widens a search whose
exact matches did not fill the page; the service ranks these matches below the exact ones, so
a tolerant match is never shown before a person whose name matched as typed. Every other
spelling is first looked up among the words citizens' names hold (``known``), so the FTS
query only carries words someone is called, and is not made at all when there are none.

- compound names written joined or apart: ``نورالهدى`` / ``نور الهدى``, ``ابوبكر`` / ``ابو بكر``
  (``عبد ال...`` is already joined by the folding itself);
- the article ``ال`` of a family name typed or left out: ``خطيب`` / ``الخطيب``;
- one-letter typos (a letter missing, extra, wrong, or two swapped) in names of four letters
  or more, typed in a word no citizen's name holds: shorter names have too many neighbours to
  be told apart by one letter, and a real name (محمد) is taken as meant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

AL = "ال"
# Folded Arabic letters (hamza forms, ta marbuta and alef maqsura are already folded away).
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# First words that are written joined to the next one: أبو بكر, أم كلثوم. Heads joined to an
# "ال..." word (نور الدين, سيف الإسلام, عز الدين) are found by the article itself.
JOINED_HEADS = ("ابو", "ام")
MIN_TYPO_LENGTH = 4
MAX_SEGMENTATIONS = 16
MAX_TYPO_WORDS = 4  # words of a long query checked for typos (each costs ~250 variants)


Known = Callable[[str], bool]


def _splits(word: str) -> list[tuple[str, str]]:
    """The ways a joined compound word can be read as two: head + "ال..." or أبو/أم + name."""
    out = []
    for i in range(2, len(word) - 3):  # the "ال..." part keeps at least two letters
        if word.startswith(AL, i):
            out.append((word[:i], word[i:]))
    for head in JOINED_HEADS:
        if word.startswith(head) and len(word) - len(head) >= 2:
            out.append((head, word[len(head) :]))
    return out


def _joinable(first: str, second: str) -> bool:
    return first in JOINED_HEADS or (second.startswith(AL) and len(second) >= 4)


def segmentations(words: list[str], known: Known) -> list[list[str]]:
    """The query read word for word, then with compound words split or joined where the
    other form is a word someone is called (at most MAX_SEGMENTATIONS readings, the literal
    one first)."""
    if not words:
        return [[]]
    first, rest = words[0], words[1:]
    options: list[tuple[list[str], list[str]]] = [([first], rest)]
    options += [([h, t], rest) for h, t in _splits(first) if known(h) and known(t)]
    if rest and _joinable(first, rest[0]) and known(first + rest[0]):
        options.append(([first + rest[0]], rest[1:]))
    out: list[list[str]] = []
    for head, remaining in options:
        for tail in segmentations(remaining, known):
            out.append(head + tail)
            if len(out) >= MAX_SEGMENTATIONS:
                return out
    return out


def article_variants(word: str) -> list[str]:
    """The word with its article dropped or added (family names are typed both ways)."""
    if word.startswith(AL) and len(word) >= 5:
        return [word[2:]]
    if not word.startswith(AL) and len(word) >= 3:
        return [AL + word]
    return []


@lru_cache(maxsize=256)
def one_letter_variants(word: str) -> frozenset[str]:
    """Every word of MIN_TYPO_LENGTH letters or more one edit away (a letter dropped, swapped
    with the next, changed or added). A typed word one letter shorter counts: سهيل typed سيل.
    Kept for the last words asked: a search asks for a word's variants twice (which of them
    exist, then the query), and the clerk's next key asks again for the words before it."""
    if len(word) < MIN_TYPO_LENGTH - 1:
        return frozenset()
    letters = LATIN_LETTERS if word.isascii() else ARABIC_LETTERS
    pairs = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in pairs if b}
    out.update([a + b[1] + b[0] + b[2:] for a, b in pairs if len(b) > 1])
    out.update([a + c + b[1:] for a, b in pairs if b for c in letters])
    out.update([a + c + b for a, b in pairs for c in letters])
    out.discard(word)
    if len(word) - 1 < MIN_TYPO_LENGTH:  # only then is a variant (a letter dropped or
        # changed, in a word of three) shorter than that
        return frozenset(v for v in out if len(v) >= MIN_TYPO_LENGTH)
    return frozenset(out)


def candidate_terms(words: list[str]) -> set[str]:
    """Every word a reading of the query with other spellings could use (``tolerant_query``
    without typos): one lookup decides which exist. The one-letter variants are asked apart
    (``typo_terms``), for the words that lookup did not find."""
    out = set(words)
    for i, word in enumerate(words):
        out.update(article_variants(word))
        for head, tail in _splits(word):
            out.update((head, tail, *article_variants(head), *article_variants(tail)))
        if i + 1 < len(words):
            joined = word + words[i + 1]
            out.update((joined, *article_variants(joined)))
    return out


def typo_terms(words: list[str], known: Known) -> set[str]:
    """The one-letter variants a typo reading could use: those of the first MAX_TYPO_WORDS
    words that no name holds (a word some name holds is taken as meant), but for the ones
    the word's prefix already matches (``_typos``)."""
    out: set[str] = set()
    for word in words[:MAX_TYPO_WORDS]:
        if not known(word):
            out.update(_typos(word))
    return out


def _typos(word: str) -> list[str]:
    """The one-letter variants of a word no name holds, less those that start with it (a letter
    added at its end): the word is then matched as a prefix, which matches all they match, and
    a half-typed محم would otherwise bring محمد's thousands of rows into the query."""
    return [v for v in one_letter_variants(word) if not v.startswith(word)]


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _group(word: str, known: Known, typos: bool) -> str:
    """A word of a reading: as typed, with its article dropped or added, and, for a word no
    name holds, its one-letter variants. A word some name holds is matched whole (a prefix
    of a common word is thousands of words; the exact tier already matched prefixes); one
    that none holds stays a prefix (the clerk may still be typing it)."""
    alternatives = [_quote(word) + ("" if known(word) else "*")]
    alternatives += [_quote(v) for v in article_variants(word) if known(v)]
    if typos and not known(word):
        alternatives += [_quote(v) for v in sorted(filter(known, _typos(word)))]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def tolerant_query(words: list[str], known: Known, *, typos: bool) -> str | None:
    """An FTS5 expression for the other spellings of the words (``typos``: and one-letter
    typos of the first MAX_TYPO_WORDS words). None when it would match nothing new."""
    may_typo = set(words[:MAX_TYPO_WORDS]) if typos else set()
    readings = [
        " AND ".join(_group(w, known, w in may_typo) for w in reading)
        for reading in segmentations(words, known)
    ]
    # The words alone match nothing the exact tier (all prefixes) did not already match.
    literal = " AND ".join(_quote(w) + ("" if known(w) else "*") for w in words)
    distinct = [r for r in dict.fromkeys(readings) if r != literal]
    if not distinct:
        return None
    return " OR ".join(f"({r})" for r in distinct)
