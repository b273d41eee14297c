"""Bytes -> text, refusing what is not text.

Order: a BOM decides (UTF-8, UTF-16 LE/BE); then strict UTF-8; then Latin-1, but only
when the bytes look like Latin-1 prose (Latin-1 decodes *any* byte string, so without that
check a PNG, or a GBK-encoded .bib, would "decode" into mojibake). In Latin-1 prose a
non-ASCII byte is an accented letter between ASCII ones; multi-byte encodings (GBK, Big5,
Shift-JIS, EUC) write runs of two or more. Text in any other encoding is an error naming the
file and the first byte that is not UTF-8. NUL bytes outside UTF-16 mean binary.
"""

from __future__ import annotations

import codecs
import re
import zlib

from nlp.errors import ExtractionError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, LF, CR, FF are not found in text documents.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
# Latin-1 is accepted only if at most this share of the bytes are controls or C1 codes.
_MAX_ODD_SHARE = 0.01
# Non-ASCII bytes come one at a time in Latin-1 prose ("Café", "Größe" has a run of two).
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_MAX_MEAN_RUN = 1.5


def decode(data: bytes, name: str, *, max_unpacked: int | None = None) -> str:
    """The text of ``data``; ``ExtractionError`` naming ``name`` if it is empty or not text.

    A gzip stream is unpacked first, never past ``max_unpacked`` bytes (default
    :data:`MAX_UNPACKED`): the limit holds while inflating, so a bomb costs no more memory.
    """
    if data[:2] == _GZIP_MAGIC:
        data = _gunzip(data, name, MAX_UNPACKED if max_unpacked is None else max_unpacked)
    if not data.strip():
        raise ExtractionError.of(name, "empty-file", "a text document with at least one record",
                                 line=1, message="the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise _undecodable(name, data, exc.start, encoding) from exc
    if b"\x00" in data:
        raise ExtractionError.of(name, "binary-file", "a text document (UTF-8, UTF-16 with BOM or Latin-1)",
                                 line=_line_of(data, data.index(b"\x00")), message="the file contains NUL bytes")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if _looks_like_latin1_text(data):
            return _normalise(data.decode("latin-1"))
        if _looks_like_text(data):
            raise ExtractionError.of(
                name, "unsupported-encoding", "text in UTF-8, UTF-16 with a BOM, or Latin-1",
                line=_line_of(data, exc.start),
                message=f"bytes at offset {exc.start} are not UTF-8 and the file does not read as Latin-1 "
                        "(another encoding, such as GBK or Shift-JIS?); save it as UTF-8") from exc
        raise _undecodable(name, data, exc.start, "utf-8") from exc


_GZIP_MAGIC = b"\x1f\x8b"
# A compressed file may expand this far and no further (gzip bombs); the largest paper list of the
# corpus unpacks to about 30 MiB. Uploads pass their own, smaller limit (RG_MAX_UPLOAD_BYTES).
MAX_UNPACKED = 512 * 1024**2


def _gunzip(data: bytes, name: str, limit: int) -> bytes:
    """Paper lists ship as ``.json.gz``: a gzip stream is unpacked before decoding."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit)
    except zlib.error as exc:
        raise ExtractionError.of(name, "bad-gzip", "a complete gzip stream", line=1, message=str(exc)) from exc
    if inflater.unconsumed_tail:
        raise ExtractionError.of(name, "too-large", f"at most {limit} bytes once unpacked", line=1,
                                 message="the gzip stream unpacks to more")
    if not inflater.eof:
        raise ExtractionError.of(name, "bad-gzip", "a complete gzip stream", line=1, message="the stream is cut short")
    return out


def _normalise(text: str) -> str:
    # One newline convention for every reader; a stray BOM inside is dropped.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def _looks_like_text(data: bytes) -> bool:
    return sum(1 for b in data if b in _CONTROL) <= _MAX_ODD_SHARE * len(data)


def _looks_like_latin1_text(data: bytes) -> bool:
    odd = sum(1 for b in data if b in _CONTROL or 0x80 <= b < 0xA0)
    if odd > _MAX_ODD_SHARE * len(data):
        return False
    runs = [len(r) for r in _HIGH_RUN.findall(data)]
    return not runs or sum(runs) / len(runs) <= _MAX_MEAN_RUN


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _undecodable(name: str, data: bytes, offset: int, encoding: str) -> ExtractionError:
    return ExtractionError.of(name, "binary-file", "a text document (UTF-8, UTF-16 with BOM or Latin-1)",
                              line=_line_of(data, offset), message=f"bytes at offset {offset} are not {encoding}")
