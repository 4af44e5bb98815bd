"""Independent check of a progress report (template bao-cao-thuc-hien).

usage: progress_check.py JOB_DIR OUT_DIR NAME

Recomputes, from the job's CSV files alone and with Python integers, each
locality's actual rate, gap, people still needed and change since the
previous period for BHXH (bhxh_bb + bhxh_tn) and BHTN in the last period,
and the Toàn tỉnh row; then finds them in what phuluc wrote:
  - the XLSX read back with openpyxl (cached values and the total-row formulas),
  - the PDF text (pdftotext -layout), every row's figures in order,
  - the charts: xl/charts/chart*.xml with series pointing at the rate and
    target columns; the PDF's chart pages with title, legend, axis and names,
  - the conditional formats over the marked columns,
  - NAME.tom_tat.txt: the province's figures and the localities furthest behind.
Prints what differs and exits 1, or exits 0.
"""
import csv
import re
import subprocess
import sys
import zipfile

import openpyxl

job, out, name = sys.argv[1:4]
problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


def hundredths(text):  # "44,66" -> 4466
    whole, _, frac = text.replace('%', '').partition(',')
    return int(whole) * 100 + int((frac + '00')[:2])


def div_half_away(num, den):
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


def ceil_div(num, den):
    return -((-num) // den)


def vi_people(n):
    s = f"{abs(n):,}".replace(',', '.')
    return ('-' if n < 0 else '') + s


def vi_rate(h):
    s = f"{abs(h) // 100},{abs(h) % 100:02d}%"
    return ('-' if h < 0 else '') + s


places = [(r['ma'], r['ten']) for r in csv.DictReader(open(f'{job}/dia_ban.csv', encoding='utf-8'))]
rows = list(csv.DictReader(open(f'{job}/thuc_hien.csv', encoding='utf-8')))
periods = sorted({r['ky'] for r in rows})
now, before = periods[-1], periods[-2]
year = now[:4]
labour = {r['ma']: int(r['luc_luong_lao_dong'])
          for r in csv.DictReader(open(f'{job}/lao_dong.csv', encoding='utf-8')) if r['nam'] == year}
targets = {r['ma']: r for r in csv.DictReader(open(f'{job}/chi_tieu.csv', encoding='utf-8'))}
count = {(r['ma'], r['ky']): r for r in rows}


def participants(code, period, ind):
    r = count[(code, period)]
    return int(r['bhxh_bb']) + int(r['bhxh_tn']) if ind == 'bhxh' else int(r[ind])


expected = {}  # name -> list of the 12 figures as printed
xlsx_expected = {}
totals = {}
for ind in ('bhxh', 'bhtn'):
    sum_p = sum_l = sum_tl = sum_need = sum_change = 0
    for code, place in places:
        t = hundredths(targets[code][f'{ind}_{year}'])
        p, lab = participants(code, now, ind), labour[code]
        rate = div_half_away(p * 10000, lab)
        gap = rate - t
        need = max(0, ceil_div(t * lab, 10000) - p)
        change = p - participants(code, before, ind)
        expected.setdefault(place, []).extend([vi_rate(t), vi_people(p), vi_rate(rate), vi_rate(gap),
                                               vi_people(need), vi_people(change)])
        xlsx_expected.setdefault(place, []).extend([t, p, rate, gap, need, change])
        sum_p += p
        sum_l += lab
        sum_tl += t * lab
        sum_need += need
        sum_change += change
    t = div_half_away(sum_tl, sum_l)
    rate = div_half_away(sum_p * 10000, sum_l)
    totals[ind] = dict(target=t, p=sum_p, rate=rate, gap=rate - t, need=sum_need, change=sum_change,
                       province_need=max(0, ceil_div(sum_tl, 10000) - sum_p))
    expected.setdefault('Toàn tỉnh', []).extend([vi_rate(t), vi_people(sum_p), vi_rate(rate),
                                                vi_rate(rate - t), vi_people(sum_need),
                                                vi_people(sum_change)])
    xlsx_expected.setdefault('Toàn tỉnh', []).extend([t, sum_p, rate, rate - t, sum_need, sum_change])

# --- XLSX -----------------------------------------------------------------
path = f'{out}/{name}.xlsx'
wb = openpyxl.load_workbook(path, data_only=True)  # cached values
ws = wb.worksheets[0]
wbf = openpyxl.load_workbook(path)  # formulas
wsf = wbf.worksheets[0]
found = set()
for row in ws.iter_rows():
    label = row[1].value
    if label in xlsx_expected:
        want = xlsx_expected[label]
        got = []
        for k, cell in enumerate(row[2:14]):
            v = cell.value
            # rates are stored as fractions with a percent format, people as integers
            got.append(round(v * 10000) if k % 6 in (0, 2, 3) else v)
        check(got == want, f'xlsx {label}: {got} != {want}')
        found.add(label)
check(found == set(xlsx_expected), f'xlsx rows missing: {set(xlsx_expected) - found}')
# The total row is formulas over the data (cached values checked above).
for row in wsf.iter_rows():
    if row[1].value == 'Toàn tỉnh':
        formulas = [c.value for c in row[2:14]]
        check(all(isinstance(f, str) and f.startswith('=') for f in formulas), f'total formulas {formulas}')
        check(formulas[2].startswith('=ROUND(SUM(D') and '/SUM(' in formulas[2], f'ratio formula {formulas[2]}')
        check(re.fullmatch(r'=E\d+-C\d+', formulas[3] or '') is not None, f'gap formula {formulas[3]}')

z = zipfile.ZipFile(path)
charts = sorted(n for n in z.namelist() if re.fullmatch(r'xl/charts/chart\d+\.xml', n))
check(len(charts) == 2, f'charts in the workbook: {charts}')
for n, (rate_col, target_col) in zip(charts, (('E', 'C'), ('K', 'I'))):
    xml = z.read(n).decode()
    refs = re.findall(r'<c:f>([^<]*)</c:f>', xml)
    check(f"'{ws.title}'!${rate_col}$7:${rate_col}$23" in refs, f'{n}: no series on the rate column: {refs}')
    check(f"'{ws.title}'!${target_col}$7:${target_col}$23" in refs, f'{n}: no series on the target column')
    check(f"'{ws.title}'!$B$7:$B$23" in refs, f'{n}: categories are not the names')
    check('<c:barDir val="bar"/>' in xml, f'{n}: not a bar chart')
sheet = z.read('xl/worksheets/sheet1.xml').decode()
for col, (v, t) in (('E', ('E', 'C')), ('F', ('E', 'C')), ('G', ('E', 'C')), ('K', ('K', 'I'))):
    check(re.search(rf'<conditionalFormatting sqref="{col}7:{col}24">.*?\${v}7&lt;\${t}7', sheet),
          f'no conditional format on column {col}')

# --- PDF ----------------------------------------------------------------------
pdf = f'{out}/{name}.pdf'
pages = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', pdf], capture_output=True,
                                                         text=True).stdout).group(1))
