"""The one place that knows the stage order: sources -> clean -> nlp -> events -> store.

Stages are pure per document, so :class:`Processor` can run in worker processes while
the parent alone writes to SQLite (one writer, one transaction per document).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from armswatch.models import Article, Event, IngestFailure, ParsedArticle, RawDoc
from armswatch.sources import DEFAULT_MAX_BYTES
from armswatch.version import __version__

if TYPE_CHECKING:
    from armswatch.store import Store
    from armswatch.stories import UpdateReport

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Processed:
    """What the pipeline read from one document."""

    raw: RawDoc
    article: Article
    parsed: ParsedArticle
    events: tuple[Event, ...]


@dataclass
class IngestReport:
    """Counts of one ingest run, for the summary table and the exit code."""

    seen: int = 0
    written: int = 0
    unchanged: int = 0
    errors: int = 0
    events: int = 0
    per_outlet: Counter[str] = field(default_factory=Counter)
    error_messages: list[str] = field(default_factory=list)
    stories: UpdateReport | None = None


class Processor:
    """Per-process pipeline state, built once: KB, mention finder, spaCy, event extractor."""

    def __init__(self, *, kb_overlay: str | None = None, cascade: bool = True) -> None:
        from armswatch.events import EventExtractor
        from armswatch.kb import load_kb
        from armswatch.nlp import MentionFinder, load_spacy

        self.kb = load_kb(kb_overlay)
        self.finder = MentionFinder(self.kb)
        self.extractor = EventExtractor.from_kb(self.kb, load_spacy(disable=("ner",)), cascade=cascade)

    @property
    def kb_version(self) -> str:
        return self.kb.version

    def read(self, article: Article) -> tuple[ParsedArticle, tuple[Event, ...]]:
        """Mentions and events of a cleaned article."""
        parsed = self.finder.find(article)
        return parsed, tuple(self.extractor.extract(parsed))

    def process(self, raw: RawDoc) -> Processed:
        """Clean, read mentions and events: the whole pipeline for one document."""
        from armswatch.clean import clean_document
        from armswatch.errors import CleanError

        article = clean_document(raw)
        if not any(char.isalnum() for char in article.text):
            # Markup cut short (``<html><``) cleans to a stray bracket: that is no article.
            raise CleanError(f"{raw.doc_id}: no article text found in {raw.kind} document {raw.source}")
        parsed, events = self.read(article)
        return Processed(raw=raw, article=article, parsed=parsed, events=events)


_WORKER: Processor | None = None


def _init_worker(kb_overlay: str | None) -> None:
    global _WORKER
    _WORKER = Processor(kb_overlay=kb_overlay)


def _work(raw: RawDoc) -> Processed | IngestFailure:
    assert _WORKER is not None
    return _safe_process(_WORKER, raw)


#: Libraries whose log messages are about the document being read: they are said with its name.
_LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


class _Collect(logging.Handler):
    """Keeps what the libraries log while one document is read (warnings and worse)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip() or "(no detail)"
        message = f"{text} ({record.name.split('.')[0]})"
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def _library_messages() -> Iterator[_Collect]:
    """Catch the libraries' log messages (instead of letting them reach stderr unattributed)."""
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in _LIBRARY_LOGGERS]
    saved = [lg.propagate for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    try:
        yield handler
    finally:
        for lg, propagate in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.propagate = propagate


def _safe_process(proc: Processor, raw: RawDoc) -> Processed | IngestFailure:
    with _library_messages() as library:
        try:
            result: Processed | IngestFailure = proc.process(raw)
        except Exception as exc:  # one bad document must never stop a batch
            log.debug("document %s failed", raw.source, exc_info=True)
            result = IngestFailure(source=raw.source, doc_id=raw.doc_id, message=_describe(exc, raw.doc_id))
    # A document that failed has its one error line; what the libraries said is detail.
    for message in library.messages:
        log.log(
            logging.DEBUG if isinstance(result, IngestFailure) else logging.WARNING,
            "%s: %s",
            raw.source,
            message,
        )
    return result


def _describe(exc: BaseException, doc_id: str | None = None) -> str:
    """A failure as the user reads it: our own errors' words, a system error's reason, and
    never an exception class name."""
    from armswatch.errors import ArmswatchError

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if doc_id and text.startswith(f"{doc_id}: "):
        text = text[len(doc_id) + 2 :]  # the line already names the document
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, UnicodeError):
        return "not readable as text (an encoding error)"
    if isinstance(exc, MemoryError):
        return "too large to read in memory"
    if isinstance(exc, ArmswatchError | ValueError | RuntimeError) and text:
        return text
    # An error of no known kind is a bug: its words may be bare (a KeyError's "'x'").
    return f"unexpected failure: {text}" if text else "unexpected failure (run with -vv for details)"


