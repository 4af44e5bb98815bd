#!/usr/bin/python3
"""make_xlsx.py DIR — the workbooks test_xlsx.c reads, written into DIR.

Two kinds, from writers independent of phuluc's reader:
  * book.xlsx, by openpyxl (Debian's python3-openpyxl), as a clerk's
    workbook looks: a title row merged above the header, a two-row merged
    header, percent cells, a code Excel turned into a number, dates,
    booleans, an error cell, empty rows;
  * raw workbooks whose XML is written here by hand with zipfile, for what
    openpyxl does not write (cached formula values, inline and rich text,
    phonetic runs, cells without r=, prefixed namespaces, relationship
    targets absolute and relative) and for every hostile case (ZIP bomb,
    deep XML, DOCTYPE, missing parts, CFB containers, bad references…).
The LibreOffice-made workbook is checked in (data/lo.xlsx, data/make_lo.sh).
"""
import datetime
import os
import sys
import zipfile

import openpyxl
from openpyxl.styles import Alignment

OUT = sys.argv[1]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types '
      'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
REL_SHEET = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet'


def path(name):
    return os.path.join(OUT, name)


def openpyxl_book():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Địa bàn'
    ws['A1'] = 'DANH SÁCH ĐỊA BÀN'
    ws.merge_cells('A1:G1')
    ws['A1'].alignment = Alignment(horizontal='center')
    # row 2 empty
    ws.append([])
    ws.append(['ma', 'ten', 'ty_le', 'so_nguoi', 'ngay', 'dung', 'loi'])
    ws.append([4, 'Xã Đông Hòa', 0.4151, 264650, datetime.date(2024, 3, 15), True, '#N/A'])
    ws['C4'].number_format = '0.00%'
    ws['D4'].number_format = '#,##0'
    ws['E4'].number_format = 'dd/mm/yyyy'
    ws.append([])  # row 5 empty
    ws.append(['00007', 'Xã Đồng Hòa', 0.41515, 1234.5, datetime.date(2023, 1, 1), False, 18.9449])
    ws['C6'].number_format = '0.000%'
    ws['E6'].number_format = 'mm-dd-yy'  # built-in 14
    ws['D6'].number_format = '"người "0.0'
    ws2 = wb.create_sheet('Chỉ tiêu')
    ws2['A1'] = 'ma'
    ws2['B1'] = 'ten'
    ws2['C1'] = 'BHXH'
    ws2['C2'] = 2024
    ws2['D2'] = 2025
    ws2.merge_cells('A1:A2')
    ws2.merge_cells('B1:B2')
    ws2.merge_cells('C1:D1')
    ws2.append(['00004', 'Pleiku', 0.4151, 18.9449])
    ws2['C3'].number_format = '0.00%'
    wb.create_sheet('Trống')
    wb.save(path('book.xlsx'))


def workbook_xml(sheets, pr=''):
    body = ''.join('<sheet name="%s" sheetId="%d" r:id="%s"/>' % (n, i + 1, rid)
                   for i, (n, rid) in enumerate(sheets))
    return '<?xml version="1.0"?><workbook %s %s>%s<sheets>%s</sheets></workbook>' % (NS, NS_R, pr, body)


