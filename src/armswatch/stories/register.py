"""The arms-transfer register: what the reports of a transfer say about the deal, grouped the
way SIPRI's trade register reads (supplier, recipient, designation, numbers, years, status).

Contract: the members of arms- and technology-transfer facts (``Reader.fact_members`` rows) ->
one :class:`DealReport` per (report, designation) read from its evidence sentence
(:func:`read_deal`), and one :class:`RegisterEntry` per supplier, recipient and designation
across documents (:func:`register_entries`). Pure: the reader is only read.

What a sentence says of a deal:

* *designation*: a ``designation`` of ``kb/weapons.csv`` named in the sentence ("K2",
  "Fath-360", "ATACMS"), the longest where two overlap; a report naming none gives no entry;
* *number*: the count before the designation or its noun ("180 K2 tanks", "at least 24
  ATACMS", "more than 1,000 containers"), with its qualifier and unit (see
  :func:`armswatch.nlp.quantities.find_quantities`);
* *value*: an amount of money ("$6.5 billion", "3.4 billion euros") as a number and an ISO
  currency code;
* *status*: the furthest stage the sentence's words name, in the order of :data:`STAGES`
  (``[register]`` of ``kb/triggers.toml``); a report that is only possible is at most
  ``offered`` (``requested`` when it says so), one with no stage word is ``delivered`` when
  certain, a deal still under negotiation (``pending`` words) is ``offered`` whatever order
  words it names, a delivery or use only planned ("to deliver") is no stage; a negated
  report counts only when it cancels.

An entry's numbers ordered and delivered are the largest any report gives for that stage, its
year of order the earliest dated order, its years of delivery those of the delivery reports,
and its status the furthest stage reported (a cancellation reported last ends it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from armswatch.nlp.quantities import find_quantities
from armswatch.stories.facts import verb_forms

if TYPE_CHECKING:
    from armswatch.kb import KB
    from armswatch.store.interface import Reader

#: How far a deal has gone, from an offer to its use; a cancellation ends any stage.
DealStatus = Literal["offered", "requested", "ordered", "delivered", "in_use", "cancelled"]
#: The stages in order (a later one says more).
STAGES: tuple[DealStatus, ...] = ("offered", "requested", "ordered", "delivered", "in_use", "cancelled")
#: Stages whose numbers are numbers ordered (the rest are numbers delivered).
ORDER_STAGES = frozenset({"offered", "requested", "ordered"})
#: The event types the register reads.
TRANSFER_TYPES = ("arms_transfer", "tech_transfer")

#: SIPRI trade-register columns of the CSV export, then ours.
SIPRI_FIELDS: tuple[str, ...] = (
    "supplier",
    "recipient",
    "number_ordered",
    "designation",
    "weapon_description",
    "year_of_order",
    "years_of_delivery",
    "number_delivered",
    "status",
    "value",
    "currency",
    "entry_id",
    "comments",
)

_CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "won": "KRW",
    "yuan": "CNY",
    "rupees": "INR",
    "roubles": "RUB",
    "rubles": "RUB",
}
_SCALES = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6}
_AMOUNT = r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>trillion|billion|bn|million|mn|m)?\b"
_VALUE_SIGN = re.compile(r"(?P<cur>US\$|\$|€|£|USD|EUR|GBP)\s?" + _AMOUNT, re.IGNORECASE)
_VALUE_WORD = re.compile(_AMOUNT + r"\s*(?P<cur>" + "|".join(_CURRENCY_WORDS) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class DealWords:
    """The words of each stage (``[register]`` of ``kb/triggers.toml``), inflected."""

    stages: Mapping[str, frozenset[str]]
    units: tuple[str, ...] = ()
    pending: frozenset[str] = frozenset()

    @classmethod
    def from_kb(cls, kb: KB) -> DealWords:
        """The stage verbs and count units of the KB."""
        section = kb.toml("triggers.toml").get("register")
        table: Mapping[str, Any] = section if isinstance(section, Mapping) else {}
        stages: dict[str, frozenset[str]] = {
            stage: verb_forms(str(w) for w in table.get(stage, ())) for stage in STAGES
        }
        return cls(
            stages=stages,
            units=tuple(str(u) for u in table.get("units", ())),
            pending=verb_forms(str(w) for w in table.get("pending", ())),
        )


@dataclass(frozen=True, slots=True)
class Designations:
    """The designations of ``kb/weapons.csv``: term -> (category, maker)."""

    terms: Mapping[str, tuple[str, str | None]]
    pattern: re.Pattern[str] | None = None

    @classmethod
    def from_kb(cls, kb: KB) -> Designations:
        """The KB's designations, matched longest first, as whole words."""
        terms = {w.term: (w.category, w.maker) for w in kb.weapons if w.kind == "designation"}
        return cls.of(terms)

    @classmethod
    def of(cls, terms: Mapping[str, tuple[str, str | None]]) -> Designations:
        """Designations from a term table (tests, overlays)."""
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        pattern = (
            re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])", re.IGNORECASE) if terms else None
        )
        return cls(terms=dict(terms), pattern=pattern)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of every designation named in ``text``, left to right."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), m.group(0).lower()) for m in self.pattern.finditer(text)]


