"""Document-level reading: what one sentence leaves unsaid, the article says elsewhere.

A transfer's missing sender or receiver, a speech act's unnamed speaker, a denial's accuser
and the doer of a deed a judgement points back to ("condemned the decision") are filled from
the document's other candidates; what cannot be filled is dropped.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from armswatch.events.candidate import Candidate
from armswatch.events.kinds import AGAINST, SPEECH_ACTS, TRANSFER_TYPES


def complete_roles(cands: Sequence[Candidate]) -> list[Candidate]:
    """Fill a transfer's missing sender or receiver from the document's other transfers.

    "Washington would keep providing Iron Dome interceptors" names no receiver; when the
    article has already said the United States arms Israel, that is the receiver. A
    partial candidate with no such partner in the document is dropped.
    """
    deeds = [c for c in cands if not c.partial]
    # Judgements that point back to a deed ("condemned the decision") first, so that a later
    # denial finds the accusation it answers.
    judged: list[Candidate] = []
    for c in cands:
        if c.refers and c.type == "military_cooperation":
            partners = _partners(c, deeds)
            if not partners:
                continue
            c = dataclasses.replace(c, source=c.source + partners, partial=False, refers=frozenset())
        elif c.refers:
            doers = _doers(c, deeds)
            if not doers:
                continue
            c = dataclasses.replace(c, target=doers, partial=False, refers=frozenset())
        judged.append(c)
    complete = [c for c in judged if not c.partial]
    out: list[Candidate] = []
    for c in judged:
        if c.type == "denial" and not c.partial and not c.target:
            c = dataclasses.replace(c, target=_accuser(c, complete))
        if not c.partial:
            out.append(c)
            continue
        if c.type in SPEECH_ACTS:
            # The last party the article quoted is who goes on speaking.
            said = [k for k in complete if k.sentence_start <= c.sentence_start and (k.attributed_to)]
            speaker = said[-1].attributed_to if said else None
            if speaker and speaker not in c.target:
                out.append(dataclasses.replace(c, source=(speaker,), attributed_to=speaker, partial=False))
            continue
        family = [
            k
            for k in complete
            if (k.type == c.type or {k.type, c.type} <= TRANSFER_TYPES)
            and ((c.source and set(c.source) & set(k.source)) or (c.target and set(c.target) & set(k.target)))
        ]
        if not c.source and not c.target:
            # "The aircraft were ordered under a contract signed in 2018": the jets the
            # article already said were bought.
            family = [
                k
                for k in complete
                if k.type == c.type
                and k.sentence_start < c.sentence_start
                and set(k.weapons) & set(c.weapons)
            ]
        if not family and c.type == "sanction" and c.target:
            # "... were also sanctioned": the authority the article already named goes on.
            family = [k for k in complete if k.type == "sanction" and k.sentence_start < c.sentence_start]
        if not family:
            continue
        before = [k for k in family if k.sentence_start <= c.sentence_start] or family[:1]
        # The partner the article pairs this side with most often, the latest among equals:
        # in a story about German arms for Ukraine, one aside on the Netherlands does not
        # make the Netherlands the receiver of the next unnamed delivery.
        pairs = Counter((k.source, k.target) if c.source else (k.target, k.source) for k in before)
        partner = max(
            reversed(before), key=lambda k: pairs[(k.source, k.target) if c.source else (k.target, k.source)]
        )
        source = c.source or partner.source
        target = c.target or tuple(t for t in partner.target if t not in source)
        if source and target:
            out.append(dataclasses.replace(c, source=source, target=target, partial=False))
    return out


def _partners(coop: Candidate, earlier: Sequence[Candidate]) -> tuple[str, ...]:
    """The other side of a lone party's cooperation: whom the article last had it dealing with."""
    party = set(coop.source)
    for k in reversed([k for k in earlier if k.sentence_start <= coop.sentence_start]):
        sides = [*k.source, *k.target]
        if k.type in coop.refers and party & set(sides):
            others = tuple(dict.fromkeys(s for s in sides if s not in party))
            if len(others) == 1:
                return others
    return ()


def _doers(judgement: Candidate, earlier: Sequence[Candidate]) -> tuple[str, ...]:
    """Who did the deed a judgement points back to: "Turkey condemned the decision"."""
    judges = set(judgement.source)
    deeds = [
        k
        for k in earlier
        if k.sentence_start <= judgement.sentence_start
        and k.type in judgement.refers
        and not set(k.source) <= judges
    ]
    # A party that condemns "the decision" most often condemns one aimed against itself, and
    # never the arms it received itself.
    aimed = [k for k in deeds if k.type in AGAINST and judges & set(k.target)]
    deeds = [k for k in deeds if not (k.type in TRANSFER_TYPES and judges & set(k.target))]
    for k in reversed(aimed or deeds):
        return tuple(s for s in k.source if s not in judges)
    return ()


def _accuser(denial: Candidate, earlier: Sequence[Candidate]) -> tuple[str, ...]:
    """Who made the claim a denial rejects: the last party that accused the denier of it, or,
    for "rejected the minister's version", whoever the article quoted last."""
    deniers = set(denial.source)
    for k in reversed([k for k in earlier if k.sentence_start <= denial.sentence_start]):
        if k.type in SPEECH_ACTS and k.type != "denial" and deniers & set(k.target):
            return tuple(s for s in k.source if s not in deniers)
        if k.attributed_to and k.attributed_to not in deniers and deniers & set(k.source):
            return (k.attributed_to,)
        if (
            denial.answers
            and k.sentence_start < denial.sentence_start
            and k.attributed_to
            and k.attributed_to not in deniers
        ):
            return (k.attributed_to,)
    return ()
