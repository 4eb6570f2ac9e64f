"""Write a file all at once, so that no reader ever sees half of it.

Every file vendoreval writes (workbooks, charts, YAML) goes through :func:`atomic_write`: the
content is written to a hidden temporary file in the target's folder, flushed to disk, and
renamed over the target. On any error the temporary file is removed and the target is left as
it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from vendoreval._types import PathLike
from vendoreval.errors import WriteError

__all__ = ["atomic_write", "atomic_write_text"]


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
        When the folder does not exist, the target is a folder, or writing or renaming fails
        with an ``OSError`` (the message names the path). Other exceptions from ``writer``
        propagate unchanged after the temporary file is removed.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {str(target)!r}: the folder {str(folder)!r} does not exist")
    if target.is_dir():
        raise WriteError(f"cannot write {str(target)!r}: it is a folder")
    temporary = _reserve_temporary(target)
    try:
        writer(temporary)
        _copy_mode(target, temporary)
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            reason = exc.strerror or str(exc)
            raise WriteError(f"cannot write {str(target)!r}: {reason}") from exc
        raise
    return target


def atomic_write_text(path: PathLike, text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` line ends, atomically (see :func:`atomic_write`)."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def _reserve_temporary(target: Path) -> Path:
    while True:
        candidate = target.with_name(f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise WriteError(f"cannot write {str(target)!r}: {reason}") from exc
        os.close(handle)
        return candidate


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
