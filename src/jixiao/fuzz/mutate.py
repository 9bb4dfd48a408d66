"""Mutation strategies over seed inputs (变异策略): bytes, text, ZIP containers, PDFs.

Every mutator takes a :class:`random.Random` and returns a new input; nothing here touches
the file system. Byte mutators damage files the way transfers and editors do (bits flipped,
blocks zeroed, cut short, spliced with another sample, bytes inserted); text mutators work on
characters, with a per-target dictionary of "interesting" tokens (comparators, units, dates,
markup) so that mutations reach deep into the grammars; container mutators unpack a ZIP
(``.xlsx``/``.docx``), mutate one part and pack it again with correct checksums, so the XML
readers, not only the ZIP layer, are exercised; the PDF mutator inflates content streams,
mutates their operators and writes them back uncompressed.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence

__all__ = [
    "INTERESTING_NUMBERS",
    "mutate_bytes",
    "mutate_pdf",
    "mutate_text",
    "mutate_zip",
]

INTERESTING_NUMBERS: tuple[str, ...] = (
    "0", "-1", "1", "-0", "0.0", "00", "255", "256", "65535", "65536", "2147483647",
    "2147483648", "-2147483649", "4294967296", "9223372036854775807", "1e999", "-1e999",
    "1e-999", "NaN", "nan", "Infinity", "-Infinity", "inf", "1E+308", "0x7fffffff", "1048576",
    "16384", "1048577", "99999999999999999999999999", "0.00000000000000000001", "1_000",
    "٣", "１２３", "½", "Ⅻ", "〇", "十二", "一万", "二〇二三", "1e999999999", "-1E+999999",
    "1e-999999999", "sNaN", "9" * 5000, "²", "0" * 50 + "1",
)  # fmt: skip

_MAX_GROW = 1 << 20  # never grow an input beyond this many extra bytes/chars in one step


# ---------------------------------------------------------------- bytes


def _flip(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)


def _set_byte(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.choice((0, 0xFF, 0x7F, 0x80, rng.randrange(256)))


def _zero_block(rng: random.Random, data: bytearray) -> None:
    at = rng.randrange(len(data))
    n = min(rng.choice((1, 4, 16, 512, 4096)), len(data) - at)
    data[at : at + n] = bytes(n)


def _delete(rng: random.Random, data: bytearray) -> None:
    at = rng.randrange(len(data))
    del data[at : at + rng.randint(1, max(1, min(len(data) - at, 4096)))]


def _duplicate(rng: random.Random, data: bytearray) -> None:
    at = rng.randrange(len(data))
    n = rng.randint(1, max(1, min(len(data) - at, 2048)))
    block = data[at : at + n] * rng.choice((1, 2, 8, 64))
    data[at:at] = block[:_MAX_GROW]


def _insert_random(rng: random.Random, data: bytearray) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))


def _truncate(rng: random.Random, data: bytearray) -> None:
    del data[rng.randrange(len(data)) :]


def _swap_blocks(rng: random.Random, data: bytearray) -> None:
    if len(data) < 4:
        return
    a, b = sorted(rng.sample(range(len(data)), 2))
    n = rng.randint(1, max(1, min(b - a, 256)))
    data[a : a + n], data[b : b + n] = data[b : b + n], data[a : a + n]


_BYTE_OPS: tuple[Callable[[random.Random, bytearray], None], ...] = (
    _flip,
    _set_byte,
    _zero_block,
    _delete,
    _duplicate,
    _insert_random,
    _truncate,
    _swap_blocks,
)


def mutate_bytes(
    rng: random.Random,
    data: bytes,
    *,
    tokens: Sequence[bytes] = (),
    others: Sequence[bytes] = (),
    rounds: int | None = None,
) -> bytes:
    """A damaged copy of ``data``: 1–4 byte-level edits, dictionary tokens, splices."""
    out = bytearray(data)
    for _ in range(rounds if rounds is not None else rng.choice((1, 1, 1, 2, 3, 4))):
        if not out:
            out.extend(rng.choice(tokens) if tokens else b"\x00")
            continue
        choice = rng.random()
        if tokens and choice < 0.3:
            at = rng.randrange(len(out) + 1)
            token = rng.choice(tokens)
            if rng.random() < 0.5:  # insert
                out[at:at] = token
            else:  # overwrite
                out[at : at + len(token)] = token
        elif others and choice < 0.38:
            other = rng.choice(others)
            if other:
                a = rng.randrange(len(out))
                b = rng.randrange(len(other))
                out[a:] = other[b : b + rng.randint(1, 4096)] + out[a + rng.randint(0, 64) :]
        else:
            rng.choice(_BYTE_OPS)(rng, out)
    return bytes(out)


# ---------------------------------------------------------------- text

_RANDOM_CHARS = (
    " \t\n\r\u3000\u00a0\u200b\ufeff|:：,，.。;；()（）[]【】-—～~/%％"
    "0123456789０１２３４５６７８９一二三四五六七八九十百千万亿"
    "年月日季度底前内后以上下≥≤＞＜>=<≧≦≈±+−×÷"
    "⽬⻓⾦⼈\u2f00\u2e80\U00020000\U0010ffff\x00\x1b\x7f\ud7ff\ufffd"
    "abcxyzABCXYZ元个项次人户家%"
)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_RANDOM_CHARS) for _ in range(n))


def mutate_text(
    rng: random.Random,
    text: str,
    *,
    tokens: Sequence[str] = (),
    others: Sequence[str] = (),
    rounds: int | None = None,
    max_len: int = 200_000,
) -> str:
    """An edited copy of ``text``: characters and tokens inserted, replaced, deleted,
    lines duplicated, swapped or spliced from another sample, numbers swapped for
    boundary values (``1e999``, ``NaN``, ``二〇二三`` …)."""
    out = text
    for _ in range(rounds if rounds is not None else rng.choice((1, 1, 2, 3, 4, 6))):
        n = len(out)
        op = rng.randrange(12)
        at = rng.randrange(n + 1)
        if op <= 2 and tokens:
            token = rng.choice(tokens)
            end = at + (len(token) if op == 2 else 0)
            out = out[:at] + token + out[end:]
        elif op == 3:
            out = out[:at] + _random_text(rng, rng.randint(1, 8)) + out[at:]
        elif op == 4 and n:
            out = out[:at] + out[at + rng.randint(1, max(1, min(n - at, 64))) :]
        elif op == 5:
            spans = [m.span() for m in _NUMBER.finditer(out)]
            if spans:
                s, e = rng.choice(spans)
                out = out[:s] + rng.choice(INTERESTING_NUMBERS) + out[e:]
        elif op == 6:
            lines = out.split("\n")
            i = rng.randrange(len(lines))
            lines[i:i] = [lines[i]] * rng.choice((1, 2, 10, 100))
            out = "\n".join(lines)
        elif op == 7:
            lines = out.split("\n")
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            out = "\n".join(lines)
        elif op == 8:
            lines = out.split("\n")
            del lines[rng.randrange(len(lines))]
            out = "\n".join(lines)
        elif op == 9 and others:
            other = rng.choice(others)
            b = rng.randrange(len(other) + 1)
            out = out[:at] + other[b : b + rng.randint(1, 2000)] + out[at:]
        elif op == 10:
            out = out[:at]
        elif n:
            # replace one character with a visually or semantically close one
            ch = rng.choice(_RANDOM_CHARS)
            out = out[:at] + ch + out[at + 1 :]
        if len(out) > max_len:
            out = out[:max_len]
    return out


# ---------------------------------------------------------------- ZIP containers


def _unzip(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i.filename, zf.read(i)) for i in zf.infolist()]
    except Exception:  # not a readable ZIP: fall back to byte mutation
        return None


def pack_zip(entries: Sequence[tuple[str, bytes]], *, stored: bool = False) -> bytes:
    """A ZIP container of ``entries`` (valid CRCs and sizes)."""
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", method) as zf:
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for name, body in entries:
            zf.writestr(name, body)
    return buf.getvalue()


def mutate_zip(
    rng: random.Random,
    data: bytes,
    *,
    tokens: Sequence[bytes] = (),
    text_tokens: Sequence[str] = (),
    others: Sequence[bytes] = (),
) -> bytes:
    """Mutate one part of a ZIP container (usually an XML part) and pack it again.

    One time in eight the container itself is damaged instead (entries dropped or
    duplicated, or raw byte mutation), so the ZIP layer is exercised too.
    """
    entries = _unzip(data)
    if entries is None or not entries or rng.random() < 0.08:
        return mutate_bytes(rng, data, tokens=tokens, others=others)
    roll = rng.random()
    if roll < 0.04:
        del entries[rng.randrange(len(entries))]
    elif roll < 0.07:
        entries.append(rng.choice(entries))
    else:
        xml = [i for i, (n, _) in enumerate(entries) if n.endswith((".xml", ".rels"))]
        k = rng.choice(xml) if xml and rng.random() < 0.9 else rng.randrange(len(entries))
        name, body = entries[k]
        if rng.random() < 0.5 and text_tokens:
            text = body.decode("utf-8", "replace")
            body = mutate_text(rng, text, tokens=text_tokens).encode("utf-8", "surrogatepass")
        else:
            body = mutate_bytes(rng, body, tokens=tokens)
        entries[k] = (name, body)
    return pack_zip(entries, stored=rng.random() < 0.1)


# ---------------------------------------------------------------- PDF

_STREAM = re.compile(rb"(<<(?:(?!>>\s*stream).)*?>>)\s*stream\r?\n(.*?)\r?\n?endstream", re.S)
_LENGTH = re.compile(rb"/Length\s+\d+(?:\s+\d+\s+R)?")
_FLATE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")


def inflate_pdf(data: bytes) -> bytes:
    """The PDF with its FlateDecode streams written uncompressed (offsets not rewritten:
    the readers rebuild a damaged cross-reference table themselves)."""

    def one(m: re.Match[bytes]) -> bytes:
        head, body = m.group(1), m.group(2)
        if _FLATE.search(head) is None or b"/DecodeParms" in head:
            return m.group(0)
        try:
            raw = zlib.decompressobj().decompress(body, 1 << 22)
        except zlib.error:
            return m.group(0)
        head = _FLATE.sub(b"", head)
        head = _LENGTH.sub(b"/Length %d" % len(raw), head)
        return head + b"\nstream\n" + raw + b"\nendstream"

    return _STREAM.sub(one, data)


def mutate_pdf(
    rng: random.Random,
    data: bytes,
    *,
    tokens: Sequence[bytes] = (),
    others: Sequence[bytes] = (),
) -> bytes:
    """Mutate a PDF: usually inside a (decompressed) content stream, else anywhere."""
    streams = list(_STREAM.finditer(data))
    if not streams or rng.random() < 0.3:
        return mutate_bytes(rng, data, tokens=tokens, others=others)
    m = rng.choice(streams)
    body = m.group(2)
    mutated = mutate_bytes(rng, body, tokens=tokens) if body else rng.choice(tokens or (b"q",))
    head = _LENGTH.sub(b"/Length %d" % len(mutated), m.group(1))
    return data[: m.start()] + head + b"\nstream\n" + mutated + b"\nendstream" + data[m.end() :]


# ---------------------------------------------------------------- data trees (JSON, YAML, TOML)

_TREE_SCALARS: tuple[object, ...] = (
    None, True, False, 0, -1, 1, 2**31, -(2**63), 10**30, 0.5, 1e308, -0.0, "", " ", "x",
    "0", "-1", "1e999", "NaN", "2023-02-30", "2023-12-31", "万元", "斤", "%", "≥90%",
    "quantitative", "time", "ge", "explicit", "jixiao.plan", "national", "\x00", "a" * 300,
)  # fmt: skip


def _paths(
    obj: object, prefix: tuple[object, ...] = (), limit: int = 2000
) -> list[tuple[object, ...]]:
    """Paths to the nodes of a JSON-like tree (dict keys / list indexes), breadth first."""
    out: list[tuple[object, ...]] = [prefix]
    queue: list[tuple[tuple[object, ...], object]] = [(prefix, obj)]
    while queue and len(out) < limit:
        path, node = queue.pop(0)
        children: list[tuple[object, object]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for k, v in children:
            out.append((*path, k))
            queue.append(((*path, k), v))
    return out


def _get(obj: object, path: tuple[object, ...]) -> object:
    for k in path:
        obj = obj[k]  # type: ignore[index]
    return obj


def _random_node(rng: random.Random, tokens: Sequence[str], depth: int = 0) -> object:
    roll = rng.random()
    if roll < 0.55 or depth > 3:
        return rng.choice(_TREE_SCALARS) if rng.random() < 0.7 or not tokens else rng.choice(tokens)
    if roll < 0.75:
        return [_random_node(rng, tokens, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = [t for t in tokens if t] or ["x"]
    return {
        rng.choice(keys): _random_node(rng, tokens, depth + 1) for _ in range(rng.randint(0, 3))
    }


def mutate_tree(rng: random.Random, obj: object, *, keys: Sequence[str] = ()) -> object:
    """Edit a parsed JSON/YAML/TOML tree: a node replaced by another type or value, a key
    deleted or added, a list item repeated, an object wrapped in a list or nested deeply."""
    import copy

    tree = copy.deepcopy(obj)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = _paths(tree)
        path = rng.choice(paths)
        if not path:  # the root
            if rng.random() < 0.2:
                tree = _random_node(rng, keys)
            continue
        parent = _get(tree, path[:-1])
        key = path[-1]
        node = _get(tree, path)
        op = rng.randrange(8)
        if op <= 2:
            parent[key] = _random_node(rng, keys)  # type: ignore[index]
        elif op == 3 and isinstance(parent, dict):
            del parent[key]
        elif op == 3 and isinstance(parent, list):
            del parent[key]  # type: ignore[arg-type]
        elif op == 4:
            parent[key] = [node] if rng.random() < 0.5 else {"x": node}  # type: ignore[index]
        elif op == 5 and isinstance(parent, list):
            parent.extend([node] * rng.choice((1, 5, 100)))
        elif op == 5 and isinstance(parent, dict) and keys:
            parent[rng.choice(keys)] = node
        elif op == 6:
            deep: object = node
            for _ in range(rng.choice((10, 200, 900))):
                deep = [deep]
            parent[key] = deep  # type: ignore[index]
        elif isinstance(node, str):
            parent[key] = mutate_text(rng, node, tokens=keys)  # type: ignore[index]
        elif isinstance(node, int | float) and not isinstance(node, bool):
            parent[key] = rng.choice((str(node), -node, node * 10**12, None, float(node)))  # type: ignore[index]
    return tree
