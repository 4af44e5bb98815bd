#!/usr/bin/python3
"""function_lengths.py — no function in src/ over 100 lines.

A function is what lies between a line that is just "{" or ends a
declarator line with "{" at column 0, and the next "}" at column 0 (the
project's clang-format puts both braces of a function definition at the
start of a line). Its length counts from the opening brace to the closing
one. Prints each function over the limit as file:line: name (N lines) and
exits 1 if there is any; with -v prints the longest ten.
Usage: tools/function_lengths.py [-v] [LIMIT]
"""
import glob
import os
import sys

root = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
args = [a for a in sys.argv[1:] if a != "-v"]
limit = int(args[0]) if args else 100
found = []
for path in sorted(glob.glob(os.path.join(root, "src", "*", "*.c"))):
    rel = os.path.relpath(path, root)
    lines = open(path, encoding="utf-8").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{":
            start = i
            # The declarator may span lines: walk back to its first line.
            j = i - 1
            while j > 0 and lines[j - 1].strip() and not lines[j - 1].startswith(("}", "/", " *", "#")) \
                    and not lines[j - 1].endswith(";") and lines[j].startswith(("\t", " ")):
                j -= 1
            name = lines[j].strip()
            where = j + 1
        elif line.startswith("}") and start is not None:
            found.append((i - start + 1, rel, where, name))
            start = None
over = [f for f in found if f[0] > limit]
for n, rel, where, name in over:
    print(f"{rel}:{where}: {name[:70]} ({n} lines, limit {limit})")
if "-v" in sys.argv:
    for n, rel, where, name in sorted(found, reverse=True)[:10]:
        print(f"  {n:4} {rel}:{where}: {name[:70]}")
if over:
    sys.exit(1)
print(f"function lengths: {len(found)} functions, none over {limit} lines")
