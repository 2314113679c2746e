"""Contact sheet: every figure of the example report in colour, in greyscale (an office printer) and as
a deuteranope sees it (colorspacious, severity 100), side by side, in one PNG.

    python tests/visual/kontaktark.py                      # docs/kontaktark.png
    python tests/visual/kontaktark.py --deltagare 10 --ut docs/kontaktark_maskerad.png
    make kontaktark                                        # both, and the README's gallery

``--deltagare N`` cuts the example to its first N participants (and their rows in the other files),
so that many cells are masked. Look at the sheet: it is the visual half of the check in
``tests/test_figure_style.py`` (issue 9). Needs the dev extras (colorspacious).
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

import evaltools as et
from evaltools import plots
from evaltools.figures import FIGURES, answers, figure_source, question_slug, yes_share
from evaltools.report import Report

#: the width of each rendering on the sheet, in pixels
WIDTH = 560


def cut_example(folder: Path, participants: int) -> Path:
    """A copy of the example with its first ``participants`` participants only."""
    target = Path(tempfile.mkdtemp(prefix="kontaktark_")) / "insats"
    shutil.copytree(folder, target)
    data = target / "data"
    people = pd.read_csv(data / "deltagare.csv", sep=";", dtype=str, encoding="utf-8-sig")
    keep = set(people["deltagar_id"].iloc[:participants])
    for path in data.glob("*.csv"):
        frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        if "deltagar_id" in frame.columns:
            frame = frame.loc[frame["deltagar_id"].isin(keep)]
            frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return target


def render(folder: Path) -> list[tuple[str, bytes]]:
    """Every figure of the report on ``folder``, as PNG bytes, in the order of :data:`FIGURES`."""
    report = Report(et.load_insats(folder), None, show=False)
    out = []
    for name, draw in FIGURES.items():
        p = report.published.get(figure_source(name))
        ax = draw(report, p) if p is not None else None
        if ax is not None:
            out.append((name, plots.figure_png(ax)))
    p = report.published.get("kartlaggning")
    if p is not None:
        given = p.values.groupby("fraga", sort=False)["svar"].agg(set)
        yes_no = [q for q, a in given.items() if a <= {"ja", "nej"}]
        if yes_no:
            out.append(("kartlaggning_ja", plots.figure_png(yes_share(report, p, yes_no))))
        for question in given.index:
            if question not in yes_no:
                ax = answers(report, p, question=question)
                if ax is not None:
                    out.append((f"kartlaggning_{question_slug(question)}", plots.figure_png(ax)))
    return out


def views(png: bytes) -> list[Image.Image]:
    """Colour, greyscale (luma, as an office printer) and simulated deuteranopia, each WIDTH wide."""
    from colorspacious import cspace_convert

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.resize((WIDTH, round(image.height * WIDTH / image.width)), Image.Resampling.LANCZOS)
    grey = image.convert("L").convert("RGB")
    rgb = np.asarray(image, dtype=float) / 255
    deutan = cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100}, "sRGB1")
    deutan = Image.fromarray((np.clip(deutan, 0, 1) * 255).round().astype(np.uint8))
    return [image, grey, deutan]


def _font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans, the figures' own font (PIL's default has no å, ä, ö)."""
    from matplotlib import font_manager

    return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)


def sheet(figures: list[tuple[str, bytes]], heading: str) -> Image.Image:
    """One row per figure: its name, then colour | grey | deuteranopia."""
    font = _font(16)
    rows = [(name, views(png)) for name, png in figures]
    pad, head = 12, 26
    width = 3 * WIDTH + 4 * pad
    height = 40 + sum(head + max(v.height for v in images) + pad for _, images in rows)
    out = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(out)
    draw.text((pad, 10), heading, fill="black", font=_font(20))
    y = 40
    for name, images in rows:
        draw.line([(pad, y), (width - pad, y)], fill="#999999")
        draw.text((pad, y + 4), name, fill="black", font=font)
        for i, image in enumerate(images):
            out.paste(image, (pad + i * (WIDTH + pad), y + head))
        y += head + max(v.height for v in images) + pad
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ut", type=Path, default=Path("docs/kontaktark.png"), help="the contact sheet (PNG)")
    parser.add_argument("--deltagare", type=int, default=0, help="cut the example to N participants")
    parser.add_argument("--bara", nargs="*", default=None, help="only these figures")
    args = parser.parse_args(argv)
    folder = et.example_dir()
    if args.deltagare:
        folder = cut_example(folder, args.deltagare)
    figures = render(folder)
    if args.bara:
        figures = [(n, png) for n, png in figures if n in args.bara]
    what = f"{args.deltagare} deltagare" if args.deltagare else "exemplet"
    which = "ett urval figurer" if args.bara else "alla figurer"
    image = sheet(figures, f"evaltools: {which} ({what}) – färg | gråskala | deuteranopi (colorspacious)")
    args.ut.parent.mkdir(parents=True, exist_ok=True)
    # 256 colours without dithering: a quarter of the bytes, the same colours to the eye
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(args.ut, optimize=True)
    print(f"{args.ut}: {len(figures)} figurer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
