"""Exports: stored records out of armswatch, for scorers, spreadsheets, notebooks and graph tools.

Stage contract: a store's :class:`~armswatch.store.interface.Reader` in, files or text streams
out; nothing here writes to the database or touches SQLite. One module per responsibility:

* :mod:`~armswatch.export.writers`: the JSON Lines and CSV writers (``TEXT_WRITERS``, ``FORMATS``);
* :mod:`~armswatch.export.records`: article, event, fact and story records and their text exports
  (``export events --format jsonl`` is what ``shared/eval/score.py`` reads);
* :mod:`~armswatch.export.parquet`: the same records as Parquet (the optional ``[parquet]`` extra);
* :mod:`~armswatch.export.graph`: the actor graph as GraphML or GEXF;
* :mod:`~armswatch.export.plover`: events as PLOVER/POLECAT-style records;
* :mod:`~armswatch.export.flat`: events as one flat CSV row each, in ACLED/POLECAT's shape.

It comes after ``stories`` in the stage order, since facts and stories are among what it writes.
"""

from __future__ import annotations

from armswatch.export.flat import FLAT_COLUMNS, FLAT_FIELDS, export_flat, flat_records
from armswatch.export.graph import GRAPH_WRITERS, Graph, export_graph, relation_graph, store_graph
from armswatch.export.parquet import (
    export_articles_parquet,
    export_events_parquet,
    export_facts_parquet,
    export_stories_parquet,
)
from armswatch.export.plover import PLOVER_FIELDS, export_plover, plover_record, plover_records
from armswatch.export.records import (
    export_articles,
    export_events,
    export_facts,
    export_stories,
    flag_label,
)
from armswatch.export.writers import FORMATS, TEXT_WRITERS, write_csv, write_jsonl

__all__ = [
    "FLAT_COLUMNS",
    "FLAT_FIELDS",
    "FORMATS",
    "GRAPH_WRITERS",
    "PLOVER_FIELDS",
    "TEXT_WRITERS",
    "Graph",
    "export_articles",
    "export_articles_parquet",
    "export_events",
    "export_events_parquet",
    "export_facts",
    "export_facts_parquet",
    "export_flat",
    "export_graph",
    "export_plover",
    "export_stories",
    "export_stories_parquet",
    "flag_label",
    "flat_records",
    "plover_record",
    "plover_records",
    "relation_graph",
    "store_graph",
    "write_csv",
    "write_jsonl",
]
