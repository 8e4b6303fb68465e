"""Counts the imports of project modules made inside functions, and fails CI when they grow.

An import inside a function to dodge an import cycle hides the cycle: the apps depend one way
(pyproject.toml [tool.importlinter]), so a module imports what it needs at its top. The few
left say why in a comment on the import or the line above it: AppConfig.ready (models exist
only once the apps are loaded) and Celery task modules (the service that queues a task imports
its module; the task imports the service when it runs).

Usage: python scripts/count_function_imports.py   (from the repository root)
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

#: The number of function-level imports of project modules allowed. Lower it when you remove
#: one; never raise it: move the import to the top of its module instead.
RECORDED = 14

#: Files whose function-level imports need no comment.
UNCOMMENTED_ALLOWED = {
    # demo code moves to the demo app
    "applications/demo_screening.py",
    "awards/demo.py",
    "monitoring/demo.py",
}

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {"migrations", "__pycache__"}


def project_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = list(config["tool"]["importlinter"]["root_packages"])
    if (ROOT / "demo").is_dir() and "demo" not in packages:
        packages.append("demo")
    return packages


def function_level_imports(path: Path, packages: set[str]) -> list[tuple[int, str]]:
    """(line, module) of each import of a project module inside a function of ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    modules = [alias.name for alias in child.names]
                else:
                    modules = [child.module or ""] if child.level == 0 else []
                for module in modules:
                    if module.split(".")[0] in packages:
                        found.append((child.lineno, module))
            visit(child, inside)

    visit(tree, False)
    return found


def has_comment(lines: list[str], lineno: int) -> bool:
    """A comment on the import's first line or on the line right above it."""
    line = lines[lineno - 1]
    above = lines[lineno - 2].strip() if lineno >= 2 else ""
    return "#" in line or above.startswith("#")


def main() -> int:
    packages = project_packages()
    found: list[tuple[str, int, str]] = []
    uncommented: list[str] = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if SKIPPED_PARTS & set(relative.parts):
                continue
            lines = path.read_text().splitlines()
            for lineno, module in function_level_imports(path, set(packages)):
                found.append((str(relative), lineno, module))
                if str(relative) not in UNCOMMENTED_ALLOWED and not has_comment(lines, lineno):
                    uncommented.append(f"{relative}:{lineno} {module}")
    print(f"{len(found)} function-level imports of project modules (recorded: {RECORDED})")
    for file, lineno, module in found:
        print(f"  {file}:{lineno} {module}")
    failed = False
    if uncommented:
        print("These say not why they sit inside a function (a comment on the line or above):")
        print("\n".join(f"  {item}" for item in uncommented))
        failed = True
    if len(found) > RECORDED:
        print(
            f"{len(found)} is more than the {RECORDED} recorded: import at the top of the module "
            "(the apps depend one way, so there is no cycle to dodge)."
        )
        failed = True
    elif len(found) < RECORDED:
        print(f"Fewer than recorded: set RECORDED = {len(found)} in {Path(__file__).name}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
