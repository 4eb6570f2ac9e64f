"""A hostile corpus built by code: zip archives whose directory lies, zip bombs, XML with
document types, malformed sheet references, hostile text and numbers.

Nothing here is a checked-in blob: every file is generated, deterministically, from a few
bytes of recipe, so the corpus can be read and changed like code. Archives are assembled
byte by byte (APPNOTE.TXT, PKWARE's ZIP specification, sections 4.3.7 and 4.3.12) so that
the sizes, the CRC and the compression method an entry declares can be anything.
"""

from __future__ import annotations

import bz2
import dataclasses
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

MIB = 1024 * 1024

#: Texts a vendor may type that a spreadsheet or a terminal would act on.
HOSTILE_TEXTS: tuple[str, ...] = (
    "=1+1",
    '=HYPERLINK("http://attacker.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1",
    "\r=1",
    "Acme [/]",
    "[link=http://attacker.example]Acme[/link]",
    "[bold red]Acme",
    "Acme \x1b[31mred\x1b[0m",
    "Acme\x1b]8;;http://attacker.example\x1b\\click\x1b]8;;\x1b\\",
    "Acme ]] [[ \\[x]",
    "Ａｃｍｅ 한국어 ñ",
    "a" * 300,
)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One zip entry as written: its data as stored and what its headers declare."""

    name: str
    stored: bytes
    method: int = zipfile.ZIP_STORED
    crc: int = 0
    file_size: int = 0
    compress_size: int | None = None
    flags: int = 0
    same_as: str | None = None  # no data of its own: the directory points at that entry's


def entry(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Entry:
    """An honest entry: ``data`` compressed with ``method``, its true sizes and CRC."""
    if method == zipfile.ZIP_DEFLATED:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        stored = packer.compress(data) + packer.flush()
    elif method == zipfile.ZIP_BZIP2:
        stored = bz2.compress(data)
    else:
        stored = data
    return Entry(name, stored, method, zlib.crc32(data), len(data))


def raw_zip(entries: list[Entry]) -> bytes:
    """A zip archive holding ``entries`` exactly as declared (sizes and CRC may lie)."""
    out = io.BytesIO()
    central = io.BytesIO()
    offsets: dict[str, int] = {}
    for item in entries:
        name = item.name.encode("utf-8")
        compress_size = len(item.stored) if item.compress_size is None else item.compress_size
        flags = item.flags | 0x800  # UTF-8 names
        if item.same_as is not None:
            offset = offsets[item.same_as]
        else:
            offset = offsets[item.name] = out.tell()
            header = (20, flags, item.method, 0, 0x21, item.crc, compress_size, item.file_size)
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *header, len(name), 0))
            out.write(name)
            out.write(item.stored)
        fields = (20, 20, flags, item.method, 0, 0x21, item.crc, compress_size, item.file_size)
        central.write(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields, len(name), 0, 0, 0, 0, 0, offset)
        )
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    count = len(entries)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


def deflate_zeros(mebibytes: int) -> bytes:
    """A raw deflate stream of ``mebibytes`` MiB of zeros, about 1 KiB per MiB.

    One MiB of zeros is compressed once, ended with a full flush (so it refers to nothing
    before it), and repeated: a small file that inflates without limit.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + packer.flush(zlib.Z_FINISH)


def parts_of(path: Path) -> dict[str, bytes]:
    """The parts of a workbook, by name, in archive order."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: Mapping[str, bytes], path: Path) -> Path:
    """Write ``parts`` as an ordinary deflated workbook."""
    path.write_bytes(raw_zip([entry(name, data) for name, data in parts.items()]))
    return path


def changed(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """A copy of the workbook ``source`` with its parts changed by ``change``."""
    parts = parts_of(source)
    change(parts)
    return rezip(parts, target)


def sheet_part(parts: Mapping[str, bytes], title: str) -> str:
    """The part name of the sheet called ``title`` (from the workbook and its relationships)."""
    book = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    sheet = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*/>', book)
    assert sheet is not None, title
    rid = re.search(r'r:id="([^"]+)"', sheet.group(0))
    assert rid is not None
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*/>', rels)
    assert target is not None
    path = re.search(r'Target="([^"]+)"', target.group(0))
    assert path is not None
    name = path.group(1)
    return name.lstrip("/") if name.startswith("/") else "xl/" + name


def rename_part(parts: dict[str, bytes], old: str, new: str) -> None:
    """Move a part to another name, keeping the workbook's references to it."""
    data = parts.pop(old)
    parts[new] = data
    old_target = old.removeprefix("xl/")
    new_target = new.removeprefix("xl/")
    for name in list(parts):
        if name.endswith(".rels") or name == "[Content_Types].xml":
            text = parts[name].decode("utf-8")
            text = text.replace(f'"/{old}"', f'"/{new}"').replace(
                f'"{old_target}"', f'"{new_target}"'
            )
            parts[name] = text.encode("utf-8")


