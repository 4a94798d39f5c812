"""Put a whole website folder in place at once.

The site is written into a temporary folder beside the target and swapped in only when
every file is there, so a failed or interrupted build leaves the previous site whole.
The folder carries a marker file: a folder that exists, is not empty and has no marker
(someone's own files) is never replaced.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ofsted_kg.atomic import cannot_write
from ofsted_kg.errors import WebsiteError

MARKER = ".ofsted-kg-site"


def _check(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise WebsiteError(f"{folder}: is a file; give a folder for the site")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise WebsiteError(
            f"{folder}: the folder has files that 'ofsted-kg site' did not write; "
            "give a new or empty folder"
        )


def publish(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (site-relative paths) as the folder ``folder``, replacing the site
    an earlier run wrote there."""
    folder = Path(folder)
    _check(folder)
    parent = folder.absolute().parent
    tag = f".{folder.name}.ofsted-kg.{os.getpid()}"
    fresh, old = parent / f"{tag}.tmp", parent / f"{tag}.old"
    try:
        for path in (fresh, old):
            shutil.rmtree(path, ignore_errors=True)
        fresh.mkdir(parents=True)
        made: set[Path] = {fresh}
        for name, data in sorted(files.items()):
            target = fresh / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        (fresh / MARKER).write_text("written by ofsted-kg site\n", encoding="utf-8")
        if folder.exists():
            os.replace(folder, old)
        os.replace(fresh, folder)
    except OSError as exc:
        raise cannot_write(Path(exc.filename or folder), exc) from None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not folder.exists():
            os.replace(old, folder)  # stopped between the two renames: the old site back
        shutil.rmtree(old, ignore_errors=True)
