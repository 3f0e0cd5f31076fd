"""The format readers (issue 18): DOCX, ODT, HTML and spreadsheets rendered into the text layout, the
format sniffed from the bytes, and bad input refused with a message naming the file."""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P

from ckanext.kpi.extraction import cli
from ckanext.kpi.extraction.pipeline import extract_document
from ckanext.kpi.extraction.readers import ReaderError, ReaderLimits, render_bytes, sniff_format
from ckanext.kpi.extraction.readers.docx import format_number

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].add_run("หัวกระดาษ ไม่ใช่เนื้อหา")
    document.sections[0].footer.paragraphs[0].add_run("หน้า 1")
    document.add_heading("แผนปฏิบัติการ 2567", level=1)
    document.add_heading("ยุทธศาสตร์ที่ 1", level=2)
    document.add_paragraph().add_run("ตัวชี้วัดหลัก").bold = True
    document.add_paragraph("ข้อความธรรมดา")
    document.add_paragraph("หัวข้อย่อย", style="List Bullet")
    document.add_paragraph("ข้อแรก", style="List Number")
    document.add_paragraph("ข้อสอง", style="List Number")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).paragraphs[0].add_run("ตัวชี้วัด")
    table.cell(0, 1).merge(table.cell(0, 2)).paragraphs[0].add_run("ค่าเป้าหมาย")
    table.cell(0, 3).merge(table.cell(1, 3)).paragraphs[0].add_run("หน่วยงาน")
    table.cell(1, 1).paragraphs[0].add_run("2566")
    table.cell(1, 2).paragraphs[0].add_run("2567")
    for column, text in enumerate(["ร้อยละผู้ใช้บริการ", "80", "85"]):
        table.cell(2, column).paragraphs[0].add_run(text)
    unit = table.cell(2, 3)
    unit.paragraphs[0].add_run("กอง").bold = True
    unit.add_paragraph("ฝ่ายแผน", style="List Bullet")
    unit.add_paragraph("ฝ่ายงบ", style="List Bullet")
    for column, text in enumerate(["จำนวนราย", "10", "12", ""]):
        table.cell(3, column).paragraphs[0].add_run(text)
    nested = table.cell(3, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).paragraphs[0].add_run("ก")
    nested.cell(0, 1).paragraphs[0].add_run("ข")
    # A text box anchored in a paragraph (VML), and deleted text (tracked change) that is not content.
    anchor = document.add_paragraph("ก่อนกล่อง")
    anchor._p.append(
        parse_xml(
            f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>ข้อความในกล่อง</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    anchor._p.append(
        parse_xml(f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>ลบแล้ว</w:delText></w:r></w:del>')
    )
    document.add_paragraph("บรรทัดหนึ่ง").add_run().add_break()
    document.paragraphs[-1].add_run("บรรทัดสอง")
    return docx_bytes(document)


def test_docx_renders_headings_lists_merged_tables_nested_tables_and_text_boxes():
    rendition = render_bytes(sample_docx(), "plan.docx")
    assert rendition.source_format == "docx"
    assert rendition.text.split("\n") == [
        "# แผนปฏิบัติการ 2567",
        "",
        "## ยุทธศาสตร์ที่ 1",
        "",
        "**ตัวชี้วัดหลัก**",
        "",
        "ข้อความธรรมดา",
        "- หัวข้อย่อย",
        "1. ข้อแรก",
        "2. ข้อสอง",
        "",
        # Merged cells written once: the vertical merges leave row 2 empty under them, the horizontal
        # one leaves the covered position empty; a two-row header as in the text extractions.
        "ตัวชี้วัด\tค่าเป้าหมาย\t\tหน่วยงาน",
        "\t2566\t2567\t",
        'ร้อยละผู้ใช้บริการ\t80\t85\t<p><b>กอง</b></p> <ul style="list-style-type: none"> <li>ฝ่ายแผน</li> '
        "<li>ฝ่ายงบ</li> </ul>",
        'จำนวนราย\t10\t12\t<table border="1"><tr><td>ก</td><td>ข</td></tr></table>',
        "ก่อนกล่อง",
        "ข้อความในกล่อง",
        "บรรทัดหนึ่ง  ",
        "บรรทัดสอง",
    ]
    assert "หัวกระดาษ" not in rendition.text and "หน้า 1" not in rendition.text
    assert "ลบแล้ว" not in rendition.text
    refs = dict(zip(rendition.text.split("\n"), rendition.source_refs, strict=True))
    assert refs["# แผนปฏิบัติการ 2567"] == "paragraph 1"
    assert refs["\t2566\t2567\t"] == "table 1 · row 2"
    assert refs["ข้อความในกล่อง"] == "paragraph 9"


def test_docx_two_row_header_is_read_as_group_and_sub_columns(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(sample_docx())
    _result, document = extract_document(path)
    grid = document.grids[0]
    keys = [(column.group, column.sub) for column in grid.columns]
    assert keys[1:3] == [("ค่าเป้าหมาย", "2566"), ("ค่าเป้าหมาย", "2567")]


def test_html_page_headings_lists_and_spanned_table():
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>e-SAR</title>
    <script>document.write('ไม่ใช่เนื้อหา')</script><style>p{}</style></head><body>
    <nav><a href="/">หน้าแรก</a></nav><header>ส่วนหัวเว็บ</header>
    <h2>ผลการดำเนินงาน</h2><p>ปีงบประมาณ <b>2567</b></p>
    <ul><li>หนึ่ง</li><li>สอง</li></ul><ol start="3"><li>สาม</li></ol>
    <table><caption>ตาราง 1</caption>
      <tr><th rowspan="2">ตัวชี้วัด</th><th colspan="2">ผล</th></tr>
      <tr><th>2566</th><th>2567</th></tr>
      <tr><td>ร้อยละ<br>ความพึงพอใจ</td><td>80</td><td>85</td></tr>
    </table><footer>ติดต่อเรา</footer><div hidden>ซ่อน</div></body></html>""".encode()
    rendition = render_bytes(page, "esar.html")
    assert rendition.text.split("\n") == [
        "## ผลการดำเนินงาน",
        "",
        "ปีงบประมาณ 2567",
        "- หนึ่ง",
        "- สอง",
        "3. สาม",
        "ตาราง 1",
        "",
        "ตัวชี้วัด\tผล\t",
        "\t2566\t2567",
        "ร้อยละความพึงพอใจ\t80\t85",
    ]
    assert rendition.source_refs[-1] == "table 1 · row 3"


def test_html_in_the_thai_legacy_encoding_is_decoded():
    page = '<html><head><meta charset="windows-874"></head><body><p>ตัวชี้วัด</p></body></html>'
    assert render_bytes(page.encode("cp874"), "old.htm").text == "ตัวชี้วัด"


def test_odt_headings_bold_lists_and_spanned_cells():
    document = OpenDocumentText()
    bold = Style(name="Bold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    document.text.addElement(H(outlinelevel=2, text="หัวข้อ"))
    document.text.addElement(P(stylename=bold, text="ตัวหนา"))
    document.text.addElement(P(text="ธรรมดา"))
    items = List()
    item = ListItem()
    item.addElement(P(text="รายการ"))
    items.addElement(item)
    document.text.addElement(items)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    first = TableRow()
    group = TableCell(numbercolumnsspanned=2)
    group.addElement(P(text="กลุ่ม"))
    first.addElement(group)
    first.addElement(CoveredTableCell())
    last = TableCell()
    last.addElement(P(text="x"))
    first.addElement(last)
    table.addElement(first)
    second = TableRow()
    for text in ("a", "b", "c"):
        cell = TableCell()
        cell.addElement(P(text=text))
        second.addElement(cell)
    table.addElement(second)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    rendition = render_bytes(buffer.getvalue(), "plan.odt")
    assert rendition.source_format == "odt"
    assert rendition.text.split("\n") == [
        "## หัวข้อ", "", "**ตัวหนา**", "", "ธรรมดา", "- รายการ", "", "กลุ่ม\t\tx", "a\tb\tc",
    ]  # fmt: skip


def test_xlsx_sheets_become_tables_with_merged_cells_written_once():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "KPI"
    sheet["B2"] = "ค่าเป้าหมาย"
    sheet.merge_cells("B2:C2")
    sheet["A3"], sheet["B3"], sheet["C3"] = "ร้อยละ", 80, 85.5
    workbook.create_sheet("ว่าง")
    buffer = io.BytesIO()
    workbook.save(buffer)
    rendition = render_bytes(buffer.getvalue(), "kpi.xlsx")
    assert rendition.text.split("\n") == ["## KPI", "", "\tค่าเป้าหมาย\t", "ร้อยละ\t80\t85.5"]
    assert rendition.source_refs == ("KPI", "", "KPI!2", "KPI!3")


def test_csv_is_one_table():
    rendition = render_bytes("ตัวชี้วัด,ค่า\nร้อยละ,80\n".encode(), "kpi.csv")
    assert rendition.text == "ตัวชี้วัด\tค่า\nร้อยละ\t80"
    assert rendition.source_refs == ("kpi!1", "kpi!2")


def test_text_extractions_keep_the_text_path():
    assert render_bytes("# หัวข้อ\n".encode(), "seed.txt") is None
    assert sniff_format(b"%PDF-1.7\n", "x.bin") == "pdf"
    assert sniff_format(b"<!DOCTYPE html><html>", "report.pdf") == "html"


# --- bad input: a clear bilingual message naming the file, nothing written -----------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_pdf_that_is_an_html_page_is_named_as_such():
    with pytest.raises(ReaderError) as raised:
        render_bytes(b"<!DOCTYPE html><html><body>Login</body></html>", "plan-2567.pdf")
    message = str(raised.value)
    assert message.startswith("plan-2567.pdf: named .pdf but the content is HTML page")
    assert "ชื่อไฟล์เป็น .pdf" in message


def test_corrupt_zip_is_refused():
    data = sample_docx()
    with pytest.raises(ReaderError) as raised:
        render_bytes(data[: len(data) // 2], "broken.docx")
    assert str(raised.value).startswith("broken.docx: damaged ZIP container")
    assert "ไฟล์เสียหาย" in str(raised.value)


def test_zip_bomb_by_ratio_is_refused_before_parsing():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ReaderError) as raised:
        render_bytes(bomb, "bomb.docx")
    assert "ZIP bomb" in str(raised.value) and str(raised.value).startswith("bomb.docx: ")


def test_zip_bomb_by_size_is_refused():
    big = _zip({"word/document.xml": bytes(range(256)) * 8192})  # 2 MiB, barely compressible
    with pytest.raises(ReaderError) as raised:
        render_bytes(big, "big.docx", ReaderLimits(max_uncompressed_bytes=1024 * 1024))
    assert "would unpack to 2,097,152 bytes" in str(raised.value)


def test_file_over_the_size_cap_is_refused():
    with pytest.raises(ReaderError) as raised:
        render_bytes(sample_docx(), "plan.docx", ReaderLimits(max_bytes=1000))
    assert "over the size cap of 1,000" in str(raised.value) and "ไฟล์ใหญ่เกินขนาด" in str(raised.value)


def test_docx_that_links_content_from_outside_is_refused():
    document = docx.Document()
    document.add_paragraph("ข้อความ")
    document.part.relate_to("http://tracker.example/pixel.png", RELATIONSHIP_TYPE.IMAGE, is_external=True)
    with pytest.raises(ReaderError) as raised:
        render_bytes(docx_bytes(document), "linked.docx")
    assert "http://tracker.example/pixel.png" in str(raised.value)
    assert "ลิงก์ภายนอก" in str(raised.value)


def test_docx_hyperlinks_are_ordinary_text():
    document = docx.Document()
    paragraph = document.add_paragraph("ดูที่ ")
    relationship = document.part.relate_to(
        "https://www.opdc.go.th", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    paragraph._p.append(
        parse_xml(f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                  f'relationships" r:id="{relationship}"><w:r><w:t>เว็บไซต์ ก.พ.ร.</w:t></w:r></w:hyperlink>')
    )  # fmt: skip
    assert render_bytes(docx_bytes(document), "links.docx").text == "ดูที่ เว็บไซต์ ก.พ.ร."


def test_old_word_doc_gets_a_hint():
    with pytest.raises(ReaderError) as raised:
        render_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.doc")
    assert "save it as DOCX or PDF" in str(raised.value)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "report.pdf",
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            "named .pdf but the content is HTML",
        ),
        ("broken.docx", b"PK\x03\x04garbage", "damaged ZIP container"),
        ("archive.docx", _zip({"readme.txt": b"x"}), "named .docx but the content is ZIP archive"),
    ],
)
def test_kpi_extract_refuses_bad_files_without_output_or_traceback(tmp_path, capsys, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    assert cli.main([str(path), "--out", str(out)]) == cli.EXIT_BAD_INPUT
    error = capsys.readouterr().err
    assert error.startswith(f"kpi-extract: error: {name}: ") and expected in error
    assert "Traceback" not in error
    assert not out.exists() or not any(out.iterdir())


def test_kpi_extract_writes_source_refs_for_a_docx(tmp_path, capsys):
    path = tmp_path / "plan.docx"
    path.write_bytes(sample_docx())
    out = tmp_path / "out"
    assert cli.main([str(path), "--out", str(out)]) in (cli.EXIT_OK, cli.EXIT_UNKNOWN_FAMILY)
    folder = out / "plan"
    metadata = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert metadata["source_format"] == "docx"
    with (folder / "findings.csv").open(encoding="utf-8") as handle:
        assert "source_ref" in next(csv.reader(handle))


def test_personal_data_is_screened_in_the_docx_text_layer(tmp_path):
    document = docx.Document()
    document.add_heading("รายงาน", level=1)
    document.add_paragraph("ผู้ประสานงาน นางสาวสมศรี ใจดี โทร 081-234-5678")
    path = tmp_path / "contact.docx"
    path.write_bytes(docx_bytes(document))
    result, parsed = extract_document(path)
    assert "081-234-5678" not in parsed.source.text and "สมศรี" not in parsed.source.text
    assert "081-234-5678" not in result.screened_text
    kinds = {finding.rule for finding in result.findings if finding.rule.startswith("personal_data_")}
    assert kinds == {"personal_data_person_name", "personal_data_phone"}
    assert {finding.source_ref for finding in result.findings if finding.rule in kinds} == {"paragraph 2"}


def test_fixture_generator_is_deterministic(tmp_path, seeds_dir: Path):
    import importlib.util

    generator = Path(__file__).resolve().parents[2] / "tools" / "fixtures" / "make_docx.py"
    spec = importlib.util.spec_from_file_location("make_docx", generator)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    make_docx = module.make_docx
    seed = sorted(seeds_dir.glob("000_*.txt"))[0]
    first = make_docx(seed, tmp_path / "a").read_bytes()
    second = make_docx(seed, tmp_path / "b").read_bytes()
    assert first == second
    committed = Path(__file__).resolve().parents[2] / "ckanext/kpi/examples/documents" / f"{seed.stem}.docx"
    assert committed.read_bytes() == first, "regenerate the fixtures: python tools/fixtures/make_docx.py"


def test_html_source_newlines_are_spaces_and_br_is_a_line_break():
    page = "<html><body><p>ตัวชี้วัด\n      ที่ 1</p><p>บรรทัดแรก<br>บรรทัดสอง</p></body></html>"
    assert render_bytes(page.encode(), "page.html").text.split("\n") == [
        "ตัวชี้วัด ที่ 1",
        "บรรทัดแรก  ",
        "บรรทัดสอง",
    ]


def test_docx_numbers_follow_the_list_level_format_and_text():
    document = docx.Document()
    numbering = document.part.numbering_part.element
    style = document.styles["List Number"].element
    num_id = style.find(qn("w:pPr")).find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    level = next(lvl for lvl in abstract.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0")
    level.find(qn("w:numFmt")).set(qn("w:val"), "thaiNumbers")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1)")
    document.add_paragraph("ข้อแรก", style="List Number")
    document.add_paragraph("ข้อสอง", style="List Number")
    assert render_bytes(docx_bytes(document), "thai-numbers.docx").text == "๑) ข้อแรก\n๒) ข้อสอง"


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [(3, "decimal", "3"), (12, "thaiNumbers", "๑๒"), (2, "thaiLetters", "ข"), (4, "upperRoman", "IV"),
     (28, "lowerLetter", "bb")],
)  # fmt: skip
def test_list_number_formats(number, fmt, shown):
    assert format_number(number, fmt) == shown
