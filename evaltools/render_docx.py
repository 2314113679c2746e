"""The report's blocks as a Word document (python-docx), the form halvårs- and slutrapporter are
written, signed and sent in.

Tables are real Word tables, figures are pictures at print resolution sized for A4 with their alt
text, captions are numbered Word captions ("Figur 3.", "Tabell 2." with SEQ fields, so the
evaluator's own text can cross-reference them). With a template (``--mall``), the document starts
from the förbund's own ``.docx``: its styles, header, footer and logo; its body text is replaced.
The file is byte-identical for the same input (no clock in it).
"""

from __future__ import annotations

import datetime as dt
import io
from copy import deepcopy
from collections.abc import Callable, Sequence
from pathlib import Path

import mistune
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .document import Block, FigureBlock, Heading, Markdown, Paragraph, TableBlock
from .zipfiles import fixed_zip

__all__ = ["write_docx", "fixed_zip"]

_AST = mistune.create_markdown(renderer=None, plugins=["strikethrough"])
_MUTED = RGBColor(0x55, 0x55, 0x55)
#: the widest a figure is printed: A4 less the margins
_TEXT_WIDTH_CM = 16.5


def _style(doc, name: str, fallback: str = "Normal") -> str:
    """A style of the document, or ``fallback`` where a förbund's template lacks it."""
    try:
        doc.styles[name]
        return name
    except KeyError:
        return fallback


