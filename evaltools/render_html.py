"""The report's blocks as HTML: one snippet per block for the notebook, and the whole page.

The page is self-contained (figures embedded, no script, stylesheet or font fetched from anywhere),
marked with the report's language, has a contents list with links, and prints on A4: tables fit the
page width, headings stay with what follows, figures and tables are not split across pages.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence
from typing import Any

import mistune

from .document import Block, FigureBlock, Heading, Markdown, Paragraph, TableBlock

__all__ = ["block_html", "page_html", "CSS", "markdown_html", "show_in_notebook"]

CSS = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:var(--ink);max-width:52em;margin:2em auto;
     padding:0 1em;line-height:1.45;font-size:11pt}
h1{font-size:1.9em;margin:0 0 .2em 0}
h2{font-size:1.35em;margin:1.6em 0 .5em 0;border-bottom:1px solid var(--rule);padding-bottom:.15em}
h3{font-size:1.1em;margin:1.2em 0 .4em 0}
.et-kind{font-size:1.2em;margin:0 0 1em 0}
.et-meta td{padding:.1em 1.2em .1em 0;vertical-align:top}
.et-toc ol{padding-left:2.2em;margin:.3em 0}
.et-toc a{color:var(--ink);text-decoration:none}
.et-summary{margin:.3em 0}
.et-table{border-collapse:collapse;margin:.4em 0 .2em 0;font-size:.9em;width:auto;max-width:100%}
.et-table caption{text-align:left;font-weight:bold;padding-bottom:.3em;caption-side:top}
.et-table th{border-bottom:1.5px solid #444;padding:.25em .6em;text-align:left;vertical-align:bottom}
.et-table td{border-bottom:1px solid #e2e2e2;padding:.2em .6em;text-align:left;vertical-align:top}
.et-table .num{text-align:right;white-space:nowrap}
.et-scope{font-size:.88em;color:var(--muted);margin:.1em 0 .3em 0}
.et-note{font-size:.85em;color:var(--muted);margin:.15em 0 1em 0}
figure.et-figure{margin:.8em 0 1.4em 0}
figure.et-figure img{max-width:100%;height:auto}
figure.et-figure figcaption{font-size:.9em;margin-top:.2em}
.et-text p{margin:.4em 0}
@page{size:A4;margin:18mm 16mm 18mm 16mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:10pt}
  h1,h2,h3{break-after:avoid;page-break-after:avoid}
  .et-block,figure.et-figure,table.et-table,tr{break-inside:avoid;page-break-inside:avoid}
  .et-table{font-size:8.5pt}
  .et-table th,.et-table td{padding:.15em .35em}
  .et-toc a::after{content:""}
  .et-appendix{break-before:page;page-break-before:always}
}
"""

_MARKDOWN = mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def markdown_html(source: str) -> str:
    """The evaluator's Markdown as HTML; raw HTML in it is shown as text, never run."""
    return str(_MARKDOWN(source))


def _table(block: TableBlock) -> str:
    frame = block.published.display
    numeric = block.numeric or tuple(False for _ in frame.columns)
    head = "".join(f"<th class='{'num' if num else ''}'>{html.escape(str(h))}</th>"
                   for h, num in zip(frame.columns, numeric))
    body = "".join("<tr>" + "".join(f"<td class='{'num' if num else ''}'>{html.escape(str(v))}</td>"
                                   for v, num in zip(row, numeric)) + "</tr>"
                   for row in frame.itertuples(index=False))
    scope = f"<p class='et-scope'>{html.escape(block.scope)}</p>" if block.scope else ""
    notes = "".join(f"<p class='et-note'>{html.escape(n)}</p>" for n in block.notes)
    return (f"<div class='et-block' id='tabell-{block.number}'><table class='et-table'>"
            f"<caption>{html.escape(block.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>{scope}{notes}</div>")


def _figure(block: FigureBlock) -> str:
    encoded = base64.b64encode(block.png).decode("ascii")
    scope = f"<br/><span class='et-scope'>{html.escape(block.scope)}</span>" if block.scope else ""
    return (f"<figure class='et-figure' id='figur-{block.number}'><img alt='{html.escape(block.alt)}' "
            f"width='{block.width_px}' src='data:image/png;base64,{encoded}'/>"
            f"<figcaption><b>{html.escape(block.caption)}</b>{scope}</figcaption></figure>")


def block_html(block: Block) -> str:
    """One block as an HTML snippet (the notebook shows each as it is made)."""
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 4)
        anchor = f" id='{html.escape(block.anchor)}'" if block.anchor else ""
        extra = " class='et-appendix'" if block.anchor == "bilaga" else ""
        return f"<h{level}{anchor}{extra}>{html.escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        css = {"summary": "et-summary", "note": "et-note"}.get(block.kind, "")
        return f"<p class='{css}'>{html.escape(block.text)}</p>"
    if isinstance(block, Markdown):
        return f"<div class='et-text'>{markdown_html(block.source)}</div>"
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, FigureBlock):
        return _figure(block)
    raise TypeError(f"unknown block {block!r}")


def title_html(title: str, kind: str, meta: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in meta)
    return (f"<h1>{html.escape(title)}</h1><p class='et-kind'><b>{html.escape(kind)}</b></p>"
            f"<table class='et-meta'>{rows}</table>")


def page_html(*, title: str, kind: str, meta: Sequence[tuple[str, str]], blocks: Sequence[Block],
              language: str, contents_label: str) -> str:
    """The whole report as one self-contained HTML page."""
    toc = "".join(f"<li><a href='#{html.escape(b.anchor)}'>{html.escape(b.text)}</a></li>"
                  for b in blocks if isinstance(b, Heading) and b.level == 2 and b.anchor)
    contents = (f"<nav class='et-toc'><h2>{html.escape(contents_label)}</h2><ol>{toc}</ol></nav>"
                if toc else "")
    body = "\n".join(block_html(b) for b in blocks)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8"/>\n'
            f"<meta name='viewport' content='width=device-width, initial-scale=1'/>\n"
            f"<title>{html.escape(title)} – {html.escape(kind)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{title_html(title, kind, meta)}\n{contents}\n{body}\n</body>\n</html>\n")


def figure_placeholder_html(block: FigureBlock) -> str:
    """A figure's caption where the figure comes when it is drawn."""
    return f"<figure class='et-figure' id='figur-{block.number}'><figcaption><b>{html.escape(block.caption)}</b></figcaption></figure>"


class _Shown:
    """Something shown in the notebook that can be replaced (an IPython display handle)."""

    def __init__(self, handle: Any):
        self._handle = handle

    def update(self, markup: str) -> None:
        from IPython.display import HTML

        self._handle.update(HTML(markup))


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def show_in_notebook(markup: str, *, later: bool = False) -> _Shown | None:
    """Show HTML in a running notebook; outside IPython (a script, a test) there is nowhere to show
    it, and nothing happens. ``later``: return what was shown, to be replaced (:class:`_Shown`)."""
    if _ipython() is None:
        return None
    from IPython.display import HTML, display

    handle = display(HTML(markup), display_id=True if later else None)
    return _Shown(handle) if later else None


def on_cell_end(action: str, callback: Callable[..., None]) -> None:
    """``register`` ``callback`` to be called when each notebook cell ends (IPython's
    ``post_run_cell``), or ``unregister`` it; outside IPython nothing happens."""
    ip = _ipython()
    if ip is None:
        return
    if action == "register":
        ip.events.register("post_run_cell", callback)
    elif callback in ip.events.callbacks["post_run_cell"]:
        ip.events.unregister("post_run_cell", callback)
