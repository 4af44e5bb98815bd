"""tests/countplan.py — what tests/count_plan_check.py and tests/count_plan_full_check.py share.

Both read a plan in numbers of participants from its CSVs (headers as clerks
type them, counts in Vietnamese thousands) and print one "PASS what" /
"FAIL what: detail" line per check; failed() is how many failed.
"""
import re
import unicodedata

_fails = [0]


def report(ok, what, detail=""):
    _fails[0] += not ok
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + detail))


def failed():
    return _fails[0]


def fold(s):
    """A header as a key: lower case, no diacritics, words joined by '_'."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return re.sub(r"[^a-z0-9]+", "_", "".join(c for c in s if not unicodedata.combining(c))).strip("_")


def people(text):
    """'264.650' or '264 650' → 264650."""
    t = text.replace(".", "").replace(" ", "")
    assert t.isdigit(), text
    return int(t)