@dataclass(frozen=True, slots=True, kw_only=True)
class DealReport:
    """What one report says of a deal for one designation."""

    event_id: str
    doc_id: str
    outlet: str | None
    url: str | None
    published: str | None
    evidence: str
    supplier: tuple[str, ...]
    recipient: tuple[str, ...]
    designation: str
    written: str
    number: int | None = None
    number_qualifier: str | None = None
    unit: str | None = None
    value: float | None = None
    currency: str | None = None
    status: DealStatus = "delivered"
    date: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterEntry:
    """One deal: supplier, recipient and designation across its reports."""

    entry_id: str
    supplier: tuple[str, ...]
    recipient: tuple[str, ...]
    designation: str
    weapon_description: str
    number_ordered: int | None
    number_delivered: int | None
    year_of_order: int | None
    years_of_delivery: tuple[int, ...]
    status: DealStatus
    value: float | None
    currency: str | None
    reports: tuple[DealReport, ...] = field(default=())

    def as_row(self) -> dict[str, Any]:
        """The entry as a JSON-able record, its reports as sources (outlet, url, evidence)."""
        return {
            "entry_id": self.entry_id,
            "supplier": list(self.supplier),
            "recipient": list(self.recipient),
            "designation": self.designation,
            "weapon_description": self.weapon_description,
            "number_ordered": self.number_ordered,
            "number_delivered": self.number_delivered,
            "year_of_order": self.year_of_order,
            "years_of_delivery": list(self.years_of_delivery),
            "status": self.status,
            "value": self.value,
            "currency": self.currency,
            "sources": [
                {
                    "outlet": r.outlet,
                    "url": r.url,
                    "doc_id": r.doc_id,
                    "evidence": r.evidence,
                    "status": r.status,
                }
                for r in self.reports
            ],
        }

    def as_sipri(self) -> dict[str, Any]:
        """The entry in the columns of SIPRI's trade register (:data:`SIPRI_FIELDS`)."""
        row = self.as_row()
        row["supplier"] = ";".join(self.supplier)
        row["recipient"] = ";".join(self.recipient)
        row["years_of_delivery"] = ";".join(str(y) for y in self.years_of_delivery) or None
        row["comments"] = " | ".join(
            f"{r.outlet or r.doc_id}: {r.evidence} <{r.url or r.doc_id}>" for r in self.reports
        )
        return {name: row[name] for name in SIPRI_FIELDS}


def read_value(text: str) -> tuple[float, str] | None:
    """The first amount of money in ``text`` as (amount, ISO currency), or None."""
    found = [(m.start(), m, _CURRENCY_SIGNS[m["cur"].lower()]) for m in _VALUE_SIGN.finditer(text)]
    found += [(m.start(), m, _CURRENCY_WORDS[m["cur"].lower()]) for m in _VALUE_WORD.finditer(text)]
    if not found:
        return None
    _, match, currency = min(found, key=lambda f: f[0])
    amount = float(match["amount"].replace(",", ""))
    scale = (match["scale"] or "").lower()
    return amount * _SCALES.get(scale, 1.0), currency


#: Words before a deed's verb that make it a plan, not a deed ("signed a deal to deliver").
_PLANNED = frozenset({"to", "will", "would", "shall", "could", "may", "might", "can", "be"})


def read_status(text: str, factuality: str, words: DealWords) -> DealStatus | None:
    """The stage a report's words name, given its factuality; None for a negated report that
    does not cancel."""
    tokens = [w.lower() for w in _WORD.findall(text)]
    deeds = words.stages.get("delivered", frozenset()) | words.stages.get("in_use", frozenset())
    # A delivery or a use that is only planned ("to deliver", "will be used") is no stage yet.
    done = {t for i, t in enumerate(tokens) if not (i and tokens[i - 1] in _PLANNED)}
    present = {t for t in tokens if t not in deeds or t in done}
    named = [stage for stage in STAGES if words.stages.get(stage, frozenset()) & present]
    if factuality == "negated":
        return "cancelled" if "cancelled" in named else None
    stage: DealStatus = named[-1] if named else ("delivered" if factuality == "certain" else "offered")
    if stage == "ordered" and words.pending & present:
        stage = "offered"  # "negotiating a deal": no order yet
    if factuality == "possible" and stage not in ("offered", "requested", "cancelled"):
        return "requested" if "requested" in named else "offered"
    return stage


def _number_for(
    text: str, spans: Sequence[tuple[int, int, str]], units: Sequence[str], term: str
) -> tuple[int | None, str | None, str | None]:
    """The number a sentence gives of one designation: the count standing before it ("180 K2
    tanks"), or, when the sentence names only this designation, before a unit ("more than
    1,000 containers")."""
    anchors = {(s, e) for s, e, _ in spans}
    for unit in units:
        anchors |= {m.span() for m in re.finditer(r"(?<![\w-])" + re.escape(unit) + r"\b", text, re.I)}
    found = [q for q in find_quantities(text, sorted(anchors)) if q.value.isdigit()]
    own = [q for q in found if q.noun == term]
    if not own and len({t for _, _, t in spans}) == 1:
        own = [q for q in found if q.noun.lower() in {u.lower() for u in units}]
    if not own:
        return None, None, None
    q = own[0]
    return int(q.value), q.ref, q.noun


