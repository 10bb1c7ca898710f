"""The package's layout: no import cycles, modules of one screenful of ideas, audio and video
apart, every kernel beside its twin."""

from __future__ import annotations

import ast
import pathlib

import lkfast

ROOT = pathlib.Path(lkfast.__file__).parent
SOURCES = (".py", ".pyx", ".pxi", ".pxd")


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: pathlib.Path) -> set[str]:
    """lkfast modules ``path`` imports anywhere (in functions too), as dotted names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name == "lkfast" or name.startswith("lkfast.")}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def test_no_import_cycle() -> None:
    graph = _graph()
    # lkfast/__init__ re-exports everything: an edge into it from inside would be a cycle, and
    # edges to subpackages' __init__ are followed like any other.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_the_cycle_finder_finds_a_cycle(tmp_path: pathlib.Path) -> None:
    a = tmp_path / "a.py"
    a.write_text("from lkfast.video.formats import x\nimport lkfast.audio\n", encoding="utf-8")
    assert _imports(a) == {"lkfast.video.formats", "lkfast.video.formats.x", "lkfast.audio"}


def test_no_module_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in ROOT.rglob("*") if p.suffix in SOURCES
            for n in [len(p.read_text(encoding="utf-8").splitlines())] if n > 400}
    assert not long, long


def test_every_kernel_has_its_twin_beside_it() -> None:
    for medium in ("audio", "video"):
        for pyx in (ROOT / medium).glob("_*.pyx"):
            stem = pyx.stem[1:]
            if stem.rsplit("_", 1)[-1] in ("ssse3", "avx2", "avx512") or stem == "samples":
                continue  # ISA builds of a kernel; the samples module is buffer machinery
            twin = ROOT / medium / "reference" / f"{stem}.py"
            assert twin.exists(), f"{pyx.relative_to(ROOT)} has no twin {twin.relative_to(ROOT)}"
            assert pyx.with_suffix(".pyi").exists(), f"{pyx.relative_to(ROOT)} has no stub"


def test_audio_and_video_import_nothing_of_each_other() -> None:
    """The two media meet only in lkfast._core and the top-level re-exports."""
    for medium, other in (("audio", "video"), ("video", "audio")):
        for path in (ROOT / medium).rglob("*"):
            if path.suffix not in (*SOURCES, ".pyi"):
                continue
            text = path.read_text(encoding="utf-8")
            assert f"lkfast.{other}" not in text, f"{path} uses lkfast.{other}"
            assert "import lkfast\n" not in text, f"{path} imports the whole package"
