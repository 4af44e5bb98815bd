#!/usr/bin/python3
"""messages_to_po.py — moves the Vietnamese text of finding_add calls into po/vi.po.

A call of the two-text form

    finding_add(fs, RULE_X, file, line, column, "văn bản %s", "text %s", arg);

becomes the one-text form, its English format the gettext msgid,

    finding_add(fs, RULE_X, file, line, column, "text %s", arg);

and po/vi.po gets (unless it has it already)

    #, c-format
    msgid "text %s"
    msgstr "văn bản %s"

A call is of the two-text form when its 6th and 7th arguments are both string
literals (adjacent literals joined), or both `cond ? "a" : "b"` with the same
cond, with the same printf conversions, in the same order (such a choice
becomes `cond ? N_("a") : N_("b")`, marked for xgettext): a one-text call whose first argument is a literal cannot look like
that (its format would have to print the literal's own conversions).

Idempotent and re-runnable: converted calls are left alone, entries already in
vi.po are not added twice. Other branches still add finding_add calls in the
two-text form; after merging them, run it again over every source:

    tools/messages_to_po.py $(grep -rl finding_add src --include='*.c')
    make format && make po-update      # rewraps vi.po, regenerates phuluc.pot

An English text that two calls translate differently is an error: that file
is left as it was, the script names both texts and exits 1 (word the English
apart, so that one msgid has one translation). Run from the checkout's root.
"""
import re
import sys

PO = "po/vi.po"
CONVERSION = re.compile(r"%(?:%|[-+ #0'I]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcspn]|\s*PRI\w+)")
LITERAL = re.compile(r'\s*"((?:[^"\\\n]|\\.)*)"\s*', re.S)


def quoted_end(text, i):
    """The index of the quote that closes the C string or character literal opening at i."""
    j = i + 1
    while text[j] != text[i]:
        j += 2 if text[j] == "\\" else 1
    return j


def call_args(text, start):
    """The arguments of the call whose '(' is at start: [(begin, end)], and the index after ')'."""
    args, depth, i, begin = [], 0, start + 1, start + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = quoted_end(text, i)
        elif c == "/" and text.startswith("/*", i):
            i = text.index("*/", i) + 1
        elif c == "/" and text.startswith("//", i):
            i = text.index("\n", i)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append((begin, i))
                return args, i + 1
            depth -= 1
        elif c == "," and depth == 0:
            args.append((begin, i))
            begin = i + 1
        i += 1
    raise ValueError("unclosed call")


def literal(s):
    """The joined contents (C escapes kept) if s is only string literals, else None."""
    parts, pos = [], 0
    while pos < len(s):
        m = LITERAL.match(s, pos)
        if not m or m.end() == pos:
            return None
        parts.append(m.group(1))
        pos = m.end()
    return "".join(parts) if parts else None


def top_level(s, chars):
    """Indices of chars in s outside literals and brackets."""
    at, depth, i = [], 0, 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            i = quoted_end(s, i)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c in chars and depth == 0:
            at.append(i)
        i += 1
    return at


def texts(s):
    """(condition, [literal, literal]) for `c ? "a" : "b"`, (None, [literal]) for "a", else None."""
    one = literal(s)
    if one is not None:
        return None, [one]
    q, colon = top_level(s, "?"), top_level(s, ":")
    if len(q) != 1 or len(colon) != 1 or colon[0] < q[0]:
        return None
    a, b = literal(s[q[0] + 1 : colon[0]]), literal(s[colon[0] + 1 :])
    if a is None or b is None:
        return None
    return s[: q[0]].strip(), [a, b]


def conversions(s):
    return [c for c in CONVERSION.findall(s) if c != "%%"]


def po_entries(path):
    """msgid → msgstr of the PO file (C escapes kept), obsolete entries left out."""
    entries, key, cur, field = {}, None, {}, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines + [""]:
        line = line.strip()
        m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            if m.group(1) in ("msgid", "msgctxt") and "msgstr" in cur:
                entries.setdefault(cur.get("msgid"), cur["msgstr"]) if "msgctxt" not in cur else None
                cur = {}
            field = "msgstr" if m.group(1).startswith("msgstr") else m.group(1)
            cur[field] = cur.get(field, "") + m.group(2) if field == "msgstr" else m.group(2)
        elif line.startswith('"') and field:
            cur[field] += line[1:-1]
        elif not line and "msgstr" in cur:
            if "msgctxt" not in cur:
                entries.setdefault(cur.get("msgid"), cur["msgstr"])
            cur, field = {}, None
    entries.pop("", None)
    return entries


def convert(path, known, added):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out, pos, problems, pairs = [], 0, [], []
    for m in re.finditer(r"\bfinding_add\s*\(", text):
        if m.start() < pos or text[: m.start()].rstrip().endswith(("void", "*")):
            continue  # the declaration or definition, not a call
        args, _ = call_args(text, m.end() - 1)
        if len(args) < 7:
            continue
        vi, en = texts(text[args[5][0] : args[5][1]]), texts(text[args[6][0] : args[6][1]])
        if vi is None or en is None or vi[0] != en[0]:
            continue
        if any(conversions(v) != conversions(e) for v, e in zip(vi[1], en[1])):
            continue
        line = text.count("\n", 0, m.start()) + 1
        for v, e in zip(vi[1], en[1]):
            have = known.get(e, added.get(e))
            if have is not None and have != v:
                problems.append(f'{path}:{line}: "{e}" is translated "{have}" elsewhere, here "{v}"')
        pairs += zip(en[1], vi[1])
        # Drop the Vietnamese argument: from after the 5th comma to after the 6th.
        out.append(text[pos : args[5][0]])
        lead = re.match(r"\s*", text[args[5][0] :]).group(0)
        out.append(lead)
        pos = args[6][0]
        pos += len(re.match(r"\s*", text[pos:]).group(0))
        if en[0] is not None:
            # A choice of two: both marked N_() so that xgettext sees them.
            out.append(f'{en[0]} ? N_("{en[1][0]}") : N_("{en[1][1]}")')
            pos = args[6][1]
    out.append(text[pos:])
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    for en, vi in pairs:
        if en not in known:
            added.setdefault(en, vi)
    new = "".join(out)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"{path}: {len(pairs)} call(s) converted")
    return 0


def main(paths):
    known, added, bad = po_entries(PO), {}, 0
    for path in paths:
        bad |= convert(path, known, added)
    if added:
        with open(PO, "a", encoding="utf-8") as f:
            for en, vi in added.items():
                flag = "#, c-format\n" if conversions(en) else ""
                f.write(f'\n{flag}msgid "{en}"\nmsgstr "{vi}"\n')
        print(f"{PO}: {len(added)} message(s) added")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