def read_deal(member: Mapping[str, Any], designations: Designations, words: DealWords) -> list[DealReport]:
    """What one supporting report (a ``Reader.fact_members`` row) says of each deal it names."""
    text = str(member.get("evidence") or "")
    spans = designations.find(text)
    status = read_status(text, str(member.get("factuality")), words)
    if not spans or status is None:
        return []
    value = read_value(text)
    reports = []
    for term in dict.fromkeys(t for _, _, t in spans):
        written = next(text[s:e] for s, e, t in spans if t == term)
        number, qualifier, unit = _number_for(text, spans, words.units, term)
        reports.append(
            DealReport(
                event_id=str(member["event_id"]),
                doc_id=str(member["doc_id"]),
                outlet=member.get("outlet"),
                url=member.get("url"),
                published=member.get("published"),
                evidence=text,
                supplier=tuple(member.get("source") or ()),
                recipient=tuple(member.get("target") or ()),
                designation=term,
                written=written,
                number=number,
                number_qualifier=qualifier,
                unit=unit,
                value=value[0] if value else None,
                currency=value[1] if value else None,
                status=status,
                date=member.get("date"),
            )
        )
    return reports


def _year(report: DealReport) -> int | None:
    when = report.date or report.published
    return int(str(when)[:4]) if when else None


def entry_id_for(supplier: Sequence[str], recipient: Sequence[str], designation: str) -> str:
    """A register entry's id: stable for its supplier, recipient and designation."""
    key = f"{','.join(supplier)}>{','.join(recipient)}>{designation}"
    return "r" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:15]


def build_entry(
    supplier: tuple[str, ...],
    recipient: tuple[str, ...],
    reports: Sequence[DealReport],
    designations: Designations,
) -> RegisterEntry:
    """The entry the reports of one deal make up (see the module's rule)."""
    ordered = [r for r in reports if r.status in ORDER_STAGES]
    delivered = [r for r in reports if r.status in ("delivered", "in_use")]
    latest = max(reports, key=lambda r: (r.published or "", r.date or ""))
    going: list[DealStatus] = [r.status for r in reports if r.status != "cancelled"]
    status: DealStatus = latest.status
    if latest.status != "cancelled" or not going:
        status = max(going or [latest.status], key=STAGES.index)
    order_years = [y for r in ordered if r.status == "ordered" and (y := _year(r)) is not None]
    valued = next((r for r in reports if r.value is not None), None)
    term = reports[0].designation
    category, maker = designations.terms.get(term, ("", None))
    description = category.replace("_", " ") + (f" made in {maker}" if maker else "")
    return RegisterEntry(
        entry_id=entry_id_for(supplier, recipient, term),
        supplier=supplier,
        recipient=recipient,
        designation=reports[0].written,
        weapon_description=description,
        number_ordered=max((r.number for r in ordered if r.number is not None), default=None),
        number_delivered=max((r.number for r in delivered if r.number is not None), default=None),
        year_of_order=min(order_years) if order_years else None,
        years_of_delivery=tuple(sorted({y for r in delivered if (y := _year(r)) is not None})),
        status=status,
        value=valued.value if valued else None,
        currency=valued.currency if valued else None,
        reports=tuple(reports),
    )


def group_reports(
    facts: Iterable[tuple[Mapping[str, Any], Sequence[Mapping[str, Any]]]],
    designations: Designations,
    words: DealWords,
) -> list[RegisterEntry]:
    """Register entries from (fact, members) pairs: one per supplier, recipient and designation."""
    groups: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[DealReport]] = {}
    for fact, members in facts:
        supplier, recipient = tuple(fact["source"]), tuple(fact["target"])
        for member in members:
            if member.get("relation") == "context" or member.get("type") != fact["type"]:
                continue
            for report in read_deal(member, designations, words):
                groups.setdefault((supplier, recipient, report.designation), []).append(report)
    entries = [build_entry(s, r, reports, designations) for (s, r, _), reports in groups.items()]
    entries.sort(key=lambda e: (e.supplier, e.recipient, e.year_of_order or 0, e.designation.lower()))
    return entries


def register_entries(
    reader: Reader,
    kb: KB,
    *,
    supplier: str | None = None,
    recipient: str | None = None,
    designation: str | None = None,
    status: str | None = None,
) -> list[RegisterEntry]:
    """The register of a store's transfer facts, filtered by party, designation or status."""
    pairs = []
    for type in TRANSFER_TYPES:
        for fact in reader.facts(type=type, source=supplier, target=recipient):
            pairs.append((fact, reader.fact_members(fact["fact_id"])))
    entries = group_reports(pairs, Designations.from_kb(kb), DealWords.from_kb(kb))
    if designation is not None:
        entries = [e for e in entries if e.designation.lower() == designation.lower()]
    if status is not None:
        entries = [e for e in entries if e.status == status]
    return entries
