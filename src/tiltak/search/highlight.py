"""HTML-safe highlighting of what a query matched, for result lists (``snippet``) and whole fields.

A word is marked when the analyzer would have matched it: the same folded form ("boliger" for "bustad"),
a compound containing a query word ("tilflyttingsarbeid" for "arbeid"), or the corrected spelling of a
typo ("vertskap" for "vertsskap"). Everything else is escaped; the result is safe to output as HTML.
"""

from __future__ import annotations

from html import escape

from tiltak.search import analyzer
from tiltak.search.plan import plan

ELLIPSIS = "…"


def _query_terms(query: str) -> set[str]:
    try:
        return plan(query or "").terms()
    except Exception:  # no database at hand (e.g. rendering offline): fold and split without typo help
        terms: set[str] = set()
        for word in analyzer.analyze_words(query or ""):
            terms.update(word.terms())
        return terms


def _spans(text: str, terms: set[str], *, compounds: bool = True) -> list[tuple[int, int]]:
    """Where the words matching ``terms`` are; with ``compounds=False`` only words matching as a whole
    (no compound splitting: much cheaper on text with many words not seen before)."""
    spans: list[tuple[int, int]] = []
    if not terms:
        return spans
    for start, end, word in analyzer.tokens(text):
        if word in analyzer.STOPWORDS:
            continue
        key = analyzer.fold(word)
        if key in terms or word in terms:
            spans.append((start, end))
            continue
        if compounds:
            parts = analyzer.split_compound(word)
            if parts and (set(parts) & terms):
                spans.append((start, end))
    return spans


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def query_terms(query: str) -> set[str]:
    """The terms a query matches (folded forms, compound parts, typo corrections): work this out once per
    result page and pass it as ``terms`` to ``snippet``/``highlight`` for every hit."""
    return _query_terms(query)


def highlight(text: str, query: str, *, terms: set[str] | None = None) -> str:
    """The whole text, escaped, with every matched word wrapped in ``<mark>``."""
    text = text or ""
    return _render(text, _spans(text, _query_terms(query) if terms is None else terms), 0, len(text))


def snippet(text: str, query: str, *, length: int = 200, terms: set[str] | None = None) -> str:
    """About ``length`` characters of ``text`` around the densest cluster of matches, escaped and marked."""
    text = " ".join((text or "").split())
    if terms is None:
        terms = _query_terms(query)
    if len(text) <= length:
        return highlight(text, query, terms=terms)
    # Where to cut is chosen from whole-word matches when there are any; compounds are looked into only
    # inside the cut (or everywhere, when only a compound matches).
    spans = _spans(text, terms, compounds=False) or _spans(text, terms)
    start = 0
    if spans:
        # The window of ``length`` characters starting at a match that holds the most matches: one pass
        # with two pointers over the spans (in text order), so a page with thousands of matches costs
        # thousands of steps, not millions.
        best, best_count, after = spans[0][0], 0, 0
        for i, (s, _e) in enumerate(spans):
            while after < len(spans) and spans[after][0] < s + length:
                after += 1
            if after - i > best_count:
                best, best_count = s, after - i
        # Start a little before the first match, at a word boundary.
        start = max(0, best - length // 5)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = _render(text, [(s + start, e + start) for s, e in _spans(text[start:end], terms)], start, end)
    return (ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else "")
