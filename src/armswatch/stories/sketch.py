"""Near-duplicate detection: MinHash signatures of word shingles, banded for LSH lookup.

Contract: a cleaned body -> a signature (bytes) and its LSH bucket keys; two signatures -> an
estimate of the Jaccard similarity of the bodies' shingle sets. datasketch computes the
signatures and chooses the band layout for the threshold; the buckets live in SQLite
(``minhash_bands``) so that a lookup costs a few index probes, not a scan or an in-memory
index rebuilt at every run. Pure.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

#: Permutations per signature: the Jaccard estimate's standard error is about 0.04 at 0.5.
NUM_PERM = 128
#: Words per shingle: long enough that two articles on one event share few of them.
SHINGLE_WORDS = 3
#: Estimated Jaccard similarity above which a body is a copy of another.
NEAR_DUPLICATE = 0.5

_TOKEN = re.compile(r"\w+", re.UNICODE)


@functools.cache
def _template() -> MinHash:
    # CRC-32 of each shingle instead of datasketch's default SHA-1: four times faster, stable
    # across processes, and ample for MinHash (signatures are only compared with each other).
    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)


@functools.cache
def band_layout(threshold: float = NEAR_DUPLICATE) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH picks for ``threshold``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of a text, case-folded, as UTF-8 bytes."""
    words = [w.casefold() for w in _TOKEN.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of a text's shingles (empty bytes for a text without words)."""
    found = shingles(text)
    if not found:
        return b""
    sketch = _template().copy()
    sketch.update_batch(sorted(found))
    return bytes(np.ascontiguousarray(sketch.hashvalues).tobytes())


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype=_template().hashvalues.dtype)


def buckets(sig: bytes, threshold: float = NEAR_DUPLICATE) -> list[int]:
    """LSH bucket keys of a signature: one signed 64-bit hash per band (band number included)."""
    if not sig:
        return []
    bands, rows = band_layout(threshold)
    values = _values(sig)
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM
