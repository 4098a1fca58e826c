"""The apps' layers: domain apps hold the models and services, interface apps (the public
site, the staff pages) present them. A domain app that imports an interface app, or an
interface app that imports another, ties what should be replaceable together; this test
reads every import (function-level ones too) and names each that crosses a line."""

import ast
from pathlib import Path

import projektdatabas

PACKAGE = Path(projektdatabas.__file__).parent
DOMAIN = {
    "accounts",
    "calls",
    "core",
    "euprojects",
    "finance",
    "governance",
    "groups",
    "monitoring",
    "news",
    "organisations",
    "participation",
    "planning",
    "projects",
    "reporting",
    "strategy",
    "subscriptions",
}
INTERFACE = {"public", "staff", "api"}
# The demo loader fills every app with Ale's example data, the public site's accessibility
# statement included: it stands on top of both layers and nothing imports it.
TOOLS = {"demo"}


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every import in the file, wherever it stands."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from projektdatabas import public` names the app in the alias.
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "projektdatabas" else None


def crossings() -> list[str]:
    found = []
    for app in sorted(DOMAIN | INTERFACE):  # the tools may import anything
        for path in sorted((PACKAGE / app).rglob("*.py")) if (PACKAGE / app).is_dir() else []:
            for line, module in _imported_modules(path):
                target = _app_of(module)
                if target is None or target == app or target not in INTERFACE | TOOLS:
                    continue
                kind = "domain" if app in DOMAIN else "interface"
                found.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {kind} app {app} imports {module}"
                )
    return found


def test_every_app_is_placed_in_a_layer():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps <= DOMAIN | INTERFACE | TOOLS, apps - DOMAIN - INTERFACE - TOOLS


def test_no_domain_app_imports_an_interface_app_and_no_interface_app_another():
    assert crossings() == []


def test_the_check_sees_relative_and_function_level_imports(tmp_path, monkeypatch):
    """The reader itself: a violation hidden in a function, written relatively, is found."""
    fake = tmp_path / "projektdatabas"
    (fake / "planning").mkdir(parents=True)
    (fake / "staff").mkdir()
    (fake / "planning" / "rollup.py").write_text(
        "def f():\n    from ..staff import views\n    import projektdatabas.public.views\n"
    )
    (fake / "staff" / "views.py").write_text("from projektdatabas import public\n")
    monkeypatch.setattr(__name__ + ".PACKAGE", fake)
    rollup = "projektdatabas/planning/rollup.py"
    assert crossings() == [
        f"{rollup}:2: domain app planning imports projektdatabas.staff.views",
        f"{rollup}:3: domain app planning imports projektdatabas.public.views",
        "projektdatabas/staff/views.py:1: interface app staff imports projektdatabas.public",
    ]
