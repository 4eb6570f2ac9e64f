"""MkDocs hook: publish the notebooks of ``notebooks/`` as pages under ``notebooks/``.

The notebooks stay where the test suite runs them (``notebooks/`` at the repository's
root, committed without outputs); this hook adds them to the site's files before
mkdocs-jupyter turns them into pages, which it executes during the build so that their
tables and charts appear on the site. ``notebooks/README.md`` becomes the section's index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

FOLDER = "notebooks"


def _root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


@event_priority(100)  # before mkdocs-jupyter's on_files, which converts the notebooks
def on_files(files: Files, config: Any) -> Files:
    root = _root(config)
    source = root / FOLDER
    for path in sorted(source.glob("*.ipynb")) + sorted(source.glob("README.md")):
        relative = path.relative_to(root).as_posix()
        if files.get_file_from_path(relative) is None:
            files.append(
                File(relative, str(root), config["site_dir"], config["use_directory_urls"])
            )
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(_root(config) / FOLDER))
    return server
