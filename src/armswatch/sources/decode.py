"""Bytes to text: BOM, UTF-8, declared charset, then a guess that favours what news sites use."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from armswatch.sources._common import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Browsers decode these labels as windows-1252 (WHATWG Encoding), and so do pages that declare them.
_WHATWG_ALIASES = {
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{1,40})""", re.I)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_NON_ASCII = re.compile(rb"[\x80-\xff]")

# Control bytes that do not occur in text (tab, LF, FF, CR and ESC do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_SAMPLE = 8192
_TEXT_SAMPLE = 200_000
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")

# windows-1252 with its five undefined bytes mapped to the C1 controls, as the WHATWG table does,
# so that decoding can never fail.
_CP1252 = {i: bytes([i]).decode("cp1252", "ignore") or chr(i) for i in range(0x80, 0xA0)}
_CP1252_TABLE = str.maketrans({chr(i): c for i, c in _CP1252.items()})

# Punctuation that cp1252 text really contains (quotes, dashes, currency, NBSP ...).
_TYPOGRAPHIC = frozenset("\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿×÷€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œŸ")
_BETWEEN_LETTERS = frozenset("\u00ad·‘’–—")


def cp1252(data: bytes) -> str:
    """Decode windows-1252 the way browsers do; never fails."""
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _utf8_with_cp1252(err: UnicodeError) -> tuple[str, int]:
    # A page pasted together from UTF-8 and cp1252 parts: keep the stray bytes readable.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return cp1252(err.object[err.start : err.end]), err.end


codecs.register_error("armswatch.cp1252", _utf8_with_cp1252)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control bytes near the start."""
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(sample)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if any."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name.replace("-", "_"), name)


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 text has a NUL in every other byte when it is mostly ASCII.
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    half = len(sample) // 2
    for codec, zeros, other in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        if zeros.count(0) * 10 >= half * 7 and other.count(0) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if looks_binary(text.encode("utf-8")) else text
    return None


def _symbol_inside_word(text: str) -> bool:
    """True if a non-ASCII symbol sits between two letters, the mark of a wrong single-byte codec."""
    sample = text[:_TEXT_SAMPLE]
    for match in _NON_ASCII_CHAR.finditer(sample):
        ch = match.group()
        if ch.isalpha() or ch in _BETWEEN_LETTERS or unicodedata.category(ch)[0] == "M":
            continue
        start = match.start()
        if sample[start - 1 : start].isalpha() and sample[start + 1 : start + 2].isalpha():
            return True
    return False


def _plausible_cp1252(text: str) -> bool:
    # English (and most western) news in cp1252 is mostly ASCII letters plus a few accented letters
    # and typographic quotes. Cyrillic or Greek read as cp1252 is mostly accented letters, and
    # central European text shows symbols inside words ("W³adys³aw").
    sample = text[:_TEXT_SAMPLE]
    if any(ord(ch) > 0x7F and not ch.isalpha() and ch not in _TYPOGRAPHIC for ch in sample):
        return False
    letters = sum(ch.isalpha() for ch in sample)
    foreign = sum(ch.isalpha() for ch in _NON_ASCII_CHAR.findall(sample))
    return foreign * 4 < letters and not _symbol_inside_word(sample)


def decode_bytes(data: bytes, *, html: bool = False, declared: str | None = None) -> str:
    """Decode a document, raising ``SourceError`` for binary data.

    Order: BOM, UTF-8, the declared charset (``declared`` from a transport header, else the
    document's own meta/XML declaration when ``html``), UTF-8 with stray cp1252 bytes when
    the data is mostly UTF-8, cp1252 when it reads as western text, charset_normalizer,
    and finally cp1252, which cannot fail.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if looks_binary(data):
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise SourceError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in (declared, declared_charset(data) if html else None):
        name = _codec(label)
        # A declared UTF-16/32 is wrong for bytes without NULs (we are past the binary check).
        if name is None or name.startswith(("utf-16", "utf-32")):
            continue
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    in_utf8 = sum(len(seq) for seq in _UTF8_MULTIBYTE.findall(data))
    if in_utf8 * 2 >= len(_NON_ASCII.findall(data)):
        return data.decode("utf-8", errors="armswatch.cp1252")
    text = cp1252(data)
    if _plausible_cp1252(text):
        return text
    guesses = [str(match) for match in from_bytes(data)]
    return next(
        (guess for guess in guesses if not _symbol_inside_word(guess)), guesses[0] if guesses else text
    )