def rels_xml(rels):
    body = ''.join('<Relationship Id="%s" Type="%s" Target="%s"/>' % (rid, REL_SHEET, t) for rid, t in rels)
    return ('<?xml version="1.0"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % body)


def sheet_xml(rows, extra=''):
    return '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData>%s</worksheet>' % (NS, rows, extra)


def raw_zip(name, parts, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path(name), 'w', compression) as z:
        for part, data in parts.items():
            z.writestr(part, data)


def one_sheet(name, sheet, sst=None, styles=None):
    parts = {'[Content_Types].xml': CT,
             'xl/workbook.xml': workbook_xml([('S', 'rId1')]),
             'xl/_rels/workbook.xml.rels': rels_xml([('rId1', 'worksheets/sheet1.xml')]),
             'xl/worksheets/sheet1.xml': sheet}
    if sst is not None:
        parts['xl/sharedStrings.xml'] = sst
    if styles is not None:
        parts['xl/styles.xml'] = styles
    raw_zip(name, parts)


def raw_book():
    """Sheets listed in another order than their relationships, one target
    absolute, one relative with '..'; the first sheet's XML uses a prefix."""
    sst = ('<?xml version="1.0"?><sst %s count="2" uniqueCount="2">'
           '<si><r><rPr><b/></rPr><t>Toàn </t></r><r><t xml:space="preserve">tỉnh</t></r>'
           '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>'
           '<si><t>Tổng cộng</t></si><si><t>A_x000D_B_x005F_x0041_ _x0110__x1EC7_ _xD800_ _x41_</t></si><si><t></t></si></sst>' % NS)
    styles = ('<?xml version="1.0"?><styleSheet %s><numFmts count="1">'
              '<numFmt numFmtId="164" formatCode="[Red]0.0&quot;%%&quot;;\\%%0"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="10"/></cellStyleXfs>'
              '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/>'
              '<xf numFmtId="49"/></cellXfs></styleSheet>' % NS)
    x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    first = ('<?xml version="1.0"?><x:worksheet %s><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>'
             '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:r><x:t>Xã </x:t></x:r><x:r><x:t>Ia Tô</x:t>'
             '</x:r></x:is></x:c><x:c t="str"><x:f>A3&amp;""</x:f><x:v>Xã Ia Tô</x:v></x:c>'
             '<x:c><x:f>1+2</x:f><x:v>3</x:v></x:c><x:c r="F3" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>'
             '<x:c r="G3" t="b"><x:v>0</x:v></x:c><x:c r="H3" s="1"><x:v>0.30000000000000004</x:v></x:c>'
             '<x:c r="I3" s="2"><x:v>5</x:v></x:c><x:c r="J3" s="3" t="d"><x:v>2024-03-15</x:v></x:c>'
             '<x:c r="K3" s="1"/></x:row>'
             '<x:row><x:c><x:v>1E-3</x:v></x:c></x:row>'
             '<x:row r="5"><x:c r="A5" t="s"><x:v>3</x:v></x:c><x:c r="B5" t="str"><x:f>""</x:f><x:v></x:v></x:c>'
             '</x:row>'
             '</x:sheetData></x:worksheet>' % x)
    second = sheet_xml('<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    raw_zip('raw.xlsx', {
        '[Content_Types].xml': CT,
        'xl/workbook.xml': workbook_xml([('Dữ liệu', 'rId7'), ('Cuối', 'rId2')], '<workbookPr date1904="true"/>'),
        'xl/_rels/workbook.xml.rels': rels_xml([('rId2', '../xl/worksheets/last.xml'),
                                                ('rId7', '/xl/worksheets/data.xml')]),
        'xl/worksheets/data.xml': first,
        'xl/worksheets/last.xml': second,
        'xl/sharedStrings.xml': sst,
        'xl/styles.xml': styles})


def hidden_first():
    wb = workbook_xml([('Ẩn', 'rId1'), ('Hiện', 'rId2')]).replace('r:id="rId1"', 'state="hidden" r:id="rId1"')
    raw_zip('hidden.xlsx', {'[Content_Types].xml': CT, 'xl/workbook.xml': wb,
                            'xl/_rels/workbook.xml.rels': rels_xml([('rId1', 'worksheets/a.xml'),
                                                                    ('rId2', 'worksheets/b.xml')]),
                            'xl/worksheets/a.xml': sheet_xml(''), 'xl/worksheets/b.xml': sheet_xml('')})