check(pages == 3, f'{pages} pages, want the table and two chart pages')
table = subprocess.run(['pdftotext', '-layout', '-f', '1', '-l', '1', pdf, '-'], capture_output=True,
                       text=True).stdout
for place, want in expected.items():
    line = next((ln for ln in table.splitlines() if re.search(rf'(^|\s){re.escape(place)}\s', ln)), None)
    if line is None:
        problems.append(f'pdf: no line for {place}')
        continue
    tokens = line.split(place, 1)[1].split()
    check(tokens == want, f'pdf {place}: {tokens} != {want}')
for page, ind in ((2, 'BHXH'), (3, 'BHTN')):
    text = subprocess.run(['pdftotext', '-f', str(page), '-l', str(page), pdf, '-'], capture_output=True,
                          text=True).stdout
    last_day = {'07': '31', '06': '30'}.get(now[5:], '')
    for want in (f'Tỷ lệ tham gia {ind} so với chỉ tiêu năm {year}', 'Thực hiện đến', f'Chỉ tiêu năm {year}',
                 'Tỷ lệ (%)', '0%') + tuple(p for _, p in places):
        check(want in text, f'pdf chart page {page}: "{want}" missing')

# --- tom_tat.txt -------------------------------------------------------------------------
summary = open(f'{out}/{name}.tom_tat.txt', encoding='utf-8').read()
bx = totals['bhxh']
m = int(now[5:])
for want in (f'Tính đến ngày ', f'/{m}/{year}, số người tham gia BHXH là {vi_people(bx["p"])} người',
             f'tham gia BHXH là {vi_rate(bx["rate"])}',
             f'kế hoạch UBND tỉnh giao ({vi_rate(bx["target"])})',
             f'Số người tham gia BHTN là {vi_people(totals["bhtn"]["p"])} người'):
    check(want in summary, f'tom_tat: "{want}" missing')
if bx['gap'] < 0:
    check(f'chưa đạt kế hoạch UBND tỉnh giao ({vi_rate(bx["target"])}), còn thiếu '
          f'{vi_people(bx["province_need"])} người' in summary, 'tom_tat: shortfall of the province')
behind = sorted((xlsx_expected[p][3], i, p) for i, (_, p) in enumerate(places) if xlsx_expected[p][3] < 0)
first_para = summary.split('\n')[0]
for _, _, place in behind[:3]:
    check(place in first_para, f'tom_tat: {place} (furthest behind) not named')
for _, _, place in behind[3:]:
    check(place not in first_para, f'tom_tat: {place} named but not among the three furthest behind')
check(f'Có {len(behind)}/{len(places)} địa bàn chưa đạt chỉ tiêu' in first_para, 'tom_tat: count behind')

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