def _results(
    raws: Iterable[RawDoc | IngestFailure], workers: int, kb_overlay: str | None
) -> Iterator[Processed | IngestFailure]:
    if workers <= 1:
        proc: Processor | None = None
        for raw in raws:
            if isinstance(raw, IngestFailure):
                yield raw
                continue
            if proc is None:
                proc = Processor(kb_overlay=kb_overlay)
            yield _safe_process(proc, raw)
        return
    # Keep a bounded window in flight so memory does not grow with the corpus.
    window = workers * 8
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(kb_overlay,)) as pool:
        pending: list[Future[Processed | IngestFailure] | IngestFailure] = []
        for raw in raws:
            pending.append(raw if isinstance(raw, IngestFailure) else pool.submit(_work, raw))
            while len(pending) >= window:
                yield _resolve(pending.pop(0))
        for item in pending:
            yield _resolve(item)


def _resolve(item: Future[Processed | IngestFailure] | IngestFailure) -> Processed | IngestFailure:
    return item if isinstance(item, IngestFailure) else item.result()


def ingest(
    paths: Iterable[str],
    store_path: str | Path,
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    kb_overlay: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read documents from ``paths`` into the database at ``store_path``.

    :func:`ingest_documents` over the sources stage's reading of ``paths``.
    """
    from armswatch.kb import load_kb
    from armswatch.sources import iter_documents
    from armswatch.store import open_store

    # A malformed KB overlay fails before the database file is created.
    load_kb(kb_overlay)
    with open_store(store_path) as store:
        return ingest_documents(
            iter_documents(paths, max_bytes=max_bytes),
            store,
            workers=workers,
            kb_overlay=kb_overlay,
            on_progress=on_progress,
        )


def ingest_documents(
    docs: Iterable[RawDoc | IngestFailure],
    store: Store,
    *,
    workers: int = 1,
    kb_overlay: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Run documents through the pipeline into an open ``store``, then update its stories.

    ``docs`` may hold ``IngestFailure`` records of documents that could not be read; they are
    recorded and counted like the documents that fail here. Re-ingesting content already
    stored is a no-op; each document is written in one transaction; a document that fails
    is recorded in ``ingest_errors`` and skipped.
    """
    from armswatch.kb import load_kb

    report = IngestReport()
    kb_version = load_kb(kb_overlay).version
    taken: dict[str, str] = {}

    def fresh() -> Iterator[RawDoc | IngestFailure]:
        for item in docs:
            report.seen += 1
            if isinstance(item, RawDoc) and "#" not in item.source:
                # Only whole files are named by their stem; feed items and archive records
                # carry ids of their own, and the same item in two feeds is one document.
                first = taken.setdefault(item.doc_id, item.source)
                if first != item.source:
                    # Two files of one batch named alike ("a/index.html", "b/index.html"):
                    # the second would silently replace the first.
                    yield IngestFailure(
                        source=item.source,
                        doc_id=item.doc_id,
                        message=f"doc_id {item.doc_id!r} is taken by {first} in this batch; "
                        "skipped (rename one of the files, or ingest it on its own to replace)",
                    )
                    continue
            if isinstance(item, RawDoc) and store.read.has_document(item.doc_id, item.content_hash):
                report.unchanged += 1
                if on_progress:
                    on_progress(item.source)
                continue
            yield item

    for result in _results(fresh(), workers, kb_overlay):
        if isinstance(result, Processed):
            failure = _save(store, result, kb_version=kb_version, report=report)
            if failure is not None:
                result = failure
        if isinstance(result, IngestFailure):
            store.record_error(result)
            report.errors += 1
            report.error_messages.append(f"{result.source}: {result.message}")
            # Said once: the CLI prints error_messages; a library caller reads the report.
            log.info("%s: %s", result.source, result.message)
        if on_progress:
            on_progress(result.source if isinstance(result, IngestFailure) else result.raw.source)
    _update_stories(store, report)
    return report


def _save(store: Store, result: Processed, *, kb_version: str, report: IngestReport) -> IngestFailure | None:
    """Write one processed document; a document the store refuses becomes its failure.

    A busy database is not this document's fault: that error ends the run (nothing is lost,
    the documents not written yet are written by the next run).
    """
    from armswatch.errors import StoreBusyError, StoreError

    try:
        written = store.save_document(
            result.article,
            kind=result.raw.kind,
            sentences=result.parsed.sentences,
            mentions=result.parsed.mentions,
            events=result.events,
            armswatch_version=__version__,
            kb_version=kb_version,
        )
    except StoreBusyError:
        raise
    except StoreError as exc:
        log.debug("document %s not stored", result.raw.source, exc_info=True)
        return IngestFailure(source=result.raw.source, doc_id=result.raw.doc_id, message=str(exc))
    if written:
        report.written += 1
        report.events += len(result.events)
        report.per_outlet[result.article.outlet or "(unknown)"] += 1
    else:
        report.unchanged += 1
    return None


def _update_stories(store: Store, report: IngestReport) -> None:
    """Place the new articles in stories and their events in facts; a failure loses no document."""
    from armswatch.stories import update

    try:
        report.stories = update(store)
    except Exception as exc:  # the documents are stored: `armswatch rebuild` can redo this step
        log.debug("stories update failed", exc_info=True)
        report.errors += 1
        report.error_messages.append(f"stories: {_describe(exc)} (run `armswatch rebuild`)")


_SHARED: Processor | None = None


def extract(text_or_html: str, *, published: str | None = None, url: str | None = None) -> list[Event]:
    """The whole pipeline on one document, no database: events of a page or a text.

    A plain text too short to pass for an article ("Iran sent drones to Russia.") is read as
    it is. Raises ``SourceError`` for blank (or oversized) input, ``CleanError`` when no article
    text is found in a page, ValueError when ``published`` is not a date.
    """
    from armswatch.clean import CleanError
    from armswatch.clean.dates import date_from_machine
    from armswatch.errors import SourceError
    from armswatch.sources import doc_from_string, looks_like_html

    global _SHARED
    given = date_from_machine(published) if published is not None else None
    if published is not None and given is None:
        raise ValueError(f"published must be a date such as 2024-10-29, not {published!r}")
    if _SHARED is None:
        _SHARED = Processor()
    raw = doc_from_string(text_or_html, url=url, published=published)
    if isinstance(raw, IngestFailure):
        raise SourceError(raw.message)
    try:
        return list(_SHARED.process(raw).events)
    except CleanError:
        if raw.kind == "html" or looks_like_html(raw.content, whole_page=True):
            raise
    # The text segmenter keeps only prose-like blocks of a page; a lone short sentence is the text.
    article = Article(
        doc_id=raw.doc_id,
        source=raw.source,
        text=" ".join(raw.content.split()),
        content_hash=raw.content_hash,
        fetched_at=raw.fetched_at,
        published=given,
        published_evidence="given" if given else None,
        url=url,
    )
    return list(_SHARED.read(article)[1])