def hostile():
    # A ZIP bomb: 50 MB of blanks inflated from about 50 KB.
    one_sheet('bomb.xlsx', sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + ' ' * (50 << 20)))
    # The same bomb with sizes that lie: the central directory declares 100 bytes inflated.
    with open(path('bomb.xlsx'), 'rb') as f:
        data = bytearray(f.read())
    with zipfile.ZipFile(path('bomb.xlsx')) as z:
        names = z.namelist()
    assert names[-1] == 'xl/worksheets/sheet1.xml'
    pos = -1
    while True:
        p = data.find(b'PK\x01\x02', pos + 1)
        if p < 0:
            break
        pos = p
    data[pos + 24:pos + 28] = (100).to_bytes(4, 'little')
    with open(path('bomb-lies.xlsx'), 'wb') as f:
        f.write(data)
    deep = '<x>' * 100 + '</x>' * 100
    one_sheet('deep.xlsx', sheet_xml('', deep))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + ''.join('<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i else '&lol;') * 10) for i in range(9))
              + ']><sst %s><si><t>&lol8;</t></si></sst>' % NS)
    one_sheet('laughs.xlsx', sheet_xml(''), sst=laughs)
    many = '<sst %s>%s</sst>' % (NS, '<si><t>x</t></si>' * 11)
    one_sheet('strings.xlsx', sheet_xml('<row r="1"><c r="A1" t="s"><v>10</v></c></row>'), sst=many)
    one_sheet('sst-index.xlsx', sheet_xml('<row r="1"><c r="A1" t="s"><v>11</v></c></row>'), sst=many)
    raw_zip('no-workbook.xlsx', {'[Content_Types].xml': CT})
    raw_zip('binary.xlsx', {'[Content_Types].xml': CT, 'xl/workbook.bin': b'\x83\x01\x00'})
    raw_zip('no-rel.xlsx', {'[Content_Types].xml': CT,
                            'xl/workbook.xml': workbook_xml([('S', 'rId9')]),
                            'xl/_rels/workbook.xml.rels': rels_xml([('rId1', 'worksheets/sheet1.xml')])})
    raw_zip('no-sheet.xlsx', {'[Content_Types].xml': CT,
                              'xl/workbook.xml': workbook_xml([('S', 'rId1')]),
                              'xl/_rels/workbook.xml.rels': rels_xml([('rId1', 'worksheets/sheet9.xml')])})
    raw_zip('escape.xlsx', {'[Content_Types].xml': CT,
                            'xl/workbook.xml': workbook_xml([('S', 'rId1')]),
                            'xl/_rels/workbook.xml.rels': rels_xml([('rId1', '../../etc/passwd')])})
    with open(path('text.xlsx'), 'w') as f:
        f.write('ma,ten\n1,Pleiku\n')
    cfb = b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 504
    with open(path('encrypted.xlsx'), 'wb') as f:
        f.write(cfb + 'EncryptionInfo'.encode('utf-16-le') + b'\0' * 50
                + 'EncryptedPackage'.encode('utf-16-le') + b'\0' * 400)
    with open(path('old.xls'), 'wb') as f:
        f.write(cfb + 'Workbook'.encode('utf-16-le') + b'\0' * 400)
    one_sheet('dup-cell.xlsx', sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>'))
    one_sheet('order-cell.xlsx', sheet_xml('<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>'))
    one_sheet('dup-row.xlsx', sheet_xml('<row r="2"/><row r="2"/>'))
    one_sheet('wrong-row.xlsx', sheet_xml('<row r="2"><c r="A3"><v>1</v></c></row>'))
    one_sheet('far-col.xlsx', sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>'))
    one_sheet('far-row.xlsx', sheet_xml('<row r="1048577"><c r="A1048577"><v>1</v></c></row>'))
    one_sheet('wide.xlsx', sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'))
    one_sheet('not-number.xlsx', sheet_xml('<row r="1"><c r="A1"><v>4,5</v></c></row>'))
    one_sheet('bad-xml.xlsx', sheet_xml('<row r="1"><c r="A1"><v>1</c></row>'))
    one_sheet('no-style.xlsx', sheet_xml('<row r="1"><c r="A1" s="7"><v>1</v></c></row>'))
    with open(path('book.xlsx'), 'rb') as f:
        data = f.read()
    with open(path('truncated.xlsx'), 'wb') as f:
        f.write(data[:len(data) // 2])
    # A flipped byte inside the sheet's deflated data: the CRC must catch it.
    with zipfile.ZipFile(path('crc.xlsx'), 'w', zipfile.ZIP_STORED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('xl/workbook.xml', workbook_xml([('S', 'rId1')]))
        z.writestr('xl/_rels/workbook.xml.rels', rels_xml([('rId1', 'worksheets/sheet1.xml')]))
        z.writestr('xl/worksheets/sheet1.xml', sheet_xml('<row r="1"><c r="A1"><v>12345</v></c></row>'))
    with open(path('crc.xlsx'), 'rb') as f:
        data = bytearray(f.read())
    i = data.find(b'12345')
    data[i] = ord('9')
    with open(path('crc.xlsx'), 'wb') as f:
        f.write(data)


openpyxl_book()
raw_book()
hidden_first()
hostile()
