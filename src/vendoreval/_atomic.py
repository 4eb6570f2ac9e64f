"""Write a file all at once, so that no reader ever sees half of it.

Every file vendoreval writes (workbooks, charts, YAML) goes through :func:`atomic_write`: the
content is written to a hidden temporary file in the target's folder, flushed to disk, and
renamed over the target. On any error the temporary file is removed and the target is left as
it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from vendoreval._types import PathLike
from vendoreval.errors import WriteError

__all__ = ["atomic_write", "atomic_write_text"]

_NAME_MAX = 255  # longest file name most file systems accept [bytes]


def atomic_write(path: PathLike, writer: Callable[[Path], object]) -> Path:
    """Write a file all at once: ``writer`` fills a temporary file that then replaces ``path``.

    The temporary file sits in the target's folder (so the rename is atomic), is hidden
    (its name starts with a dot) and ends with the target's suffix, so writers that infer a
    format from the name (matplotlib, openpyxl) work. On any error it is removed and the
    target is left as it was.

    Parameters
    ----------
    path : str or path-like
        Target file.
    writer : callable
        Called once with the temporary :class:`~pathlib.Path`; it must write the whole file
        there (e.g. ``lambda tmp: workbook.save(tmp)``).

    Returns
    -------
    Path
        The target path.

    Raises
    ------
    WriteError
        When the folder does not exist, the target is a folder, the path is unusable (a
        name too long for the file system, a NUL character) or writing or renaming fails
        with any ``OSError`` (the message names the path). Other exceptions from ``writer``
        propagate unchanged after the temporary file is removed.
    """
    target = Path(path)
    try:
        temporary = _prepare(target)
    except WriteError:
        raise
    except OSError as exc:
        raise _write_error(target, exc) from exc
    except ValueError as exc:  # "embedded null byte" from the operating-system calls
        raise WriteError(f"cannot write {str(target)!r}: the path is not usable ({exc})") from exc
    try:
        writer(temporary)
        _copy_mode(target, temporary)
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _write_error(target, exc) from exc
        raise
    return target


def _prepare(target: Path) -> Path:
    """Check the target's folder and reserve the temporary file beside it."""
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {str(target)!r}: the folder {str(folder)!r} does not exist")
    if target.is_dir():
        raise WriteError(f"cannot write {str(target)!r}: it is a folder")
    return _reserve_temporary(target)


def _write_error(target: Path, exc: OSError) -> WriteError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno == errno.ENAMETOOLONG:
        reason += f" (the name has {len(target.name)} characters)"
    return WriteError(f"cannot write {str(target)!r}: {reason}")


def atomic_write_text(path: PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def _reserve_temporary(target: Path) -> Path:
    while True:
        candidate = target.with_name(_temporary_name(target))
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _write_error(target, exc) from exc
        os.close(handle)
        return candidate


def _temporary_name(target: Path) -> str:
    """``.stem.<random>.tmp.suffix``, the stem shortened so the name fits where the target does.

    A target whose name is near the file system's limit (255 bytes on most) must not fail
    only because the temporary name is longer.
    """
    tail = f".{secrets.token_hex(6)}.tmp{target.suffix}"
    stem = target.stem
    room = _NAME_MAX - len(tail.encode("utf-8")) - 1
    while stem and len(stem.encode("utf-8", "surrogateescape")) > room:
        stem = stem[:-1]
    return f".{stem}{tail}"


def _copy_mode(target: Path, temporary: Path) -> None:
    """Keep the permissions of a file being replaced."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
