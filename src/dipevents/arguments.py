"""Arguments of events: people and their states, places, and the document's pair.

People are found as runs of capitalised name words next to a title ("Foreign
Minister Cho Tae-yul", "Mr. Janelidze") and tied to a state by the title phrase
around them ("South Korean Foreign Minister ...", "..., the Vice President of
China"). A later mention of one of their names ("Yoon met ...") carries that state.

Example:
    >>> text = "South Korean President Yoon Suk Yeol spoke. Yoon met Lithuanian President Gitanas Nauseda."
    >>> from dipevents import countries
    >>> people = find_people(text, countries.find_mentions(text))
    >>> [(p.name, p.country) for p in people]
    [('Yoon Suk Yeol', 'KOR'), ('Yoon Suk Yeol', 'KOR'), ('Gitanas Nauseda', 'LTU')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

import attrs

from dipevents.countries import CountryMention

# Words of a title phrase: they may stand between a person and the state named for
# them ("the Minister of Foreign Affairs of the Republic of Honduras HE ...").
_TITLE_WORDS = frozenset(
    """president vice prime minister ministers premier chancellor foreign affairs deputy
    ambassador ambassadors envoy secretary state general councilor councillor governor
    speaker chairman chairwoman chair king queen prince princess crown sheikh shaikh emir
    emirate sultan mr mrs ms dr he h.e. his her excellency highness royal counterpart
    consul director head chief commander supreme defence defense economic economy trade
    international cooperation affairs relations parliament assembly national spokesman
    spokesperson spokeswoman official officials mp mps lawmaker senator mayor first lady
    the of for and 's ’s a an fm pm representative special executive agency department
    information technologies technology communications ministry council committee
    house representatives government armed forces""".split()
)
_TITLES_BEFORE = frozenset(
    """president premier chancellor minister ambassador envoy secretary councilor
    councillor governor speaker chairman chairwoman king queen prince princess sheikh
    shaikh emir mr. mrs. ms. dr. mr mrs ms dr he h.e. excellency highness counterpart
    consul director spokesman spokesperson lawmaker senator mayor fm pm mp official
    representative""".split()
)
# Capitalised words that are not parts of a person's name.
_NOT_NAME = frozenset(
    """The A An In On At By For From With Of And Or But To As It Its This That These Those
    He She They We I You His Her Their Our Mr Mrs Ms Dr HE President Vice Prime Minister
    Ministers Premier Chancellor Foreign Affairs Deputy Ambassador Envoy Secretary State
    General Councilor Councillor Governor Speaker Chairman King Queen Prince Princess Crown
    Sheikh Shaikh Emir Excellency Highness Royal Consul Director Head Chief Commander
    Supreme Ministry Council Committee Agency Department Government Republic Kingdom
    Federation Union United Nations Democratic People Peoples People's Islamic Arab
    Federal Socialist National Assembly Parliament House Senate Congress Office Embassy
    Consulate News Daily Times Post Agency Press Xinhua Reuters TASS BelTA Yonhap Kremlin
    Palace Hall Square Street Avenue Road Park Center Centre University Institute Bank Fund
    Forum Summit Conference Dialogue Declaration Agreement Treaty Memorandum Understanding
    Protocol Plan Statement Joint Committee Commission Organization Organisation Association
    Community Economic Zone Zones Sea Ocean Region Province Krai Oblast City Island Islands
    North South East West Northern Southern Eastern Western Central Asia Europe Africa
    America Americas Pacific Atlantic Middle Far January February March April May June July
    August September October November December Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Photo Source Photos
    International Cooperation Relations Defence Defense Trade Economy Information Technology
    Technologies Communications Science Education Culture Health Energy Security Service
    Armed Forces Navy Army Air Force Cold War World Day Year Group Company Corp Inc Ltd
    Co Holdings Airlines Olympics Games Cup Higher Counter Anti Terrorism Executive Special
    Representative Spokesman Spokesperson Official Officials Mission Permanent Staff Lady
    First Second Third Fourth Fifth Two Three Both Also After Before During Meanwhile However
    Follow Share Print Comments Text Change Related More Read Click Edited Updated Skip
    Monument Boulevard Qasr Holy Mosques Mosque Guesthouse Hotel Airport Base Stadium Tower""".split()
)
_NAME_WORD = re.compile(
    r"(?:[A-Z][a-zà-ÿ'’]+(?:-[A-Za-zà-ÿ]+)*|[A-Z]\.|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)"
)
_CONNECTOR = frozenset({"bin", "bint", "ibn", "Al", "al", "el", "El", "de", "da", "van", "von",
                        "der", "du", "di", "le", "La", "Le", "abu", "Abu", "dos", "das", "del"})
_SUFFIX = frozenset({"II", "III", "IV", "Jr.", "Sr."})
_TOKEN = re.compile(r"[\w.’'\-]+|[^\w\s]")
_DATELINE_CITY = re.compile(
    r"^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Za-z]+(?:[ \t][A-Z][A-Za-z]+)?)"
    r"(?=[ \t]*(?:,|:|–|—|-|\(|\.\s*/))",
    re.M,
)


@attrs.frozen
class Person:
    """A person mentioned at ``[start, end)``: the full name and the state, if known."""

    start: int
    end: int
    name: str
    country: str | None


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_name_word(w: str) -> bool:
    return bool(_NAME_WORD.fullmatch(w)) and w.strip(".’'") not in _NOT_NAME


def _country_in_phrase(
    lo: int, hi: int, starts: list[int], mentions: Sequence[CountryMention]
) -> str | None:
    """The state named in ``[lo, hi)``, nearest to ``hi`` for a phrase before a name."""
    i = bisect.bisect_left(starts, lo)
    found = None
    while i < len(mentions) and mentions[i].start < hi:
        if mentions[i].end <= hi:
            found = mentions[i].country.alpha3
        i += 1
    return found


def _phrase_start(words: list[tuple[int, int, str]], k: int, limit: int = 16) -> int:
    """Walk back from word ``k`` over title words, names and commas; the phrase start."""
    j = k
    while j > 0 and k - j < limit:
        w = words[j - 1][2]
        low = w.lower()
        if low in _TITLE_WORDS or w[:1].isupper() or w in (",", "’s", "'s", "(", ")", "–", "-"):
            j -= 1
            continue
        break
    return words[j][0] if j < len(words) else words[-1][0]


def _phrase_end(words: list[tuple[int, int, str]], k: int, limit: int = 24) -> int:
    """Walk forward from word ``k`` over an appositive title phrase after a name."""
    if k >= len(words) or words[k][2] != ",":
        return words[k - 1][1] if k > 0 else 0
    j = k + 1
    while j < len(words) and j - k < limit:
        w = words[j][2]
        if w.lower() in _TITLE_WORDS or w[:1].isupper() or w in (",", "’s", "'s"):
            j += 1
            continue
        break
    return words[j - 1][1]


def find_people(text: str, mentions: Sequence[CountryMention]) -> list[Person]:
    """People named in ``text`` next to a title, and every later use of their names.

    ``mentions`` are the document's country mentions (``countries.find_mentions``),
    used to tie a person to a state through the title phrase around the name.
    """
    words = _words(text)
    starts = [m.start for m in mentions]
    mention_spans = {(m.start, m.end) for m in mentions}
    covered = [False] * len(words)
    for idx, (s, _e, _w) in enumerate(words):
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and mentions[i].start <= s < mentions[i].end:
            covered[idx] = True
    del mention_spans
    people: list[Person] = []
    known: dict[str, Person] = {}
    k = 0
    n = len(words)
    while k < n:
        if covered[k] or not _is_name_word(words[k][2]) or words[k][2].endswith("."):
            k += 1
            continue
        j = k
        parts: list[int] = []
        while j < n and not covered[j]:
            w = words[j][2]
            if _is_name_word(w) or (parts and (w in _CONNECTOR or w in _SUFFIX)):
                parts.append(j)
                j += 1
                continue
            break
        while parts and words[parts[-1]][2] in _CONNECTOR:
            parts.pop()
        if not parts:
            k = j + 1
            continue
        prev = words[k - 1][2].lower() if k > 0 else ""
        titled = prev in _TITLES_BEFORE or prev.rstrip(".") in _TITLES_BEFORE or prev == ","
        if len(parts) >= 2 or (titled and prev != ","):
            start, end = words[parts[0]][0], words[parts[-1]][1]
            name = text[start:end]
            country = _country_in_phrase(_phrase_start(words, parts[0]), start, starts, mentions)
            if country is None:
                after = _phrase_end(words, parts[-1] + 1)
                if after > end:
                    country = _country_in_phrase(end, after, starts, mentions)
            if len(parts) >= 2 or titled:
                person = Person(start, end, name, country)
                people.append(person)
                for p in parts:
                    w = words[p][2]
                    if len(w) >= 3 and w not in _CONNECTOR and w not in _SUFFIX:
                        old = known.get(w)
                        if old is None or (old.country is None and country is not None):
                            known[w] = person
        k = j + 1 if j > k else k + 1
    # Later uses of a known name, alone ("Yoon met ...", "Makei touted ...").
    taken = [(p.start, p.end) for p in people]
    for s, e, w in words:
        person = known.get(w)
        if person is None or any(a <= s < b for a, b in taken):
            continue
        people.append(Person(s, e, person.name, person.country))
    people.sort(key=lambda p: p.start)
    return people


def salience(mentions: Sequence[CountryMention], people: Sequence[Person]) -> Counter[str]:
    """How often each state is named in the document (names, demonyms, capitals, people)."""
    counts: Counter[str] = Counter(m.country.alpha3 for m in mentions)
    counts.update(p.country for p in people if p.country)
    return counts


def partner(counts: Counter[str], present: set[str]) -> str | None:
    """The most named state of the document that is not in ``present``."""
    for code, _n in counts.most_common():
        if code not in present:
            return code
    return None


def dateline_city(text: str) -> tuple[str, int] | None:
    """The city of a dispatch's dateline ("MINSK, 22 January (BelTA) –") and its offset.

    Only the first lines of a text are looked at; the city is returned as written,
    title-cased when the dateline shouts it ("MINSK" -> "Minsk").
    """
    head = text[:400]
    for m in _DATELINE_CITY.finditer(head):
        city = m.group(1)
        if city.split()[0] in _NOT_NAME or city.lower() in ("date", "photo", "source"):
            continue
        tail = head[m.end(1) : m.end(1) + 40]
        if not re.match(r"[ \t]*(?:,[ \t]*(?:\d|[A-Z][a-z]+\.?[ \t]+\d|[A-Z]{3,})|:|[ \t]*[–—-]|[ \t]*\(|,?[ \t]*\.?\s*/)", tail):
            continue
        if city.isupper():
            city = " ".join(w.capitalize() for w in city.split())
        return city, m.start(1)
    return None


_PLACE_AFTER_IN = re.compile(
    r"\b(?:in|at)\s+(?:the\s+(?:capital|city)(?:\s+of)?,?\s+)?"
    r"((?:[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+){0,2}))"
)
_NOT_PLACE = _NOT_NAME - {"North", "South", "East", "West", "New", "Abu"} | {
    "His", "Her", "Their", "Its", "Our", "Mr", "Dr", "This", "That", "January", "February"}


def place_after_in(sentence: str) -> list[tuple[int, str]]:
    """Capitalised places after "in"/"at" in a sentence, with their offsets.

    Example:
        >>> place_after_in("They met in Hanoi on December 14.")
        [(12, 'Hanoi')]
    """
    out = []
    for m in _PLACE_AFTER_IN.finditer(sentence):
        place = m.group(1)
        first = place.split()[0].split("-")[0]
        if first in _NOT_PLACE:
            continue
        out.append((m.start(1), place))
    return out
