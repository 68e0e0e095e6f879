"""The domain graph in docs/architecture.md is the one the lint enforces, and no domain hides an import."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

API = Path(__file__).resolve().parents[1]
PACKAGE = API / "diet_planner"
DOC = API.parents[1] / "docs" / "architecture.md"
# The command line defers its imports so `diet-planner --help` starts fast; it is the app, at the top.
DEFERRED_IMPORTS_ALLOWED = {PACKAGE / "cli.py"}


def _contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((API / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c.get("id") == contract_id)


def _layers_in_lint() -> list[list[str]]:
    layers = _contract("domain-graph")["layers"]
    assert isinstance(layers, list)
    return [[name.strip().removeprefix("diet_planner.") for name in re.split(r"[:|]", layer)] for layer in layers]


def _layers_in_doc() -> list[list[str]]:
    block = re.search(r"```domain-graph\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/architecture.md has no ```domain-graph block"
    layers = []
    for line in block.group(1).strip().splitlines():
        inside = re.search(r"\((.*)\)", line)
        layers.append([n.strip() for n in inside.group(1).split(",")] if inside else [line.strip()])
    return layers


def test_the_documented_graph_is_the_enforced_one() -> None:
    assert _layers_in_doc() == _layers_in_lint()


def test_every_package_has_a_place_in_the_graph() -> None:
    placed = {name for layer in _layers_in_lint() for name in layer}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "app"}}
    assert packages | modules <= placed | {"migrations"}, sorted((packages | modules) - placed)


def _domain(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_no_domain_imports_another_inside_a_function() -> None:
    """A deferred import is how a cycle hides: `plans` once imported the diary inside a function."""
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path in DEFERRED_IMPORTS_ALLOWED:
            continue
        tree = ast.parse(path.read_text())
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for name in names:
                    parts = name.split(".")
                    if parts[0] == "diet_planner" and len(parts) > 1 and parts[1] != _domain(path):
                        hidden.append(f"{path.relative_to(API)}:{node.lineno} imports {name}")
    assert not hidden, "\n".join(hidden)
