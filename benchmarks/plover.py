"""Score the pipeline on the PLOVER gold-standard records (the CAMEO-manual sentences).

Usage: .venv/bin/python benchmarks/plover.py [--data FILE] [--show]

Each of the 322 coded sentences of ``shared/external/plover-gsr/PLOVER_GSR_CAMEO.txt`` is
one article (no boilerplate, dated by its record) read with ``Processor().read``. The
set was coded with PLOVER 0.5/0.6; its types are first renamed to current PLOVER
(DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT, as SOURCE.md
says), then mapped onto ours: CONSULT meeting; AID arms_transfer, tech_transfer or
troop_deployment; COOPERATE military_cooperation; SANCTION sanction; ACCUSE accusation;
REQUEST demand; REJECT denial; MOBILIZE troop_deployment or weapons_test. Every other
type lies outside our ontology.

Gold actors: a code's first three letters when they are an ISO 3166 alpha-3 code (three
typos of the set fixed), else (IGO, NGO ...) the actor text resolved with our own KB, else
unresolved (such a record cannot be matched). A system event matches its sentence's gold
record when its type maps from the gold type, one gold source is among its sources, and,
when gold has targets, one gold target is among its targets (or among its sources when the
event has no target: our symmetric types list all parties as source); for meetings, whose
direction differs (PLOVER: host as source; ours: visitor), the parties are compared
without direction. System actors count
with the state the KB ties them to (``taliban`` also counts as AFG only if the KB says so).
Precision is over all events read from sentences of in-ontology gold types; recall over
those gold records.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pycountry

from armswatch.models import Article, Event

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "external" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
OURS: dict[str, tuple[str, ...]] = {
    "CONSULT": ("meeting",),
    "AID": ("arms_transfer", "tech_transfer", "troop_deployment"),
    "COOPERATE": ("military_cooperation",),
    "SANCTION": ("sanction",),
    "ACCUSE": ("accusation",),
    "REQUEST": ("demand",),
    "REJECT": ("denial",),
    "MOBILIZE": ("troop_deployment", "weapons_test"),
}
CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@dataclass(frozen=True, slots=True)
class GoldActor:
    code: str
    text: str
    id: str | None  # ISO3, or our KB's id for the text, or None


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    event: str  # as coded in the set
    plover: str  # current PLOVER name
    text: str
    date: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]

    @property
    def ours(self) -> tuple[str, ...]:
        return OURS.get(self.plover, ())


def load_gold(path: Path, finder: object) -> list[Gold]:
    """The coded sentences of the set (the DOCUMENT header skipped), with gold actor ids."""
    records = json.loads(path.read_text(encoding="utf-8"))
    known: dict[tuple[str, str], str | None] = {}

    def actor(a: dict[str, str]) -> GoldActor:
        code, text = a.get("code", ""), a.get("actorText", "")
        iso = _iso3(code)
        if not iso and (code, text) not in known:
            # An IGO or NGO is never the state its text happens to name ("Red Cross in Iraq").
            known[code, text] = _kb_id(finder, text, states=code not in ("IGO", "NGO"))
        return GoldActor(code=code, text=text, id=iso or known[code, text])

    return [
        Gold(
            id=r["id"],
            event=r["event"],
            plover=RENAMED.get(r["event"], r["event"]),
            text=r["text"],
            date=r.get("date") or "2000-01-01",
            sources=tuple(actor(a) for a in _actors(r.get("source"))),
            targets=tuple(actor(a) for a in _actors(r.get("target"))),
        )
        for r in records
        if r.get("event") != "DOCUMENT" and r.get("text")
    ]


def _actors(value: object) -> list[dict[str, str]]:
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def _iso3(code: str) -> str | None:
    head = CODE_FIXES.get(code[:3].upper(), code[:3].upper())
    return head if len(head) == 3 and pycountry.countries.get(alpha_3=head) else None


def _kb_id(finder: object, text: str, *, states: bool) -> str | None:
    article = Article(doc_id="actor", source="actor", text=text, content_hash="", fetched_at="")
    parsed = finder.find(article)  # type: ignore[attr-defined]
    actors = finder.kb.actors  # type: ignore[attr-defined]
    for m in parsed.mentions:
        if m.kind == "actor" and m.value and (states or getattr(actors.get(m.value), "kind", "") != "state"):
            return str(m.value)
    return None


def _expand(ids: tuple[str, ...], kb: object) -> set[str]:
    out = set(ids)
    for i in ids:
        state = kb.state_of(i)  # type: ignore[attr-defined]
        if state:
            out.add(state)
    return out


def matches(ev: Event, gold: Gold, kb: object, *, actors: bool = True) -> bool:
    """Whether a system event is the gold record (type maps; a gold source and target found)."""
    if ev.type not in gold.ours:
        return False
    if not actors:
        return True
    src, tgt = _expand(ev.source, kb), _expand(ev.target, kb)
    if ev.type == "meeting":
        # PLOVER codes a host as source ("X hosted Y"), our contract the visitor: compare parties.
        src = tgt = src | tgt
    if not any(a.id in src for a in gold.sources if a.id):
        return False
    if not gold.targets:
        return True
    return any(a.id in (tgt if tgt else src) for a in gold.targets if a.id)


def _pct(a: int, b: int) -> str:
    return f"{a / b:6.1%}" if b else "     -"


def _row(name: str, plover: str, ours: str, c: Counter[str]) -> str:
    return (
        f"{name:12s} {plover:9s} {ours:47s} {c['gold']:4d} {_pct(c['typed'], c['gold'])} {c['found']:5d} "
        f"{_pct(c['found'], c['gold'])} {c['mapped']:6d} {c['right']:5d} {_pct(c['right'], c['mapped'])} "
        f"{c['events'] - c['mapped']:10d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", action="store_true", help="print every sentence with its gold and events")
    args = parser.parse_args()

    from armswatch.pipeline import Processor

    proc = Processor()
    gold = load_gold(args.data, proc.finder)
    print(f"{len(gold)} sentences from {args.data}")
    unresolved = sorted({a.text for g in gold for a in (*g.sources, *g.targets) if a.id is None})
    kb_resolved = sorted(
        {f"{a.text!r}->{a.id}" for g in gold for a in (*g.sources, *g.targets) if a.id and not _iso3(a.code)}
    )
    print(f"gold actors resolved through our KB ({len(kb_resolved)}): {', '.join(kb_resolved)}")
    print(f"gold actors unresolved ({len(unresolved)}): {', '.join(unresolved)}")

    events: dict[str, tuple[Event, ...]] = {}
    crashes = []
    for g in gold:
        article = Article(
            doc_id=g.id,
            source=f"plover-gsr:{g.id}",
            text=g.text,
            content_hash=hashlib.sha256(g.text.encode()).hexdigest(),
            fetched_at=f"{g.date}T00:00:00Z",
            published=g.date,
            published_evidence="given",
        )
        try:
            _, events[g.id] = proc.read(article)
        except Exception as exc:  # a crash is a finding; report it with its input
            crashes.append((g.id, f"{type(exc).__name__}: {exc}", g.text))
            events[g.id] = ()
        if args.show:
            gs = [a.id or a.text for a in g.sources]
            gt = [a.id or a.text for a in g.targets]
            print(f"\n{g.id} {g.event} {gs}->{gt}: {g.text}")
            for e in events[g.id]:
                ok = "+" if g.ours and matches(e, g, proc.kb) else " "
                print(f"   {ok} {e.type} {list(e.source)}->{list(e.target)} {e.factuality} '{e.trigger}'")

    in_scope = [g for g in gold if g.ours]
    out_scope = [g for g in gold if not g.ours]
    all_events = sum(len(v) for v in events.values())

    print("\nIn-ontology gold types (type + actor + recipient):")
    print(
        f"{'GSR type':12s} {'PLOVER':9s} {'ours':47s} {'gold':>4s} {'type':>6s} {'found':>5s} "
        f"{'recall':>7s} {'events':>6s} {'right':>5s} {'prec.':>7s} {'wrong type':>10s}"
    )
    totals = Counter[str]()
    for event_name in sorted({g.event for g in in_scope}, key=lambda e: (RENAMED.get(e, e), e)):
        rows = [g for g in in_scope if g.event == event_name]
        evs = [(e, g) for g in rows for e in events[g.id]]
        mapped = [(e, g) for e, g in evs if e.type in g.ours]
        row = Counter(
            gold=len(rows),
            typed=sum(any(matches(e, g, proc.kb, actors=False) for e in events[g.id]) for g in rows),
            found=sum(any(matches(e, g, proc.kb) for e in events[g.id]) for g in rows),
            events=len(evs),
            mapped=len(mapped),
            right=sum(matches(e, g, proc.kb) for e, g in mapped),
        )
        print(_row(event_name, rows[0].plover, ", ".join(rows[0].ours), row))
        totals.update(row)
    print(_row("all", "", "", totals))
    p = totals["right"] / totals["events"] if totals["events"] else 0.0
    r = totals["found"] / totals["gold"] if totals["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"micro over in-ontology sentences: precision {p:.1%} ({totals['right']}/{totals['events']} events, "
        f"any type), recall {r:.1%} ({totals['found']}/{totals['gold']}), F1 {f1:.1%}; "
        f"type-only recall {_pct(totals['typed'], totals['gold']).strip()}"
    )
    print("  (type = gold sentences with an event of a mapped type; found = same with the actors right;")
    print("   events/right/prec. = events of a mapped type read there; wrong type = events of other types)")

    by_ours: dict[str, Counter[str]] = defaultdict(Counter)
    for g in in_scope:
        for e in events[g.id]:
            by_ours[e.type]["events"] += 1
            by_ours[e.type]["right"] += matches(e, g, proc.kb)
    print("\nPer our type, on in-ontology sentences: events, right, precision")
    for etype, c in sorted(by_ours.items()):
        print(f"  {etype:22s} {c['events']:4d} {c['right']:4d} {_pct(c['right'], c['events'])}")

    print("\nOut-of-ontology gold types: events read anyway")
    out_events = 0
    out_sentences = 0
    print(f"{'GSR type':12s} {'PLOVER':9s} {'sents':>5s} {'with ev.':>8s} {'events':>6s}  by our type")
    for event_name in sorted({g.event for g in out_scope}):
        rows = [g for g in out_scope if g.event == event_name]
        n_ev = sum(len(events[g.id]) for g in rows)
        with_ev = sum(bool(events[g.id]) for g in rows)
        kinds = Counter(e.type for g in rows for e in events[g.id])
        out_events += n_ev
        out_sentences += with_ev
        print(
            f"{event_name:12s} {rows[0].plover:9s} {len(rows):5d} {with_ev:8d} {n_ev:6d}  "
            f"{dict(kinds.most_common())}"
        )
    share_events = _pct(out_events, all_events).strip()
    share_sentences = _pct(out_sentences, len(out_scope)).strip()
    print(
        f"events from out-of-ontology sentences: {out_events} of {all_events} events ({share_events}); "
        f"{out_sentences} of {len(out_scope)} such sentences ({share_sentences}) yield at least one"
    )
    print(f"\ncrashes: {len(crashes)}")
    for gid, message, text in crashes:
        print(f"  {gid}: {message}\n    input: {text}")


if __name__ == "__main__":
    main()
