"""The crafted uploads of `make drill`, built in memory (no binary files in the repository).

Each is what a careless or hostile uploader could send to the progress import: workbooks
whose sheet declares far more cells than it holds, a zip bomb, and CSV files with values
Python's csv, codecs and int() refuse."""

import functools
import io
import re
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>nummer</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>framsteg</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>status</t></is></c></row>'
)


# A wide row for the zip bomb: its cells need no address (a reader counts them), so all
# that differs from row to row is the row's number and the sheet compresses about 225 to 1.
WIDE = (
    '<c><v>1</v></c><c><v>50</v></c><c t="inlineStr"><is><t>pågående</t></is></c>'
    + "<c><v>7</v></c>" * 86
)


def _row(n: int, wide: bool = False) -> str:
    if wide:
        return f'<row r="{n}">{WIDE}</row>'
    return (
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>50</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>pågående</t></is></c></row>'
    )


def xlsx(dimension: str, rows: int = 1, *, wide: bool = False) -> bytes:
    """A workbook whose one sheet declares `dimension` and holds `rows` data rows, and an
    empty cell in the dimension's last row: a reader that trusts the dimension makes every
    row in between, each as wide as declared (openpyxl's read-only sheet does)."""
    last = int(re.search(r"\d+$", dimension).group())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, xml in PARTS.items():
            book.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + xml)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
                f'<dimension ref="{dimension}"/><sheetData>{HEADER}'.encode()
            )
            for start in range(2, rows + 2, 10_000):
                chunk = range(start, min(start + 10_000, rows + 2))
                sheet.write("".join(_row(n, wide) for n in chunk).encode())
            if last > rows + 1:
                end = f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t></t></is></c></row>'
                sheet.write(end.encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def inflated_size(content: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return sum(info.file_size for info in book.infolist())


@functools.cache
def cases() -> list[tuple[str, str, bytes]]:
    """(what, file name, content), in the order of issue 11."""
    csv_head = "nummer;framsteg;status\r\n"
    return [
        ("xlsx declaring A1:XFD2000", "dim2000.xlsx", xlsx("A1:XFD2000")),
        ("xlsx declaring A1:XFD20000", "dim20000.xlsx", xlsx("A1:XFD20000")),
        ("xlsx declaring A1:XFD1048576", "dimmax.xlsx", xlsx("A1:XFD1048576")),
        ("zip bomb (300,000 wide rows)", "bomb.xlsx", xlsx("A1:CK300001", 300_000, wide=True)),
        ("CSV field of 200,000 chars", "long.csv", (csv_head + "1;50;" + "x" * 200_000).encode()),
        ("CSV with byte 0x81", "byte81.csv", csv_head.encode() + b"1;50;p\x81g\r\n"),
        ("CSV progress 1e309", "huge.csv", (csv_head + "1;1e309;pågående\r\n").encode()),
        ("CSV progress inf", "inf.csv", (csv_head + "1;inf;pågående\r\n").encode()),
    ]


def warm_up() -> list[tuple[str, bytes]]:
    """Ordinary files with one wrong row (no measure 999), so nothing is written: they load
    the import's code into each worker before the crafted files are measured."""
    head = "nummer;framsteg;status\r\n999;50;pågående\r\n"
    return [("warm.xlsx", xlsx("A1:C2")), ("warm.csv", head.encode())]
