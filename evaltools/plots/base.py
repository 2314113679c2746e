"""What every figure shares: the packaged style, the palette, masked cells, axes, goal lines, notes.

The palette is Okabe–Ito (safe for the common colour-vision deficiencies), used so that it also
survives a black-and-white office printer: series next to each other differ in lightness *and* in
hatching, goal lines are dark and dashed over a white underlay (they show on any bar) and carry their
own label, and text on a bar takes whichever of white or ink has the higher contrast against the bar
(WCAG ≥ 4.5:1 for every colour here).
"""

from __future__ import annotations

import io
import math
import os
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Union

import matplotlib
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox, offset_copy

from ..formatting import fmt_int, fmt_masked, fmt_percent
from ..labels import label
from ..publish import MASKED_DERIVED, MASKED_SECONDARY

STYLE = Path(__file__).resolve().parent.parent / "evaltools.mplstyle"

# Okabe–Ito, with the lightness (CIE L*) each prints as in grey
BLUE = "#0072B2"       # L* 46: the main series
SKY = "#56B4E9"        # L* 70: a second series, always hatched beside BLUE
ORANGE = "#E69F00"     # L* 74
VERMILION = "#D55E00"  # L* 54: worse (hatched)
GREEN = "#009E73"      # L* 57
PURPLE = "#CC79A7"     # L* 61
GREY = "#9A9A9A"       # L* 63
LIGHT_GREY = "#D9D9D9"  # L* 87: unchanged, other
MASKED_FILL = "#EDEDED"  # a month or a row that cannot be shown
INK = "#1A1A1A"        # goal lines, whiskers, reference lines
TEXT = "#333333"       # labels beside bars
MUTED = "#555555"      # subtitles, notes
RED, LIGHT = VERMILION, SKY  # older names

#: series drawn side by side or stacked: (face, hatch), alternating dark and light, each hatched
#: differently, so that no two neighbours look alike in grey
SERIES: tuple[tuple[str, str], ...] = ((BLUE, ""), (SKY, "///"), (ORANGE, "..."), (LIGHT_GREY, ""),
                                       (VERMILION, "xxx"), (PURPLE, "\\\\\\"))

#: which cells are masked: a frame like ``values``, or a sequence for the figure's main column
Masked = Union[pd.DataFrame, Sequence[bool], None]
#: what masked cells show: a frame like ``values``, or a sequence for the figure's main column
Marks = Union[pd.DataFrame, Sequence[str], None]


@contextmanager
def style() -> Iterator[None]:
    """The packaged look (``evaltools.mplstyle``), for drawing and for saving."""
    with matplotlib.style.context(STYLE):
        yield


def new_axes(ax: Axes | None, rows: int = 0, width: float = 6.5, height: float | None = None) -> Axes:
    if ax is not None:
        return ax
    if height is None:
        height = max(2.2, 1.2 + 0.36 * rows) if rows else 3.8
    return Figure(figsize=(width, height)).add_subplot()


def title(ax: Axes, text: str, subtitle: str | None = None, *, above: float = 0.0) -> None:
    """The title, and under it the subtitle (whom and when the figure counts), set in points above
    the Axes so that they never collide whatever the figure's height; ``above`` leaves room (in
    points) for something drawn between the Axes and the subtitle."""
    if subtitle:
        ax.annotate(subtitle, xy=(0, 1), xycoords="axes fraction", xytext=(0, 5 + above), textcoords="offset points",
                    fontsize=8.5, color=MUTED, va="bottom", ha="left", gid="subtitle")
    ax.set_title(text, loc="left", pad=(23 if subtitle else 8) + above)


def legend_below(ax: Axes, *, handles: list | None = None, ncol: int = 3, points: float = 34) -> None:
    """A legend centred under the Axes, ``points`` below its bottom edge (under the tick labels and
    the axis label whatever the figure's height)."""
    where = offset_copy(ax.transAxes, fig=ax.figure, y=-points, units="points")
    kw = {"handles": handles} if handles is not None else {}
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=where, ncol=ncol, **kw)


