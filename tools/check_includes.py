#!/usr/bin/python3
"""check_includes.py — includes point down the pipeline, and no two modules
depend on each other.

The stages are the folders of src/, in the order data flows (STAGES, as in
the Makefile). A file of stage S may include only headers of S and of the
stages before it; the unit tests in tests/unit/S/ likewise. A module is a
pair src/S/name.c + src/S/name.h; module A depends on module B when A's .c
or .h includes B's header; a cycle in that graph (model.c includes
progress.h, progress.c includes model.h) is an error too, even inside one
stage. Every quoted include must name its stage ("model/model.h"), so the
direction is visible where it is written. The README's layout table must
name every module of each stage, and no module that is not there.

Prints each violation as file:line: message and exits 1 if there is any.
Usage: tools/check_includes.py [ROOT]   (ROOT defaults to the repository).
"""
import os
import re
import sys

STAGES = ["base", "input", "model", "check", "layout", "render", "run"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(root):
    for top in ("src", os.path.join("tests", "unit")):
        for stage in STAGES:
            d = os.path.join(root, top, stage)
            if not os.path.isdir(d):
                continue
            for name in sorted(os.listdir(d)):
                if name.endswith((".c", ".h")):
                    yield top, stage, os.path.join(d, name)
        d = os.path.join(root, top)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                p = os.path.join(d, name)
                if os.path.isfile(p) and name.endswith((".c", ".h")):
                    yield top, None, p


def readme_layout(root):
    """The README's layout table names every module of each stage folder, and no other."""
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    listed = {}
    for line in text.split("\n"):
        m = re.match(r"\| `([a-z]+)/` \|.*\| (.*) \|$", line)
        if m:
            listed[m.group(1)] = set(re.findall(r"`([a-z_0-9]+)`", m.group(2)))
    out = []
    for stage in STAGES:
        d = os.path.join(root, "src", stage)
        have = {os.path.splitext(n)[0] for n in os.listdir(d) if n.endswith((".c", ".h"))} if os.path.isdir(d) else set()
        names = listed.get(stage)
        if names is None:
            out.append(f"README.md:1: the layout table has no row for src/{stage}/")
            continue
        for n in sorted(have - names):
            out.append(f"README.md:1: the layout table's row for {stage}/ lacks `{n}`")
        for n in sorted(names - have):
            out.append(f"README.md:1: the layout table's row for {stage}/ names `{n}`, which src/{stage}/ lacks")
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.normpath(root)
    problems = []
    deps = {}  # module "stage/name" -> {module: (file, line)}
    n_files = n_includes = 0
    for top, stage, path in sources(root):
        rel = os.path.relpath(path, root)
        n_files += 1
        if stage is None:
            if top == "src":
                problems.append(f"{rel}:1: not in a stage folder ({', '.join(STAGES)})")
            continue  # test support (tests/unit/oom.c): linked into every test
        module = stage + "/" + os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                n_includes += 1
                target = m.group(1)
                parts = target.split("/")
                if len(parts) != 2 or parts[0] not in STAGES:
                    if top == "src":
                        problems.append(f'{rel}:{lineno}: "{target}" does not name its stage (stage/name.h)')
                        continue
                    # A test's own helpers: tests/unit/oom.h, or a fixture of a stage's tests.
                    local = os.path.normpath(os.path.join(os.path.dirname(path), target))
                    support = os.path.join(root, "tests", "unit", target)
                    if os.path.exists(local):
                        owner = os.path.basename(os.path.dirname(local))
                        if owner in STAGES and STAGES.index(owner) > STAGES.index(stage):
                            problems.append(f'{rel}:{lineno}: includes "{target}": a fixture of stage {owner}, '
                                            f"which comes after {stage}")
                    elif not os.path.exists(support):
                        problems.append(f'{rel}:{lineno}: "{target}" not found')
                    continue
                if not os.path.exists(os.path.join(root, "src", target)):
                    problems.append(f'{rel}:{lineno}: "{target}" does not exist under src/')
                    continue
                if STAGES.index(parts[0]) > STAGES.index(stage):
                    problems.append(
                        f'{rel}:{lineno}: includes "{target}": stage {parts[0]} comes after {stage} '
                        f"(includes point down the pipeline: {' → '.join(STAGES)})")
                dep = parts[0] + "/" + os.path.splitext(parts[1])[0]
                if top == "src" and dep != module:
                    deps.setdefault(module, {}).setdefault(dep, (rel, lineno))

    # Cycles between modules: depth-first search, reporting each cycle once.
    state = {}
    stack = []
    seen_cycles = set()

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in sorted(deps.get(m, {})):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    where = "; ".join(f"{a} → {b} at {deps[a][b][0]}:{deps[a][b][1]}"
                                      for a, b in zip(cycle, cycle[1:]))
                    problems.append(f"{deps[m][d][0]}:{deps[m][d][1]}: include cycle "
                                    f"{' → '.join(cycle)} ({where})")
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(deps):
        if m not in state:
            visit(m)

    problems += readme_layout(root)
    for p in problems:
        print(p)
    if problems:
        print(f"include check: {len(problems)} problem(s) in {n_files} files", file=sys.stderr)
        return 1
    print(f"include check: {n_files} files, {n_includes} includes, {len(deps)} modules: "
          "no upward include, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
