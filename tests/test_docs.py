"""The documentation site: a strict build, the API reference and the rendered notebooks.

``make docs`` builds the site with ``mkdocs build --strict`` and ``make test`` passes its
folder in ``VENDOREVAL_DOCS_SITE``, so the real build runs once; without it,
``test_built_site`` builds the site itself. The planted-problem test builds two small sites
with the project's own configuration: one clean (it must pass) and one with a broken link, a
broken anchor, an unresolved cross-reference and a docstring reference to a name that does
not exist (it must fail, naming each).
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NOTEBOOKS = ROOT / "notebooks"
CONFIG = ROOT / "mkdocs.yml"

pytest.importorskip("mkdocs", reason="the docs extra (pip install -e '.[docs]') builds the site")
pytest.importorskip("mkdocstrings_handlers.python")


def _mkdocs_build(config: Path, site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


# --------------------------------------------------------------------------------- notebooks


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_committed_notebooks_have_no_outputs() -> None:
    assert _notebooks(), "no notebook found"
    for path in _notebooks():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook["cells"], start=1):
            if cell["cell_type"] != "code":
                continue
            assert cell.get("outputs") == [], f"{path.name}, cell {number}: outputs committed"
            assert cell.get("execution_count") is None, f"{path.name}, cell {number}: executed"


def test_every_public_module_has_an_api_page() -> None:
    import pkgutil

    import vendoreval

    rendered = {
        target
        for page in (DOCS / "api").glob("*.md")
        for target in re.findall(r"^::: (\S+)", page.read_text(encoding="utf-8"), re.MULTILINE)
    }
    for module in pkgutil.iter_modules(vendoreval.__path__):
        if module.name.startswith("_"):
            continue
        name = f"vendoreval.{module.name}"
        assert any(t == name or t.startswith(f"{name}.") for t in rendered), (
            f"no page of docs/api renders {name}: add `::: {name}` to one"
        )


def test_every_notebook_is_in_the_navigation() -> None:
    config = CONFIG.read_text(encoding="utf-8")
    for path in _notebooks():
        assert f"notebooks/{path.name}" in config, f"{path.name} is missing from mkdocs.yml nav"


# ------------------------------------------------------------------ strict build: planted problems


def _small_site(tmp: Path, pages: dict[str, str], src: Path) -> Path:
    """A project folder using the real configuration, with only ``pages`` as its docs."""
    (tmp / "docs").mkdir(parents=True)
    shutil.copytree(DOCS / "hooks", tmp / "docs" / "hooks")
    for name, text in pages.items():
        (tmp / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "docs" / name).write_text(text, encoding="utf-8")
    (tmp / "src").symlink_to(src, target_is_directory=True)
    nav = "".join(f"  - {name}\n" for name in pages)
    config = tmp / "mkdocs.yml"
    config.write_text(f"INHERIT: {CONFIG}\nnav:\n{nav}", encoding="utf-8")
    return config


def test_strict_build_fails_on_planted_problems(tmp_path: Path) -> None:
    evaluation_page = "# Evaluation\n\n::: vendoreval.evaluation\n"
    clean = {
        "index.md": "# Home\n\nSee [the evaluation](api/evaluation.md#vendoreval.evaluation).\n",
        "api/evaluation.md": evaluation_page,
    }
    config = _small_site(tmp_path / "clean", clean, ROOT / "src")
    result = _mkdocs_build(config, tmp_path / "clean" / "site", tmp_path / "clean")
    assert result.returncode == 0, result.stderr[-3000:]

    # The same site with a broken link, a broken anchor and a cross-reference to nothing,
    # over a copy of the package with a docstring naming a function that does not exist.
    src = tmp_path / "planted-src"
    shutil.copytree(
        ROOT / "src" / "vendoreval",
        src / "vendoreval",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (src / "vendoreval" / "zz_planted.py").write_text(
        '"""See :func:`vendoreval.no_such_function`."""\n', encoding="utf-8"
    )
    planted = {
        "index.md": (
            "# Home\n\n"
            "A [missing page](no-such-page.md), "
            "a [missing anchor](api/evaluation.md#no-such-anchor) "
            "and [a reference to nothing][vendoreval.evaluation.no_such_name].\n"
        ),
        "api/evaluation.md": evaluation_page,
    }
    config = _small_site(tmp_path / "planted", planted, src)
    result = _mkdocs_build(config, tmp_path / "planted" / "site", tmp_path / "planted")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no-such-page.md" in log
    assert "no-such-anchor" in log
    assert "vendoreval.evaluation.no_such_name" in log
    assert ":func:`vendoreval.no_such_function` does not resolve" in log
    assert "Aborted" in log


# ------------------------------------------------------------------------------ the real site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = os.environ.get("VENDOREVAL_DOCS_SITE")
    if built:
        path = Path(built)
        path = path if path.is_absolute() else ROOT / path
        assert (path / "index.html").is_file(), f"{path} holds no built site"
        return path
    path = tmp_path_factory.mktemp("site")
    result = _mkdocs_build(CONFIG, path, ROOT)
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    return path


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def _sections(html: str) -> dict[str, str]:
    """The HTML of each documented object, by its id (up to the next object of its level)."""
    headings = list(re.finditer(r'<h(\d) id="(vendoreval[^"]*)"', html))
    sections: dict[str, str] = {}
    for index, heading in enumerate(headings):
        level, ident = int(heading.group(1)), heading.group(2)
        end = len(html)
        for later in headings[index + 1 :]:
            if int(later.group(1)) <= level:
                end = later.start()
                break
        sections[ident] = html[heading.start() : end]
    return sections


def _documented(sections: dict[str, str], module: str, name: str) -> str | None:
    for ident in (f"{module}.{name}", f"{module}.{name}.{name}"):
        if ident in sections:
            return sections[ident]
    return None


# Names the API reference must show with their parameters, and units their docstrings state.
REQUIRED = {
    ("evaluation", "vendoreval.evaluation", "evaluate"): [],
    ("evaluation", "vendoreval.evaluation", "Evaluation"): ["[currency/month]", "[points"],
    ("pricing", "vendoreval.pricing", "invoice"): ["[s]", "[h]"],
    ("pricing", "vendoreval.pricing", "audit_invoice"): ["[rows]"],
    ("simulation", "vendoreval.simulation", "simulate_costs"): ["[currency]"],
    ("contract", "vendoreval.contract", "service_credit"): ["[currency units]", "[s]"],
    ("contract", "vendoreval.contract", "sla_report"): ["[days]"],
    ("outcomes", "vendoreval.outcomes", "compare_pilots"): ["[days]", "[s]"],
    ("outcomes", "vendoreval.outcomes", "retention_curve"): ["[days]"],
    ("staffing", "vendoreval.staffing", "erlang_b"): ["[Erlang]", "[agents]"],
    ("staffing", "vendoreval.staffing", "erlang_c"): ["[Erlang]", "[agents]"],
    ("staffing", "vendoreval.staffing", "erlang_a"): ["[Erlang]", "[s]"],
    ("staffing", "vendoreval.staffing", "service_level"): ["[Erlang]", "[s]"],
    ("staffing", "vendoreval.staffing", "asa"): ["[Erlang]", "[s]"],
    ("staffing", "vendoreval.staffing", "occupancy"): ["[Erlang]", "[agents]"],
    ("staffing", "vendoreval.staffing", "agents_required"): ["[Erlang]", "[s]"],
}


def _award_required() -> dict[tuple[str, str, str], list[str]]:
    try:
        award = importlib.import_module("vendoreval.award")
    except ImportError:
        return {}
    if not hasattr(award, "optimize_award"):
        return {}
    return {("award", "vendoreval.award", "optimize_award"): []}


def test_built_site(site: Path) -> None:
    assert (site / "index.html").is_file()

    # Every public name of every module an API page renders is on that page.
    for page in sorted((DOCS / "api").glob("*.md")):
        modules = re.findall(r"^::: (\S+)", page.read_text(encoding="utf-8"), re.MULTILINE)
        if not modules:
            continue
        sections = _sections(_page(site, f"api/{page.stem}"))
        for module in modules:
            try:
                names = importlib.import_module(module).__all__
            except (ImportError, AttributeError):
                continue  # a single object (``::: vendoreval.pricing.invoice.invoice``)
            missing = [n for n in names if _documented(sections, module, n) is None]
            assert not missing, f"api/{page.stem}.md does not show {module}: {missing}"

    # The names a buyer's analyst looks up first, with parameters and units.
    for (page, module, name), units in {**REQUIRED, **_award_required()}.items():
        section = _documented(_sections(_page(site, f"api/{page}")), module, name)
        assert section is not None, f"api/{page}: {module}.{name} is not documented"
        assert "Parameters" in section, f"{module}.{name}: no parameters shown"
        for unit in units:
            assert unit in section, f"{module}.{name}: unit {unit} not shown"

    # Notebooks are executed into pages, their charts embedded as images.
    for path in _notebooks():
        html = _page(site, f"notebooks/{path.stem}")
        assert "jp-OutputArea-output" in html, f"{path.name}: not executed"
        if re.search(r"\b(plots|plt)\.", path.read_text(encoding="utf-8")):
            chart = re.search(r'<img[^>]+src="data:image/png;base64,', html)
            assert chart, f"{path.name}: its charts are not on the page"

    # Guide pages show output computed at build time (tables and charts).
    assert "<svg" in _page(site, "guide/defend")
    assert "<table>" in _page(site, "guide/evaluate")

    # The Korean quick start, the design document and the changelog are on the site.
    assert re.search("[\uac00-\ud7a3]{4}", _page(site, "ko"))
    assert "One home per concept" in _page(site, "design")
    lines = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    first_sentence = next(line for line in lines if line and not line.startswith("#"))
    assert " ".join(first_sentence.split()[:5]) in _page(site, "changelog")