def sparse_text(mebibytes: float, seed: int = 0) -> bytes:
    """Text of two letters, one in about 30 rare: it packs about 30 to 60 times, below the
    ratio a zip bomb is refused at, so only the byte budgets can stop it."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rare = rng.random(int(mebibytes * MIB)) < 0.03
    return np.where(rare, ord("B"), ord("A")).astype(np.uint8).tobytes()


def bombs(folder: Path, parts: Mapping[str, bytes]) -> dict[str, Path]:
    """Zip bombs and archives whose directory lies, each a copy of a real questionnaire.

    Every one of them must be refused with a QuestionnaireError naming the file, within
    the time and memory limits of the suite.
    """
    honest = [entry(name, data) for name, data in parts.items()]
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    gigabyte = deflate_zeros(1024)
    bzip = bz2.compress(bytes(16 * MIB))
    big = entry("x", sparse_text(21))
    body = parts[sheet].split(b"?>", 1)[-1]
    long_tag = body.replace(b"<sheetData>", b'<sheetData><row r="1" x="' + sparse_text(3) + b'"/>')
    long_comment = b"<!--" + sparse_text(3, seed=2).replace(b"B", b"<") + b"-->" + body
    cases: dict[str, list[Entry]] = {
        # bzip2 inflates a whole part in one call whatever it declares: refused unread
        "bzip2 part declared 1 KiB": [
            *honest,
            Entry("xl/media/image1.png", bzip, zipfile.ZIP_BZIP2, 0, 1024),
        ],
        "bzip2 worksheet": [
            *[item for item in honest if item.name != sheet],
            Entry(sheet, bzip, zipfile.ZIP_BZIP2, 0, 64 * MIB),
        ],
        "LZMA part": [*honest, Entry("xl/media/a.bin", b"\x00" * 64, 14, 0, 64)],
        # 1 GiB of zeros in about 1 MB of deflate, declaring 1,000 bytes
        "deflate 1 GiB declared 1,000 bytes": [
            *honest,
            Entry("xl/media/image1.png", gigabyte, zipfile.ZIP_DEFLATED, 0, 1000),
        ],
        "deflate 1 GiB as the worksheet, declared 19 MiB": [
            *[item for item in honest if item.name != sheet],
            Entry(sheet, gigabyte, zipfile.ZIP_DEFLATED, 0, 19 * MIB),
        ],
        "deflate 1 GiB declared 0 bytes": [
            *honest,
            Entry("xl/sharedStrings.bin", gigabyte, zipfile.ZIP_DEFLATED, 0, 0),
        ],
        # honest sizes, compressing less than the bomb ratio: only the budgets stop them
        "one part over the per-part budget": [
            *honest,
            dataclasses.replace(big, name="xl/media/big.bin"),
        ],
        "parts over the total budget": [
            *honest,
            *(dataclasses.replace(big, name=f"xl/media/part{i}.bin") for i in range(3)),
        ],
        # markup an XML reader fed in 16 KiB pieces would re-scan for minutes
        "a 3 MiB tag in a worksheet": [
            *[item for item in honest if item.name != sheet],
            entry(sheet, long_tag),
        ],
        "a 3 MiB comment full of '<'": [
            *[item for item in honest if item.name != sheet],
            entry(sheet, long_comment),
        ],
        # directory entries pointing at one local header under other names
        "overlapping entries": [
            *honest,
            *(
                dataclasses.replace(honest[-1], name=f"xl/media/copy{i}.bin", same_as=sheet)
                for i in range(3)
            ),
        ],
        "stored part declaring more packed bytes than it has": [
            *honest[:-1],
            dataclasses.replace(
                entry(honest[-1].name, parts[honest[-1].name], zipfile.ZIP_STORED),
                compress_size=len(parts[honest[-1].name]) + 4096,
            ),
        ],
        "encrypted part": [*honest[:-1], dataclasses.replace(honest[-1], flags=0x1)],
        "too many parts": [
            *honest,
            *(entry(f"xl/media/p{i}.txt", b"x", zipfile.ZIP_STORED) for i in range(10_000)),
        ],
    }
    paths = {}
    for number, (label, items) in enumerate(cases.items()):
        path = folder / f"bomb{number}.xlsx"
        path.write_bytes(raw_zip(items))
        paths[label] = path
    return paths
