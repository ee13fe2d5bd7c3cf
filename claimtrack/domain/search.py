"""A search query's grammar, and the marks around the words a match found.

The grammar, whose meaning does not depend on the order of its terms:

- words and "quoted phrases" are terms; every term must match (words by their stem);
- OR binds the terms beside it: `drone OR missile Iran` means (drone or missile) and Iran;
- `-word` or `-"a phrase"` excludes the claims that match it, wherever it stands in the query
  (even between a term and its OR: `a -x OR b` is `a OR b -x`);
- anything else is text to look for: no character is an operator, so no query is a syntax error.

A query parses into groups (each a set of terms, any of which may match) that must all match, and
exclusions that must all fail. Groups, terms and exclusions are kept sorted, so that a query and
any reordering of it become the same tsquery text: the same matches, ranked the same way.

The tsquery is text for PostgreSQL's to_tsquery: each term is one quoted operand (the quotes and
backslashes inside it escaped), which to_tsquery reads as a phrase of the term's words after the
text search configuration has stemmed them and dropped stop words. So user text is only ever a
quoted operand of a bound parameter: never SQL, never a tsquery operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The characters ts_headline is asked to put around a matching word: control characters that the
# search strips from the text first (see services.claim_search), so that they mark nothing else.
HEADLINE_START = "\x02"
HEADLINE_STOP = "\x03"
MARK = "**"  # how a matching word is shown: markdown bold, plain in a terminal

# A word as a reader sees it: letters and digits, joined by inner hyphens or apostrophes
# ("Fath-360", "Korea's"), which PostgreSQL's parser splits into parts that it marks one by one.
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True, order=True)
class Term:
    """A word or a quoted phrase, as given."""

    text: str

    def shown(self) -> str:
        return f'"{self.text}"' if " " in self.text else self.text

    def operand(self) -> str:
        """The term as one quoted to_tsquery operand."""
        return "'" + self.text.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class SearchQuery:
    groups: tuple[tuple[Term, ...], ...]  # all must match; within a group, any term
    excluded: tuple[Term, ...]  # none may match

    def tsquery(self) -> str:
        """The whole query, for to_tsquery: (a | b) & c & !d."""
        return " & ".join([self.wanted(), *(f"!{term.operand()}" for term in self.excluded)])

    def wanted(self) -> str:
        """The terms to look for without the exclusions: what must not reduce to nothing."""
        return " & ".join("(" + " | ".join(term.operand() for term in group) + ")" for group in self.groups)


def parse_search(text: str) -> SearchQuery:
    """What the query `text` means; ValueError, naming it and saying what to give, when it has no
    term to look for (empty, only OR, only exclusions)."""
    groups: list[set[Term]] = []
    excluded: set[Term] = set()
    after_term = False  # the last token was a term to look for
    joining = False  # ...followed by OR: the next term joins its group
    for token, is_excluded, quoted in _tokens(text):
        if not quoted and not is_excluded and token.casefold() == "or":
            joining = after_term or joining
            after_term = False
            continue
        term = Term(" ".join(token.split()))
        if not term.text:  # "" or a lone -: nothing to look for or to exclude
            after_term = joining = False
        elif is_excluded:  # stands outside the groups: `a -x OR b` is `a OR b -x`
            excluded.add(term)
        else:
            if joining:
                groups[-1].add(term)
            else:
                groups.append({term})
            after_term, joining = True, False
    if not groups:
        if excluded:
            raise ValueError(
                f'"{text}" only excludes ({", ".join("-" + t.shown() for t in sorted(excluded))}); '
                "add a word to look for, such as: drone -Alabuga."
            )
        raise ValueError(f'"{text}" has nothing to search for; give some words, such as: drone OR missile -Alabuga.')
    unique_groups = {tuple(sorted(group)) for group in groups}
    return SearchQuery(tuple(sorted(unique_groups)), tuple(sorted(excluded)))


def _tokens(text: str) -> list[tuple[str, bool, bool]]:
    """(text, excluded, quoted) for each token: a "phrase" (to its closing quote, or the end) or a
    word (to the next space), either one after a - for an exclusion."""
    tokens: list[tuple[str, bool, bool]] = []
    position, end = 0, len(text)
    while position < end:
        if text[position].isspace():
            position += 1
            continue
        is_excluded = text[position] == "-"
        if is_excluded:
            position += 1
        if position < end and text[position] == '"':
            closing = text.find('"', position + 1)
            closing = end if closing < 0 else closing
            tokens.append((text[position + 1 : closing], is_excluded, True))
            position = closing + 1
        else:
            start = position
            while position < end and not text[position].isspace():
                position += 1
            tokens.append((text[start:position], is_excluded, False))
    return tokens


def whole_word_marks(headline: str) -> str:
    """A ts_headline (matches between HEADLINE_START and HEADLINE_STOP) with each match widened to
    the whole words it touches and shown between ** **: "Fath-360" is marked as one word, not as
    "**Fath****-360**" nor as "**Fath**-360"."""
    plain: list[str] = []
    spans: list[list[int]] = []
    length = 0
    for piece in re.split(f"([{HEADLINE_START}{HEADLINE_STOP}])", headline):
        if piece == HEADLINE_START:
            spans.append([length, length])
        elif piece == HEADLINE_STOP:
            if spans:
                spans[-1][1] = length
        else:
            plain.append(piece)
            length += len(piece)
    text = "".join(plain)
    words = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    widened: list[list[int]] = []
    for start, stop in spans:
        for word_start, word_stop in words:
            if word_start < stop and start < word_stop:
                start, stop = min(start, word_start), max(stop, word_stop)
        if stop <= start:
            continue
        if widened and start <= widened[-1][1]:
            widened[-1][1] = max(widened[-1][1], stop)
        else:
            widened.append([start, stop])
    marked: list[str] = []
    previous = 0
    for start, stop in widened:
        marked += [text[previous:start], MARK, text[start:stop], MARK]
        previous = stop
    marked.append(text[previous:])
    return "".join(marked)