def _style_id(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The id of style ``name`` (or its fallback, ``None`` for the default), looked up once per
    document: python-docx searches every style of the document for the default each time a style
    is set, which with a förbund's template of a few hundred styles was much of the Word file's
    time. A table style the document lacks is ``None`` (no style)."""
    ids = doc.__dict__.setdefault("_evaltools_style_ids", {})
    if (name, kind) not in ids:
        if kind == WD_STYLE_TYPE.TABLE:
            found = _style(doc, name, "")
            ids[name, kind] = doc.part.get_style_id(found, kind) if found else None
        else:
            ids[name, kind] = doc.part.get_style_id(_style(doc, name), kind)
    return ids[name, kind]


def _paragraph(doc, text: str = "", style: str | None = None):
    """``doc.add_paragraph(text, style=…)``, the style looked up once (:func:`_style_id`)."""
    paragraph = doc.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_id(doc, style)
    return paragraph


def _clear_body(doc) -> None:
    """Remove a template's body text, keeping its sections (page setup, header, footer)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (e.g. ``SEQ Figur``) with its current result, so it reads right before Word
    updates fields."""
    def run_with(element):
        run = paragraph.add_run()
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _caption(doc, label: str, number: int, text: str, scope: str | None, *, before: bool) -> None:
    paragraph = _paragraph(doc, style="Caption")
    paragraph.paragraph_format.keep_with_next = before
    run = paragraph.add_run(f"{label} ")
    run.bold = True
    _field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
    for r in paragraph.runs[1:]:
        r.bold = True
    tail = paragraph.add_run(". " + text)
    tail.bold = True
    if scope:
        paragraph.add_run().add_break(WD_BREAK.LINE)
        run = paragraph.add_run(scope)
        run.bold = False
        run.font.color.rgb = _MUTED


def _split_caption(caption: str) -> tuple[str, int, str]:
    """``"Figur 3. Deltagare per kön"`` -> ``("Figur", 3, "Deltagare per kön")``."""
    head, _, text = caption.partition(". ")
    word, _, number = head.rpartition(" ")
    return word, int(number), text


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc, block: TableBlock) -> None:
    word, number, text = _split_caption(block.caption)
    _caption(doc, word, number, text, block.scope, before=True)
    frame = block.published.display
    numeric = block.numeric or tuple(False for _ in frame.columns)
    table = doc.add_table(rows=len(frame) + 1, cols=len(frame.columns))
    grid = _style_id(doc, "Table Grid", WD_STYLE_TYPE.TABLE)
    if grid:
        table._tbl.tblStyle_val = grid
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = Pt(8.5) if len(frame.columns) > 6 else Pt(9.5)

    def fill(cell, value: str, bold: bool, right: bool) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = True
        if right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(value)
        run.bold = bold
        run.font.size = size

    # python-docx builds a row's cells anew on every ``rows[i].cells``: take each row's once
    cells = [row.cells for row in table.rows]
    # a cell's paragraph is a copy of the document's first cell of its kind (header or body, right
    # aligned or not, text size) with the text changed: python-docx setting each paragraph property
    # of each cell anew took most of the Word file's time
    made = doc.__dict__.setdefault("_evaltools_cells", {})

    def put(cell, text: str, bold: bool, right: bool) -> None:
        kind = (bold, right, size)
        if kind not in made or "\t" in text or "\n" in text:
            fill(cell, text, bold, right)
            if "\t" not in text and "\n" not in text:
                made[kind] = cell._tc.p_lst[0]
        else:
            _copy_paragraph(cell, made[kind], text)

    for j, (header, right) in enumerate(zip(frame.columns, numeric)):
        put(cells[0][j], str(header), True, right)
    _widths(table, cells, frame, numeric)
    _repeat_header(table.rows[0])
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for j, (value, right) in enumerate(zip(row, numeric)):
            put(cells[i][j], str(value), False, right)
    for note in block.notes:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(note)
        run.font.size = Pt(8.5)
        run.font.color.rgb = _MUTED
    doc.add_paragraph()


def _copy_paragraph(cell, paragraph, text: str) -> None:
    """Put a copy of ``paragraph`` (one run of plain text) in ``cell`` in place of its empty
    paragraph, with ``text`` instead of its text."""
    copy = deepcopy(paragraph)
    run = copy.find(qn("w:r"))
    for old in run.findall(qn("w:t")):
        run.remove(old)
    if text:  # as python-docx writes it: no w:t for no text, spaces kept where they lead or trail
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")
        run.append(t)
    cell._tc.replace(cell._tc.p_lst[0], copy)


def _widths(table, grid: Sequence[Sequence], frame, numeric: Sequence[bool]) -> None:
    """Column widths by content: numbers get the width their longest value and header word need
    (they never wrap), text columns share what is left of the page width in proportion to their
    length (they wrap). Word's own autofit squeezes the first column instead."""
    size = 0.20 if len(frame.columns) > 6 else 0.22  # cm per character at 8.5 / 9.5 pt (a wide font)
    need, least = [], []
    for j, column in enumerate(frame.columns):
        cells = [str(v) for v in frame.iloc[:, j]]
        word = min(max([len(w) for w in str(column).split()] or [3]), 9)  # longer headers wrap
        if numeric[j]:
            need.append(max([len(c) for c in cells] + [word, 3]) * size + 0.45)
            least.append(need[-1])
        else:
            need.append(max([len(c) for c in cells] + [len(str(column)), 3]) * size + 0.45)
            longest_word = max([len(w) for c in cells + [str(column)] for w in c.split()] or [3])
            least.append(min(longest_word, 14) * size + 0.45)  # text wraps between words only
    fixed = sum(w for w, num in zip(need, numeric) if num)
    text = sum(w for w, num in zip(need, numeric) if not num)
    room = _TEXT_WIDTH_CM - fixed
    scale = min(1.0, room / text) if text and room > 0 else 1.0
    widths = [w if num else max(low, w * scale) for w, low, num in zip(need, least, numeric)]
    if sum(widths) > _TEXT_WIDTH_CM:  # still too wide: every column gives way in proportion
        widths = [w * _TEXT_WIDTH_CM / sum(widths) for w in widths]
    table.autofit = False
    for j, width in enumerate(widths):
        table.columns[j].width = Cm(width)  # the grid, which LibreOffice reads
        for row in grid:
            row[j].width = Cm(width)  # each cell, which Word reads


def _figure(doc, block: FigureBlock) -> None:
    width_cm = min(_TEXT_WIDTH_CM, block.width_px / 96 * 2.54 * 1.05)
    doc.add_picture(io.BytesIO(block.png), width=Cm(width_cm))
    picture_paragraph = doc.paragraphs[-1]
    picture_paragraph.paragraph_format.keep_with_next = True
    inline = picture_paragraph.runs[-1]._r.xpath(".//wp:docPr")
    if inline:
        inline[0].set("descr", block.alt)
        inline[0].set("title", block.caption)
    word, number, text = _split_caption(block.caption)
    _caption(doc, word, number, text, block.scope, before=False)


def _inline(paragraph, children: Sequence[dict], bold: bool = False, italic: bool = False) -> None:
    for child in children:
        kind = child["type"]
        if kind in ("text", "codespan"):
            run = paragraph.add_run(child.get("raw", ""))
            run.bold, run.italic = bold or None, italic or None
        elif kind == "strong":
            _inline(paragraph, child["children"], True, italic)
        elif kind == "emphasis":
            _inline(paragraph, child["children"], bold, True)
        elif kind == "link":
            _inline(paragraph, child["children"], bold, italic)
            paragraph.add_run(f" ({child['attrs']['url']})")
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "linebreak":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif "children" in child:
            _inline(paragraph, child["children"], bold, italic)


def _markdown(doc, source: str) -> None:
    for token in _AST(source):
        kind = token["type"]
        if kind == "heading":
            level = min(3, 2 + int(token["attrs"]["level"]))
            _inline(_paragraph(doc, style=f"Heading {level}"), token["children"])
        elif kind == "paragraph":
            _inline(doc.add_paragraph(), token["children"])
        elif kind == "list":
            style = "List Number" if token["attrs"].get("ordered") else "List Bullet"
            for item in token["children"]:
                for part in item["children"]:
                    _inline(_paragraph(doc, style=style), part.get("children", []))
        elif kind == "block_quote":
            _markdown(doc, "\n\n".join(_plain(c) for c in token["children"]))
        elif kind == "block_code":
            doc.add_paragraph(token.get("raw", ""))


def _plain(token: dict) -> str:
    if "raw" in token:
        return token["raw"]
    return "".join(_plain(c) for c in token.get("children", []))


def write_docx(path: Path, *, title: str, kind: str, meta: Sequence[tuple[str, str]],
               blocks: Sequence[Block], language: str, contents_label: str, created: dt.date,
               template: Path | None = None,
               drawn: Callable[[FigureBlock], FigureBlock] | None = None) -> Path:
    """Write the report's blocks as ``path`` (a .docx); return the path. ``drawn`` gives a figure
    block its PNG when the document reaches it (the figure may still be being drawn when the
    document is begun)."""
    doc = Document(str(template)) if template else Document()
    if template:
        _clear_body(doc)
    else:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin = section.bottom_margin = Mm(20)
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
    styles = doc.styles
    if "Caption" in [s.name for s in styles]:
        styles["Caption"].font.size = Pt(9)
        styles["Caption"].font.italic = False
        styles["Caption"].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)

    _paragraph(doc, title, "Title")
    _paragraph(doc, kind, "Subtitle")
    info = doc.add_table(rows=len(meta), cols=2)
    for row, (key, value) in zip(info.rows, meta):
        row.cells[0].text, row.cells[1].text = key, value
        row.cells[0].paragraphs[0].runs[0].bold = True
    contents = [b for b in blocks if isinstance(b, Heading) and b.level == 2]
    if contents:
        _paragraph(doc, contents_label, "Heading 2")
        for number, heading in enumerate(contents, start=1):
            doc.add_paragraph(f"{number}. {heading.text}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for block in blocks:
        if isinstance(block, Heading):
            if block.anchor == "bilaga":
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            level = min(max(block.level - 1, 1), 3)
            heading = _paragraph(doc, block.text, f"Heading {level}")
            heading.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.kind == "note":
                run.font.size = Pt(9)
                run.font.color.rgb = _MUTED
        elif isinstance(block, Markdown):
            _markdown(doc, block.source)
        elif isinstance(block, TableBlock):
            _table(doc, block)
        elif isinstance(block, FigureBlock):
            _figure(doc, drawn(block) if drawn is not None else block)

    moment = dt.datetime(created.year, created.month, created.day)
    core = doc.core_properties
    core.title = f"{title} – {kind}"
    core.author = core.last_modified_by = "evaltools"
    core.created = core.modified = moment
    core.last_printed = moment
    core.revision = 1
    core.language = language
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(fixed_zip(buffer.getvalue(), created))
    return path
