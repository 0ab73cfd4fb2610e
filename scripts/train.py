"""Train the learned reader of the events stage and write ``src/armswatch/events/relations.json``.

Usage::

    python scripts/train.py            # train on dev + the tuning part of realtrain, write the model
    python scripts/train.py --report   # also print cross-validated figures per event type

The model (see :mod:`armswatch.events.learned`) scores the ways a sentence's actors could fill an
event's roles. Its examples are every slot of every document of the training sets; a slot is
positive when a gold event of its type has its evidence in that sentence and the slot's parties in
its roles. Only the tuning data is read: ``realdev`` and the check part of ``realtrain`` stay
unseen, so ``scripts/evaluate.py`` can tell whether the model carries.

Each (event type, form) gets an L2 logistic regression (scikit-learn, L-BFGS: deterministic, the
same data gives the same file). Its threshold comes from out-of-fold probabilities (folds by
story): the lowest probability at which the slots the rules do not already read are right at
least ``--precision`` of the time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate import EVAL, doc_ids, read_jsonl  # noqa: E402

from armswatch.events.candidate import Candidate  # noqa: E402
from armswatch.events.detect import EventExtractor, _is_dateline  # noqa: E402
from armswatch.events.discourse import complete_roles  # noqa: E402
from armswatch.events.learned import MODEL_FILE, Slot, covers, slots  # noqa: E402
from armswatch.models import ParsedArticle, RawDoc  # noqa: E402
from armswatch.pipeline import Processor  # noqa: E402
from armswatch.sources import iter_documents  # noqa: E402

OUT = ROOT / "src" / "armswatch" / "events" / MODEL_FILE
#: Fewer positive examples than this and a (type, form) gets no model: it would learn names.
MIN_POSITIVES = 8


@dataclass(frozen=True)
class Example:
    slot: Slot
    story: str
    label: bool
    # Some gold event of the document has this slot's type and parties: what the scorer counts.
    in_document: bool
    covered: bool
    etype: str


def _training_docs() -> list[tuple[Path, str]]:
    """(path, story) of every training document: dev, and realtrain's tuning part (the split
    ``scripts/evaluate.py`` scores)."""
    out = []
    for base, part in (("dev", "dev"), ("realtrain", "realtrain-tune")):
        stories = {
            row["doc_id"]: f"{base}:{row.get('story') or row['doc_id']}"
            for row in read_jsonl(EVAL / base / "gold" / "articles.jsonl")
        }
        keep = doc_ids(part)
        for path in sorted((EVAL / base / "docs").iterdir()):
            if path.stem in (stories if keep is None else keep):
                out.append((path, stories.get(path.stem, path.stem)))
    return out


def _gold() -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for base in ("dev", "realtrain"):
        for row in read_jsonl(EVAL / base / "gold" / "events.jsonl"):
            by_doc[row["doc_id"]].append(row)
    return by_doc


def _sentence_of(parsed: ParsedArticle, evidence: str) -> int | None:
    """The sentence of the article that holds a gold event's evidence (its first dozen words)."""
    words = evidence.split()[:12]
    if not words:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), parsed.article.text)
    if found is None:
        return None
    for s in parsed.sentences:
        if s.start <= found.start() < s.end:
            return s.index
    return None


def _positive(slot: Slot, gold: Iterable[dict[str, Any]]) -> set[str]:
    """The event types whose gold events this slot states."""
    out: set[str] = set()
    for g in gold:
        src, tgt = set(g["source"] or ()), set(g["target"] or ())
        directed = slot.form == "directed" and slot.first in src and slot.second in tgt
        joint = slot.form == "joint" and not tgt and slot.first in src and slot.second in src
        single = slot.form == "single" and not tgt and slot.first in src
        if directed or joint or single:
            out.add(g["type"])
    return out


@dataclass(frozen=True)
class Read:
    """One training document as the pipeline reads it, with its gold events."""

    parsed: ParsedArticle
    rules: tuple[Candidate, ...]
    parses: dict[int, Any]
    story: str
    gold: tuple[dict[str, Any], ...]


def read_corpus(proc: Processor) -> list[Read]:
    """Every training document through the pipeline, the learned reader off."""
    proc.extractor.relations = None  # the rules alone: their reading is a feature
    gold = _gold()
    out = []
    for path, story in _training_docs():
        for raw in iter_documents([str(path)]):
            if isinstance(raw, RawDoc):
                parsed = proc.process(raw).parsed
                parses: dict[int, Any] = {}
                rules = tuple(complete_roles(proc.extractor.rule_candidates(parsed, parses=parses)))
                out.append(Read(parsed, rules, parses, story, tuple(gold.get(raw.doc_id, ()))))
    return out


