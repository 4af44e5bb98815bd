# tests/e2e/rules.sh — `phuluc --rules` against the guide and the code:
# every rule of the table is documented in docs/huong-dan.md (a row
# "| `id` | … |" of the rule table, in the section the table names), the guide
# documents no id the table lacks, every id finding_add can emit (the enum
# values used in src/) is listed, and the text and JSON listings agree.
d=$(new_tmp rules)
guide="$ROOT/docs/huong-dan.md"

expect_status "rules: --rules exits 0" 0 "$PHULUC" --rules --lang vi
cp "$TMPROOT/last.out" "$d/vi.txt"
expect_status "rules: --rules --lang en exits 0" 0 "$PHULUC" --rules --lang en
cp "$TMPROOT/last.out" "$d/en.txt"
expect_status "rules: --rules --json exits 0" 0 "$PHULUC" --rules --json --lang en
cp "$TMPROOT/last.out" "$d/rules.json"
LANG=C "$PHULUC" --rules >"$d/lang_c.txt" 2>&1
LC_ALL= LC_MESSAGES= LANG=vi_VN.UTF-8 "$PHULUC" --rules >"$d/lang_vi.txt" 2>&1
expect_status "rules: --rules takes no job directory" 2 "$PHULUC" --rules "$ROOT/input/gia-lai-2023-2025"
expect_status "rules: --help exits 0" 0 "$PHULUC" --help
expect_grep "rules: --help documents --rules" "phuluc --rules [--json]" "$TMPROOT/last.out"
expect_grep "rules: README documents --rules" "phuluc --rules" "$ROOT/README.md"
expect_grep "rules: the guide documents --rules" "phuluc --rules" "$guide"

if cmp -s "$d/lang_c.txt" "$d/en.txt"; then pass "rules: LANG=C lists in English"; else
	fail "rules: LANG=C lists in English" "$(diff "$d/lang_c.txt" "$d/en.txt" | head -5)"
fi
if cmp -s "$d/lang_vi.txt" "$d/vi.txt"; then pass "rules: Vietnamese by default"; else
	fail "rules: Vietnamese by default" "$(diff "$d/lang_vi.txt" "$d/vi.txt" | head -5)"
fi
expect_grep "rules: Vietnamese severities" "province-target          lỗi/ghi chú" "$d/vi.txt"
expect_grep "rules: English titles" "Not a number" "$d/en.txt"

# The guide's rule ids and their sections; the listing's ids, severities, sections.
# Each report line is "PASS<tab>name" or "FAIL<tab>name<tab>why".
$PY - "$guide" "$d/vi.txt" "$d/en.txt" "$d/rules.json" "$ROOT/src" >"$d/report" 2>&1 <<'EOF'
import json, os, re, sys
guide, vi, en, js, src = sys.argv[1:]
section, documented = None, {}
for line in open(guide, encoding="utf-8"):
    m = re.match(r"## (\d+)\.", line)
    if m:
        section = m.group(1)
    m = re.match(r"\| `([a-z][a-z-]*)` \| ([^|]+) \|", line)
    if m:
        documented.setdefault(m.group(1), (section, m.group(2).strip()))

def listing(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"(\S+) +(\S+(?: \S+)*?)  +(.*\S)  +§(\S+)$", line.rstrip("\n"))
        if not m:
            print(f"FAIL\trules: a line of {os.path.basename(path)} is parsed\tnot 'id  severity  title  §N': {line!r}")
            continue
        rows[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return rows

rows_vi, rows_en = listing(vi), listing(en)
data = json.load(open(js, encoding="utf-8"))
table = {o["rule"]: o for o in data}

def check(name, ok, why=""):
    print(f"PASS\trules: {name}" if ok else f"FAIL\trules: {name}\t{why}")

check("the table is not empty", len(table) >= 28, f"{len(table)} rules")
check("ids unique in the JSON", len(table) == len(data), "an id is listed twice")
check("text and JSON list the same ids", set(rows_vi) == set(rows_en) == set(table),
      f"{sorted(set(rows_vi) ^ set(table))}")
missing = sorted(set(table) - set(documented))
check("the guide documents every rule of the table", not missing, f"not in the guide: {missing}")
extra = sorted(set(documented) - set(table))
check("the guide documents no rule the table lacks", not extra, f"not in the table: {extra}")
sev_vi = {"error": "lỗi", "warning": "cảnh báo", "note": "ghi chú"}
for rid, o in table.items():
    if rid not in documented:
        continue
    sec, sev = documented[rid]
    check(f"{rid} is in §{o['section']} of the guide", sec == o["section"], f"found in §{sec}")
    check(f"{rid}: the guide's severity is the table's", sev == sev_vi[o["severity"]],
          f"guide {sev}, table {o['severity']}")
    want_en = "/".join([o["severity"]] + o["also"])
    want_vi = "/".join(sev_vi[s] for s in [o["severity"]] + o["also"])
    check(f"{rid}: listed severities", rows_en.get(rid, ("",))[0] == want_en and rows_vi.get(rid, ("",))[0] == want_vi,
          f"{rows_en.get(rid)} {rows_vi.get(rid)}, want {want_en} / {want_vi}")
    check(f"{rid}: titles in both languages", rows_en.get(rid, ("", ""))[1] == o["title"] and
          rows_vi.get(rid, ("", "x"))[1] != o["title"], f"{rows_en.get(rid)} {rows_vi.get(rid)}")

# Every rule the code emits: the enum values named at finding_add call sites, mapped to ids by rules.def.
enum_id = {"RULE_" + name: rid for name, rid in
           re.findall(r'^RULE\((\w+),\s*"([a-z-]+)"', open(f"{src}/base/rules.def", encoding="utf-8").read(), re.M)}
used = set()
for folder, _, files in os.walk(src):
    for f in files:
        if f.endswith(".c") and f != "rules.c":
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            used |= set(re.findall(r"finding_add\(\s*[^,;]+,\s*(RULE_\w+)", text))
check("finding_add call sites found", len(used) >= 28, f"{len(used)}")
unlisted = sorted(enum_id.get(u, u) for u in used if enum_id.get(u) not in table)
check("every rule emitted is listed", not unlisted, f"{unlisted}")
EOF
if [ -s "$d/report" ] && ! grep -qv $'^PASS\t\\|^FAIL\t' "$d/report"; then
	while IFS=$'\t' read -r verdict name why; do
		if [ "$verdict" = PASS ]; then pass "$name"; else fail "$name" "$why"; fi
	done <"$d/report"
else
	fail "rules: the guide and listing check ran" "$(head -c 600 "$d/report")"
fi
