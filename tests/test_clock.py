"""The one clock: UTC timestamps to the second."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from armswatch.clock import now


def test_now_is_a_utc_timestamp_to_the_second() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = now()
    after = datetime.now(UTC)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", stamp)
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= when <= after + timedelta(seconds=1)
