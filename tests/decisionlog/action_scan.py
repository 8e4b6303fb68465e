"""Collect, from the project's source, every action code written to the decision log.

The scan reads every ``.py`` file of the project (not tests, virtualenvs, node_modules,
migrations or locale) with ``ast`` and looks at the ``action=`` argument of every call to a
function that writes the log: ``record_decision``, ``transition_state``, the model constructor
``DecisionLogEntry`` and, found to a fixed point, every function that passes its own ``action``
parameter on to one of those (a wrapper). The value may be

- a string literal (``"incident.report"``): one code;
- an f-string whose literal part ends in a dot (``f"grant.{to}"``): a whole kind, whose states
  are labelled by the kind's state enum;
- a conditional expression of those;
- a name bound at module level to a string literal in any scanned module
  (``FEEDBACK_RELEASE_ACTION``);
- an attribute named ``…_action`` (``kind.proposed_action``) of a declaration that names its
  codes as string-literal keywords of that name (``Disqualifiable(proposed_action="…")``): the
  codes are collected at those keywords.

Anything else cannot be checked and is reported as unresolved, so a new call site has to use one
of these forms.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {
    ".venv",
    "venv",
    "node_modules",
    "tests",
    "locale",
    "migrations",
    ".git",
    "static",
    "var",
    "__pycache__",
}
SEED_WRITERS = {"record_decision", "transition_state", "DecisionLogEntry"}


@dataclass(frozen=True)
class Site:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class ScanResult:
    codes: dict[str, list[Site]] = field(default_factory=dict)  # "kind.state" literals
    kinds: dict[str, list[Site]] = field(default_factory=dict)  # f"kind.{…}"
    unresolved: list[tuple[Site, str]] = field(default_factory=list)
    writers: set[str] = field(default_factory=set)


def project_files(root: Path = ROOT) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if set(rel.parts[:-1]) & SKIP_DIRS:
            continue
        yield path


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _param_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    a = fn.args
    return {p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]}


def _action_kw(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "action":
            return kw.value
    return None


def _module_constants(trees: dict[str, ast.Module]) -> dict[str, str]:
    consts: dict[str, str] = {}
    for tree in trees.values():
        for node in tree.body:
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                for t in targets:
                    if isinstance(t, ast.Name):
                        consts[t.id] = value.value
    return consts


def scan(root: Path = ROOT) -> ScanResult:
    trees: dict[str, ast.Module] = {}
    for path in project_files(root):
        trees[str(path.relative_to(root))] = ast.parse(path.read_text(encoding="utf-8"))
    consts = _module_constants(trees)

    # Wrappers: functions passing their own ``action`` parameter to a writer (fixed point).
    writers = set(SEED_WRITERS)
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for fn in _functions(tree):
                if fn.name in writers:
                    continue
                params = _param_names(fn)
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and _call_name(node) in writers:
                        value = _action_kw(node)
                        if isinstance(value, ast.Name) and value.id in params:
                            writers.add(fn.name)
                            changed = True
                            break

    result = ScanResult(writers=writers)

    # Declared codes: string-literal keywords named ``…_action`` in any call.
    declared: dict[str, list[tuple[str, Site]]] = {}
    for rel, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if (
                        kw.arg
                        and kw.arg.endswith("_action")
                        and isinstance(kw.value, ast.Constant)
                        and isinstance(kw.value.value, str)
                    ):
                        declared.setdefault(kw.arg, []).append(
                            (kw.value.value, Site(rel, kw.value.lineno))
                        )

    def add(value: ast.expr, site: Site, params: set[str]) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            result.codes.setdefault(value.value, []).append(site)
        elif isinstance(value, ast.JoinedStr):
            head = value.values[0] if value.values else None
            if (
                isinstance(head, ast.Constant)
                and isinstance(head.value, str)
                and head.value.endswith(".")
                and head.value.count(".") == 1
                and len(value.values) == 2
            ):
                result.kinds.setdefault(head.value[:-1], []).append(site)
            else:
                result.unresolved.append((site, ast.unparse(value)))
        elif isinstance(value, ast.IfExp):
            add(value.body, site, params)
            add(value.orelse, site, params)
        elif isinstance(value, ast.Name) and value.id in params:
            pass  # a wrapper forwarding its parameter: its callers are scanned instead
        elif isinstance(value, ast.Name) and value.id in consts:
            result.codes.setdefault(consts[value.id], []).append(site)
        elif isinstance(value, ast.Attribute) and value.attr in declared:
            for code, declared_at in declared[value.attr]:
                result.codes.setdefault(code, []).append(declared_at)
        else:
            result.unresolved.append((site, ast.unparse(value)))

    for rel, tree in trees.items():
        # Map every call to its innermost enclosing function's parameters.
        enclosing: dict[int, set[str]] = {}
        for fn in _functions(tree):
            params = _param_names(fn)
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    enclosing[id(node)] = params  # inner functions are walked later: override
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in writers:
                value = _action_kw(node)
                if value is None:
                    continue
                add(value, Site(rel, node.lineno), enclosing.get(id(node), set()))
    return result