def wrap(text: str, width: int) -> str:
    """Break a label into lines of at most about ``width`` characters."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


# ------------------------------------------------------------------------------ colour and contrast

def luminance(color: str | tuple) -> float:
    """WCAG 2 relative luminance of a colour."""
    channels = np.array(to_rgb(color))
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a: str | tuple, b: str | tuple) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(face: str | tuple) -> str:
    """White or ink, whichever reads better on ``face``."""
    return "white" if contrast("white", face) >= contrast(INK, face) else INK


def hatch_color(face: str | tuple) -> str:
    """Hatch lines that show on ``face`` in grey print: light on dark faces, dark on light ones."""
    return "white" if luminance(face) < 0.3 else "#4D4D4D"


# ------------------------------------------------------------------------------ masked cells

def numbers(values: pd.DataFrame, column: str) -> np.ndarray:
    if column not in values.columns:
        return np.full(len(values), np.nan)
    return pd.to_numeric(values[column], errors="coerce").to_numpy(dtype=float)


def hidden(values: pd.DataFrame, column: str, masked: Masked, *, main: bool = True) -> np.ndarray:
    """Which cells of ``column`` are masked. A sequence ``masked`` is the mask of the figure's
    ``main`` column; without a mask frame, other columns count as masked where they are NaN."""
    if isinstance(masked, pd.DataFrame):
        if column in masked.columns:
            return masked[column].to_numpy(dtype=bool)
        return np.zeros(len(values), dtype=bool)
    if masked is not None and main:
        out = np.asarray(masked, dtype=bool)
        if out.shape != (len(values),):
            raise ValueError(f"masked has {out.size} values for {len(values)} rows")
        return out
    if column not in values.columns:
        return np.zeros(len(values), dtype=bool)
    return values[column].isna().to_numpy(dtype=bool)


def shown(values: pd.DataFrame, column: str, masked_cells: np.ndarray) -> np.ndarray:
    """The numbers of ``column`` with every masked cell NaN, whatever the cell holds."""
    return np.where(masked_cells, np.nan, numbers(values, column))


def marks_of(marks: Marks, column: str, masked_cells: np.ndarray, min_count: int, *,
             main: bool = True) -> list[str]:
    """What each cell of ``column`` shows when masked (``""`` where shown)."""
    if isinstance(marks, pd.DataFrame):
        given = list(marks[column]) if column in marks.columns else [""] * len(masked_cells)
    elif marks is not None and main:
        given = list(marks)
    else:
        given = [""] * len(masked_cells)
    return [(str(m) if isinstance(m, str) and m else fmt_masked(min_count)) if h else ""
            for m, h in zip(given, masked_cells)]


_MARK_ORDER = {MASKED_SECONDARY: 1, MASKED_DERIVED: 2}


class _Extent:
    """The box of an Axes and everything drawn on it, for a note placed under it. Matplotlib asks
    for it many times per drawing, and measuring every tick label each time was a fifth of a
    figure's drawing time: it is measured again only when the renderer, the resolution or where
    the Axes sits on the page has changed."""

    def __init__(self, ax: Axes):
        self.ax = ax
        self._key: tuple | None = None
        self._box = None

    def __call__(self, renderer):
        key = (id(renderer), self.ax.figure.dpi, tuple(self.ax.figure.bbox.bounds), tuple(self.ax.bbox.bounds))
        if key != self._key:
            self._box = self.ax.get_tightbbox(renderer)
            self._key = key
        return self._box


def note(ax: Axes, marks: Iterable[str], min_count: int, language: str, *,
         lines: Sequence[str] = (), under: Axes | None = None) -> None:
    """A note under everything the figure draws: what each mark means, then ``lines`` (e.g. what the
    whiskers are)."""
    texts = []
    for mark in sorted({m for m in marks if m}, key=lambda m: (_MARK_ORDER.get(m, 0), m)):
        if mark == MASKED_SECONDARY:
            text = label("n_sekundar", language)
        elif mark == MASKED_DERIVED:
            text = label("n_harledd", language)
        else:
            text = f"{mark}: {label('w_maskerad', language).format(k=min_count)}"
        texts.append(wrap(text, 105))
    texts += [wrap(line, 105) for line in lines if line]
    if not texts:
        return
    base = under or ax
    # below the figure's lowest Axes and everything drawn on it, wherever the layout puts them
    note_artist = Annotation("\n".join(texts), xy=(0, 0), xycoords=_Extent(base),
                             xytext=(0, -6), textcoords="offset points", ha="left", va="top", fontsize=7.5,
                             color=MUTED, annotation_clip=False)
    ax.figure.add_artist(note_artist)


def clipped_error(estimate: float, low: float, high: float) -> tuple[float, float] | None:
    """The lengths of an interval's arms, its ends clipped to the estimate (a Wilson interval of
    n of n can end a hair below 1); ``None`` when there is no interval to draw."""
    if not np.isfinite([estimate, low, high]).all():
        return None
    return max(estimate - low, 0.0), max(high - estimate, 0.0)


# ------------------------------------------------------------------------------ honest axes

#: tick steps: 1, 2 or 5 times a power of ten
NICE_STEPS = [1, 2, 5, 10]


def nice_ticks(low: float, high: float, *, integer: bool = False, nbins: int = 5) -> np.ndarray:
    """Ticks with a 1-2-5 step covering ``low``–``high`` (the first at or below ``low``, the last at or
    above ``high``)."""
    if not np.isfinite([low, high]).all() or high <= low:
        high = low + 1.0
    ticks = MaxNLocator(nbins=nbins, steps=NICE_STEPS, integer=integer).tick_values(low, high)
    step = ticks[1] - ticks[0]
    first = np.floor(low / step + 1e-9) * step
    last = np.ceil(high / step - 1e-9) * step
    return np.round(np.arange(first, last + step / 2, step), 12)


def share_axis(axis, language: str, *, decimals: int = 0) -> None:
    """A share axis on exactly 0–100 %, ticks every 20 %."""
    if axis.axis_name == "x":
        axis.axes.set_xlim(0, 1)
    else:
        axis.axes.set_ylim(0, 1)
    axis.set_major_locator(FixedLocator(np.linspace(0, 1, 6)))
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_percent(v, decimals, language)))


def count_axis(axis, top: float, language: str) -> None:
    """A count axis from 0 to the first 1-2-5 tick at or above ``top``."""
    ticks = nice_ticks(0.0, max(float(top), 1.0), integer=True)
    if axis.axis_name == "x":
        axis.axes.set_xlim(0, ticks[-1])
    else:
        axis.axes.set_ylim(0, ticks[-1])
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(v, language)))


#: kronor shown in kr, tkr or mnkr: (divisor, axis label key, short unit)
MONEY_UNITS = {"kr": (1, "w_kronor_kr"), "tkr": (1_000, "w_kronor_tkr"), "mnkr": (1_000_000, "w_kronor_mnkr")}


def money_unit(top: float) -> str:
    """The unit the largest amount reads best in: ``kr`` below 10 000, ``tkr`` below 10 mnkr."""
    if not np.isfinite(top) or top < 10_000:
        return "kr"
    return "tkr" if top < 10_000_000 else "mnkr"


# ------------------------------------------------------------------------------ goal lines

def goal_line(ax: Axes, value: float, text: str, *, vertical: bool = False,
              span: tuple[float, float] | None = None, text_at: str = "end", fontsize: float = 7.5) -> None:
    """A goal: a dark dashed line over a white underlay (it shows on any bar, in any print), with its
    label (``Mål 80 %``) written at the line. ``span`` limits the line (in data units across it)."""
    kw = {"zorder": 4, "solid_capstyle": "butt"}
    if vertical:
        ys = list(span) if span else [0, 1]
        transform = ax.get_xaxis_transform() if span is None else ax.transData
        ax.plot([value, value], ys, color="white", lw=3.2, transform=transform, **kw)
        ax.plot([value, value], ys, color=INK, lw=1.5, ls=(0, (4, 2)), transform=transform, label=text,
                gid="goal", **kw)
        y = ys[1] if text_at == "end" else ys[0]
        ax.annotate(text, xy=(value, y), xycoords=transform, xytext=(0, 2 if text_at == "end" else -2),
                    textcoords="offset points", ha="center", va="bottom" if text_at == "end" else "top",
                    fontsize=fontsize, color=INK, zorder=5, gid="goal_label")
    else:
        xs = list(span) if span else [0, 1]
        transform = ax.get_yaxis_transform() if span is None else ax.transData
        ax.plot(xs, [value, value], color="white", lw=3.2, transform=transform, **kw)
        ax.plot(xs, [value, value], color=INK, lw=1.5, ls=(0, (4, 2)), transform=transform, label=text,
                gid="goal", **kw)
        if span is None:  # outside the plot at its right edge: it hides no data
            ax.annotate(text, xy=(1, value), xycoords=transform, xytext=(3, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=fontsize, color=INK, zorder=5, gid="goal_label",
                        annotation_clip=False)
        else:
            ax.annotate(text, xy=(xs[1], value), xycoords=transform, xytext=(2, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=fontsize, color=INK, zorder=5, gid="goal_label")


def goal_text(target: float, language: str, *, share: bool = True) -> str:
    """``Mål 80 %`` (``Mål 20`` for a count)."""
    value = fmt_percent(target, 0, language) if share else fmt_int(target, language)
    return f"{label('w_mal', language)} {value}"


# ------------------------------------------------------------------------------ files

#: room drawn around a figure (inches: left, bottom, right, top) for the labels, notes and legends
#: outside its Axes, twice what the figures here take; content reaching further is measured and
#: drawn the usual way. Every inch is about a megabyte of pixels cleared per figure.
_ROOM = (3.0, 2.0, 2.5, 1.0)


def _png_and_box(figure: Figure) -> tuple[bytes | None, Bbox | None]:
    """The figure's PNG cropped as ``bbox_inches="tight"`` crops it, from one drawing, and that box
    (inches, on whole pixels) for its SVG; ``(None, None)`` when its content reaches past the room.

    ``savefig`` with ``"tight"`` lays the figure out once to measure it and again to draw it. Here it
    is drawn once on a white canvas with room around it (the layout is the same: matplotlib draws a
    tight figure so, shifted), and the box is what was drawn, and every Axes whole, padded by
    ``savefig.pad_inches``: measured on the pixels, not by laying the text out again. Every text of
    these figures is anchored at its Axes or at the figure's edge, so content past the room reaches
    the room's edge, and the figure is then measured and drawn the usual way.
    """
    dpi = matplotlib.rcParams["savefig.dpi"]
    pad = round(matplotlib.rcParams["savefig.pad_inches"] * dpi)
    width, height = figure.get_size_inches()
    left, bottom, right, top = _ROOM
    room = Bbox.from_extents(-left, -bottom, width + right, height + top)
    cropped: dict[str, object] = {}

    def crop(event) -> None:
        pixels = np.asarray(event.renderer.buffer_rgba())  # top row first
        rows, columns = pixels.shape[:2]
        ink = pixels.view(np.uint32)[..., 0] != np.array([255] * 4, np.uint8).view(np.uint32)[0]
        across, down = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
        if not len(across) or across[0] == 0 or across[-1] == columns - 1 or down[0] == 0 or down[-1] == rows - 1:
            return  # nothing drawn, or drawn up to the room's edge and maybe past it
        # in display units (from the bottom left corner), as matplotlib measures
        x0, x1, y0, y1 = across[0], across[-1] + 1, rows - down[-1] - 1, rows - down[0]
        for ax in figure.axes:
            x0, y0 = min(x0, math.floor(ax.bbox.x0)), min(y0, math.floor(ax.bbox.y0))
            x1, y1 = max(x1, math.ceil(ax.bbox.x1)), max(y1, math.ceil(ax.bbox.y1))
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        if x0 >= 0 and y0 >= 0 and x1 <= columns and y1 <= rows:
            cropped["pixels"] = np.array(pixels[rows - y1:rows - y0, x0:x1])
            cropped["box"] = Bbox.from_extents(x0 / dpi - left, y0 / dpi - bottom, x1 / dpi - left,
                                               y1 / dpi - bottom)

    listener = figure.canvas.mpl_connect("draw_event", crop)
    try:
        with open(os.devnull, "wb") as nowhere:  # the pixels are taken when drawn
            figure.savefig(nowhere, format="rgba", dpi=dpi, bbox_inches=room, facecolor="white")
    finally:
        figure.canvas.mpl_disconnect(listener)
    if "pixels" not in cropped:
        return None, None
    return png_bytes(cropped["pixels"], dpi), cropped["box"]  # type: ignore[arg-type]


def png_bytes(pixels: np.ndarray, dpi: float) -> bytes:
    """RGBA pixels (top row first) as a PNG file at ``dpi``: what matplotlib writes through Pillow
    (8-bit RGBA, its resolution, no other metadata), but every row unfiltered.

    Pillow tries the five PNG filters on every row and keeps the best; on these flat-coloured charts
    that was two thirds of the time of writing a PNG, for files no smaller than unfiltered rows
    deflated at zlib level 3 (the example's 24 figures: 0.17 s instead of 0.42 s, 1.70 MB instead of 1.73)."""
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # a 0 before each row: no filter
    rows[:, 1:] = np.ascontiguousarray(pixels, dtype=np.uint8).reshape(height, 4 * width)
    per_metre = int(dpi / 0.0254 + 0.5)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join((b"\x89PNG\r\n\x1a\n",
                     chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
                     chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     chunk(b"IDAT", zlib.compress(rows.data, 3)),
                     chunk(b"IEND", b"")))


def _tight_box(figure: Figure) -> Bbox:
    """The box ``bbox_inches="tight"`` would crop to (in inches, padded), measured at the PNG's
    resolution."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    dpi = matplotlib.rcParams["savefig.dpi"]
    canvas = FigureCanvasAgg(figure)
    previous = figure.dpi
    figure.set_dpi(dpi)
    try:
        renderer = canvas.get_renderer()
        with renderer._draw_disabled():  # lay out and measure, draw no pixel
            figure.draw(renderer)
        box = figure.get_tightbbox(renderer)
    finally:
        figure.set_dpi(previous)
    return box.padded(matplotlib.rcParams["savefig.pad_inches"])


def figure_png(ax: Axes, box=None) -> bytes:
    """The PNG bytes of a figure (no date or software version in them)."""
    with style():
        if box is None:
            png, _ = _png_and_box(ax.figure)
            if png is not None:
                return png
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3},
                          bbox_inches=box or "tight")
    return buffer.getvalue()


def save_figure(ax: Axes, stem: Path) -> bytes:
    """Write ``stem.png`` and ``stem.svg``, byte-identical for the same input; return the PNG bytes.
    Both show the same box: the PNG's, measured as it is drawn (:func:`_png_and_box`)."""
    with style():
        png, box = _png_and_box(ax.figure)
    if png is None:  # content beyond the room: measured, then drawn, as savefig does
        with style():
            box = _tight_box(ax.figure)
        png = figure_png(ax, box)
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".png").write_bytes(png)
    with style():
        ax.figure.savefig(stem.with_suffix(".svg"), format="svg", metadata={"Date": None, "Creator": None},
                          bbox_inches=box)
    return png
