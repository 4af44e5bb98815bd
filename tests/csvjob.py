"""tests/csvjob.py — what tests/alloc_check.py and tests/alloc_count_check.py share.

Both read a job's CSV files and a `phuluc phan-bo` proposal (UTF-8 with BOM,
';', CRLF) and print one "PASS name: detail" / "FAIL name: detail" line per
check.
"""
import csv


def report(ok, name, detail=""):
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def proposal(out):
    """Checks the BOM and the line ends of OUT; returns its header and body rows."""
    raw = open(out, "rb").read()
    report(raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM", repr(raw[:4]))
    report(b"\r\n" in raw, "CRLF line ends")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    return rows[0], rows[1:]


def rows(job, name):
    """The rows of JOB/NAME as dicts."""
    return csv.DictReader(open(f"{job}/{name}", encoding="utf-8"))


def labour(job):
    """The labour force of JOB by (code, year)."""
    return {(r["ma"], int(r["nam"])): int(r["luc_luong_lao_dong"]) for r in rows(job, "lao_dong.csv")}


def population(job):
    """The population (dan_so) of JOB by (code, year); empty when lao_dong has no dan_so."""
    return {(r["ma"], int(r["nam"])): int(r["dan_so"]) for r in rows(job, "lao_dong.csv") if r.get("dan_so")}
