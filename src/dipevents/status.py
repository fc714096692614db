"""Event status as modality, in the manner of ConText.

A cue (``will``, ``denied``, ``discussed``...) has a category and a direction: it
modifies the triggers that follow it (forward), precede it (backward) or both,
within ``scope`` tokens, and a terminator (``but``, ``while``, ``which``...) ends its
reach. A trigger takes the strongest category that reaches it:
denied > proposed > planned > claim > occurred.

Example:
    >>> from dipevents.matching import Hit, CueRule
    >>> cue = CueRule("planned-will", "planned", "forward", 8, ({"LOWER": "will"},), "")
    >>> status_of(5, "EmbassyOpening", [Hit("planned-will", 3, 4)], {"planned-will": cue})
    'planned'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dipevents.matching import CueRule, Hit

# "claim" is a reported occurrence one source makes: it yields to any other cue and
# reads as occurred when nothing else is said.
RANK = {"occurred": 0, "claim": 1, "planned": 2, "proposed": 3, "denied": 4}


def status_of(
    trigger_start: int,
    event_type: str,
    cues: Sequence[Hit],
    rules: Mapping[str, CueRule],
    trigger_end: int | None = None,
) -> str:
    """The strongest status category whose cue reaches the trigger at ``trigger_start``.

    Returns one of ``occurred``, ``claim``, ``planned``, ``proposed``, ``denied``.
    ``claim`` is kept apart so that merging can let other sentences overrule it.
    """
    end = trigger_start + 1 if trigger_end is None else trigger_end
    terminators = sorted(h.start for h in cues if rules[h.rule].category == "terminate")
    best = "occurred"
    for hit in cues:
        rule = rules[hit.rule]
        if rule.category == "terminate" or (rule.types and event_type not in rule.types):
            continue
        if hit.start < end and hit.end > trigger_start:
            continue  # a cue does not modify the words it is made of
        if hit.end <= trigger_start:
            if rule.direction == "backward":
                continue
            gap = trigger_start - hit.end
            blocked = any(hit.end <= t < trigger_start for t in terminators)
        else:
            if rule.direction == "forward":
                continue
            gap = hit.start - end
            blocked = any(end <= t < hit.start for t in terminators)
        if gap <= rule.scope and not blocked and RANK[rule.category] > RANK[best]:
            best = rule.category
    return best


def combine(statuses: Iterable[str]) -> str:
    """The status of one event told in several sentences, in text order.

    A denial stands over a claim or a plan, but a denial followed by talk of
    ongoing discussion is ``proposed``; an occurrence stands over a plan (a planned
    opening that then happened); a claim yields to anything else; otherwise the
    first mention, which states the event, sets the status and later asides
    ("would carry meaning") do not.

    Example:
        >>> combine(["claim", "denied", "proposed"])
        'proposed'
        >>> combine(["planned", "occurred"])
        'occurred'
        >>> combine(["proposed", "planned"])
        'proposed'
    """
    ordered = list(statuses)
    seen = set(ordered)
    if "denied" in seen:
        return "proposed" if "proposed" in seen else "denied"
    if "occurred" in seen:
        return "occurred"
    rest = [x for x in ordered if x != "claim"]
    return rest[0] if rest else "occurred"
