"""Turning what a member typed into a safe, engine-neutral query.

Only words survive: quotes mark phrases, a leading minus excludes a word, and every other character (FTS5's
NEAR, *, ^, :, AND/OR, parentheses, PostgreSQL's &, |, !, <->) is dropped before any engine sees it, so no
input can cause a syntax error. Each backend then writes the words in its own syntax.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Words so common that searching for them alone finds everything (the English list PostgreSQL also drops).
_STOP_WORDS_TEXT = """
a about above after again against all am an and any are as at be because been before being below between
both but by can did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"\w+")
# A quoted phrase (an unclosed quote runs to the end), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    # The query as stored for analytics and shown back: lower case, single spaces, at most 200 characters.
    normalised: str = ""
    # Why nothing was searched, in words for the empty state; empty when there is something to search for.
    problem: str = ""
    # Something worth saying even though the search ran (the query was shortened).
    notice: str = ""

    @property
    def searchable(self) -> bool:
        return not self.problem

    @property
    def words(self) -> list[str]:
        """Every word that must match (for highlighting and the simple searches of small lists)."""
        return self.terms + [word for phrase in self.phrases for word in phrase]


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def _printable(text: str) -> str:
    """Control characters (NUL included, which PostgreSQL refuses in text) and private-use characters (our
    snippet markers) become spaces."""
    return "".join(" " if unicodedata.category(ch) in {"Cc", "Co", "Cs"} else ch for ch in text)


def parse_query(raw: str) -> ParsedQuery:
    raw = _printable(raw or "").strip()
    parsed = ParsedQuery()
    if len(raw) > MAX_QUERY_LENGTH:
        raw = raw[:MAX_QUERY_LENGTH]
        parsed.notice = _("Searches are limited to %(count)s characters, so yours was shortened.") % {
            "count": MAX_QUERY_LENGTH
        }
    parsed.normalised = " ".join(raw.lower().split())[:MAX_QUERY_LENGTH]
    if not raw:
        parsed.problem = _("Type a word or two to search for.")
        return parsed
    for minus, phrase, bare in _TOKEN.findall(raw):
        if bare:
            exclude = bare.startswith("-") and len(bare) > 1
            words = _words(bare)
            if exclude:
                parsed.excluded.extend(words[:1])
                words = words[1:]
            parsed.terms.extend(word for word in words if word not in STOP_WORDS)
        else:
            words = _words(phrase)
            if minus and words:
                parsed.excluded.extend(words[:1] if len(words) == 1 else [])
            elif len(words) == 1:
                if words[0] not in STOP_WORDS:
                    parsed.terms.append(words[0])
            elif words:
                parsed.phrases.append(words[:MAX_WORDS])
    parsed.terms = list(dict.fromkeys(parsed.terms))[:MAX_WORDS]
    parsed.excluded = [w for w in dict.fromkeys(parsed.excluded) if w not in STOP_WORDS][:MAX_WORDS]
    parsed.phrases = parsed.phrases[:4]
    if not parsed.terms and not parsed.phrases:
        if parsed.excluded:
            parsed.problem = _("Add a word to search for: a minus sign only leaves a word out.")
        elif _words(raw):
            parsed.problem = _("Those words are too common to search for on their own. Try a more specific word.")
        else:
            parsed.problem = _("Search for words: punctuation and symbols on their own find nothing.")
    return parsed
