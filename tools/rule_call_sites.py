#!/usr/bin/python3
"""rule_call_sites.py — rewrites finding_add call sites of the old form
`finding_add(fs, SEV_X, "rule-id", ...)` into `finding_add(fs, RULE_..., ...)`.

One token per call site: the pair `SEV_X, "rule-id"` becomes the enum value
whose line in src/base/rules.def has exactly that id and that severity (a
variant where the severity is not the rule's own). A pair the table lacks is
an error: the file is left as it was and the script exits 1, so a severity
cannot change silently. Re-runnable: files without old-form calls are left
alone.

    tools/rule_call_sites.py $(grep -rl finding_add src --include='*.c')
"""
import re
import sys

TABLE = re.compile(r'^RULE\((\w+),\s*"([a-z-]+)",\s*(SEV_\w+)', re.M)
CALL = re.compile(r'(finding_add\(\s*[^,;()]+(?:\([^()]*\))?[^,;()]*,\s*)(SEV_\w+),\s*"([a-z-]+)"')


def main(paths):
    with open("src/base/rules.def", encoding="utf-8") as f:
        table = {(sev, rid): "RULE_" + name for name, rid, sev in TABLE.findall(f.read())}
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        missing = []

        def swap(m):
            enum = table.get((m.group(2), m.group(3)))
            if enum is None:
                missing.append(f"{path}: {m.group(2)}, \"{m.group(3)}\" is not in the rule table")
                return m.group(0)
            return m.group(1) + enum

        new = CALL.sub(swap, text)
        if missing:
            print("\n".join(missing), file=sys.stderr)
            bad = 1
            continue
        if new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
