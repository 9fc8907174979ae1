"""The one way pmsim writes a file a user names (or one named after it): only ever a
regular file.

`pmsim report --out`, the CSV and the chart files beside it, `pmsim new`, `pmsim docs
--write` and the debrief's saved picture all go through `write_file`, which

- refuses a path that is (or ends in) a folder, a symbolic link (even one to a regular
  file: the link would be replaced, not the file it points to, and a link is how a
  file elsewhere is aimed at), a device such as `/dev/null`, a FIFO or a socket — each
  with one paragraph saying what is there and what to do, and leaves it untouched;
- refuses a folder that does not exist (nothing is created behind the user's back);
- writes the whole text to a new temporary file in the same folder (created with
  `O_EXCL`, so never through a link), then puts it in place with one `os.replace`: an
  interrupted or failed write leaves the old file as it was, never half a file;
- with `overwrite=False` (`pmsim new`), creates the file with `O_EXCL | O_NOFOLLOW`, so
  a file or link that appears after the check is refused too.

The check (`lstat`) and the replace are two steps, so another program swapping the
target for a FIFO in between would have the FIFO replaced (renamed over, never written
through): `os.replace` works on the name, so no device or link target is ever written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from pmsim.errors import UserError
from pmsim.text import clean_line

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device (character special file)"),
    (stat.S_ISBLK, "a device (block special file)"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def check_target(path: str | Path, what: str = "file", *, example: str = "",
                 overwrite: bool = True) -> Path:
    """The path to write `what` to, after checking that it is a regular file or nothing
    yet, in a folder that exists; `UserError` (target untouched) otherwise.

    `example` is a file name suggested when `path` is a folder; `overwrite=False`
    refuses an existing file too."""
    text = str(path)
    out = Path(text).expanduser()
    if text.endswith(("/", os.sep)):
        raise _folder_error(text, out, what, example)
    try:
        info = os.lstat(out)
    except (FileNotFoundError, NotADirectoryError):
        info = None  # the folder check below says what is wrong
    except OSError as exc:
        raise UserError(f"cannot write the {what} {out}: {exc.strerror or exc}. Choose "
                        "another path.") from None
    if info is not None:
        kind = file_kind(info.st_mode)
        if kind == "a folder":
            raise _folder_error(text, out, what, example)
        if kind is not None:
            target = ""
            if stat.S_ISLNK(info.st_mode):
                with contextlib.suppress(OSError):
                    target = f" (to {clean_line(os.readlink(out))})"
            raise UserError(
                f"will not write the {what} to {out}: it is {kind}{target}, and pmsim "
                "writes only regular files; it was left untouched. Name a new file or an "
                "existing regular file instead" + (
                    ", e.g. the file the link points to." if target else "."))
        if not overwrite:
            raise UserError(f"{out} already exists; the {what} is never written over an "
                            "existing file. Choose another name, or move the file away.")
    folder = out.parent
    if not folder.is_dir():
        raise UserError(f"cannot write the {what} {out}: the folder {folder} "
                        + ("is not a folder" if folder.exists() else "does not exist")
                        + ". Create it first or choose another path.")
    return out


def _folder_error(text: str, out: Path, what: str, example: str) -> UserError:
    name = example or f"{what.split()[-1].lower()}.txt"
    return UserError(f"{text} is a folder; name the {what} file to write in it, e.g. "
                     f"{out / name}.")


def write_file(path: str | Path, data: str | bytes, what: str = "file", *,
               example: str = "", overwrite: bool = True) -> Path:
    """Write `data` (str as UTF-8, newlines as given) to `path` as a regular file, in one
    step (see the module docstring); returns the path written. A replaced file keeps its
    permissions; a new one gets the usual ones (0666 less the umask).

    `UserError` when the target is not a regular file or cannot be written; whatever
    was there is left as it was."""
    out = check_target(path, what, example=example, overwrite=overwrite)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not overwrite:
        return _write_new(out, payload, what)
    try:
        mode = stat.S_IMODE(os.lstat(out).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise _write_error(out, what, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _write_error(out, what, exc) from None
    return out


def _write_new(out: Path, payload: bytes, what: str) -> Path:
    """Create `out`, which must not exist (`O_EXCL`, and `O_NOFOLLOW` where the system
    has it): a file or link that appeared since the check is refused, not written."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(out, flags, 0o666)
    except FileExistsError:
        raise UserError(f"{out} already exists; the {what} is never written over an "
                        "existing file. Choose another name, or move the file away.") from None
    except OSError as exc:
        raise _write_error(out, what, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(out)
        raise _write_error(out, what, exc) from None
    return out


def _write_error(out: Path, what: str, exc: OSError) -> UserError:
    return UserError(f"cannot write the {what} {out} ({exc.strerror or exc}); nothing "
                     "there was changed. Choose a folder you can write to, with free "
                     "space.")


def _umask() -> int:
    """The process umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class NotReadable(Exception):
    """A file that is not read: not a regular file (a FIFO, a device, a socket) or
    larger than the reader allows. `why` completes "X …" in a message."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def read_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO is opened without
    waiting for a writer and refused, so is a device (`/dev/zero` never ends), and no
    more than `limit` + 1 bytes are ever read. `OSError` (missing, permissions, a folder)
    passes through for the caller to word."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = file_kind(info.st_mode) or "not a regular file"
            raise NotReadable(f"is {kind}, not a file; give the path of a regular file")
        if info.st_size > limit:
            raise NotReadable(f"is {info.st_size:,} bytes, more than the {limit:,} allowed; "
                              "check that you named the right file")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise NotReadable(f"grew past the {limit:,} bytes allowed while it was read")
        return b"".join(chunks)
    finally:
        os.close(fd)