def read_examples(corpus: Sequence[Read], types: Sequence[str], extractor: EventExtractor) -> list[Example]:
    """Every slot of every training document, labelled for each event type."""
    examples = []
    for doc in corpus:
        parsed, rules = doc.parsed, doc.rules
        text = parsed.article.text
        by_sentence: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for g in doc.gold:
            idx = _sentence_of(parsed, g["evidence"])
            if idx is not None:
                by_sentence[idx].append(g)
        found = slots(
            parsed,
            rules,
            kinds=extractor.actor_kinds,
            words=extractor.learned_words,
            parses=doc.parses,
            skip=lambda m, t=text: _is_dateline(t, m),
        )
        for slot in found:
            labels = _positive(slot, by_sentence.get(slot.sentence.index, ()))
            anywhere = _positive(slot, doc.gold)
            for etype in types:
                examples.append(
                    Example(
                        slot=slot,
                        story=doc.story,
                        label=etype in labels,
                        in_document=etype in anywhere,
                        covered=any(covers(c, etype, slot) for c in rules),
                        etype=etype,
                    )
                )
    return examples


def _fit(examples: Sequence[Example], c: float) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(e.slot.features, 1) for e in examples])
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=2000)
    model.fit(x, [e.label for e in examples])
    return vec, model


def _threshold(examples: Sequence[Example], probs: Sequence[float], precision: float) -> float | None:
    """The lowest threshold whose uncovered slots above it are right ``precision`` of the time."""
    ranked = sorted(
        ((p, e.in_document) for p, e in zip(probs, examples, strict=True) if not e.covered), reverse=True
    )
    best, tp = None, 0
    for n, (p, label) in enumerate(ranked, 1):
        tp += label
        if n >= 5 and tp / n >= precision:
            best = p
    return best


def train(
    examples: Sequence[Example], *, c: float, precision: float, folds: int, report: bool
) -> dict[str, Any]:
    """One scorer per (type, form) with enough positives; thresholds from out-of-fold scores."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for e in examples:
        groups[(e.etype, e.slot.form)].append(e)
    scorers = []
    oof_adds = oof_right = 0
    for (etype, form), group in sorted(groups.items()):
        positives = sum(e.label for e in group)
        if positives < MIN_POSITIVES:
            continue
        stories = sorted({e.story for e in group})
        fold_of = {s: i % folds for i, s in enumerate(stories)}
        probs = [0.0] * len(group)
        for k in range(folds):
            train_idx = [i for i, e in enumerate(group) if fold_of[e.story] != k]
            test_idx = [i for i, e in enumerate(group) if fold_of[e.story] == k]
            if not test_idx or not any(group[i].label for i in train_idx):
                continue
            vec, model = _fit([group[i] for i in train_idx], c)
            xs = vec.transform([dict.fromkeys(group[i].slot.features, 1) for i in test_idx])
            for i, p in zip(test_idx, model.predict_proba(xs)[:, 1], strict=True):
                probs[i] = float(p)
        threshold = _threshold(group, probs, precision)
        if report:
            new = [(p, e.in_document) for p, e in zip(probs, group, strict=True) if not e.covered]
            above = [lab for p, lab in new if threshold is not None and p >= threshold]
            new.sort(reverse=True)
            curve = " ".join(
                f"@{k}:{sum(lab for _, lab in new[:k]) / k:.2f}({new[k - 1][0]:.2f})"
                for k in (10, 20, 40, 80)
                if len(new) >= k
            )
            print(f"    {curve}", file=sys.stderr)
            print(
                f"{etype:22} {form:8} pos={positives:4} uncovered_pos={sum(lab for _, lab in new):4} "
                f"threshold={threshold if threshold is None else round(threshold, 3)} "
                f"adds={len(above):4} right={sum(above):4}",
                file=sys.stderr,
            )
        if threshold is None:
            continue
        chosen = [
            e.in_document for p, e in zip(probs, group, strict=True) if not e.covered and p >= threshold
        ]
        oof_adds += len(chosen)
        oof_right += sum(chosen)
        vec, model = _fit(group, c)
        weights = {
            name: round(float(w), 4)
            for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
            if abs(w) >= 0.01
        }
        scorers.append(
            {
                "type": etype,
                "form": form,
                "bias": round(float(model.intercept_[0]), 4),
                "threshold": round(threshold, 4),
                "weights": dict(sorted(weights.items())),
            }
        )
    return {"version": "1", "scorers": scorers, "out_of_fold": {"added": oof_adds, "right": oof_right}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    parser.add_argument("--precision", type=float, default=0.5, help="precision of added slots")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args(argv)
    from armswatch.models import EVENT_TYPES

    proc = Processor()
    corpus = read_corpus(proc)
    examples = read_examples(corpus, list(EVENT_TYPES), proc.extractor)
    model = train(examples, c=args.c, precision=args.precision, folds=args.folds, report=args.report)
    args.out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['scorers'])} scorers, {args.out.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
