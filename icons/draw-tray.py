#!/usr/bin/env python3
"""Draws the tray icons, one SVG per look and size, each on its own pixel grid, and renders
them to PNG with rsvg-convert (Debian/Ubuntu package librsvg2-bin).

A scaled-down 64 px drawing puts strokes between pixels and blurs into a blob at 16 px, so
every size gets its own stroke width (whole pixels) and coordinates snapped to the grid: the
torso and the pause bars cover whole columns, and the head, hands and feet sit on pixel
centres or edges. Run from this directory: python3 draw-tray.py
"""

import subprocess

SIZES = [16, 22, 24, 32, 48, 64]
# The app icon (menus, launchers, the hicolor theme) is the normal look; these larger sizes are
# drawn for it alone, and unknot.svg is the scalable one.
APP_SIZES = [128, 256]
LOOKS = {
    "normal": ("#52796f", None),
    "due": ("#e76f51", "dot"),
    "paused": ("#8d99ae", "bars"),
}
# Per size, in pixels: stroke width, head (centre y, radius), hands (x, y), neck y, hip y,
# feet x. Chosen by eye for each size so that the head stays clear of the raised arms.
GEOMETRY = {
    16: (2, (3, 2), (2, 3), 9, 12, 4),
    22: (2, (4, 2.75), (3, 4), 12, 16, 5),
    24: (3, (4, 3), (3.5, 4.5), 13.5, 17.5, 5.5),
    32: (4, (5, 4), (4, 5), 18, 23, 7),
    48: (6, (8, 6), (6, 8), 26, 34, 11),
    64: (8, (11, 8), (8, 10), 35, 45, 15),
    # The 64 px drawing doubled and quadrupled: at these sizes the grid no longer shows.
    128: (16, (22, 16), (16, 20), 70, 90, 30),
    256: (32, (44, 32), (32, 40), 140, 180, 60),
}


def figure(s):
    w, (head_y, head_r), (hand, hand_y), neck, hip, foot = GEOMETRY[s]
    # Odd strokes centre on a pixel, even ones on an edge: either way they cover whole columns.
    cx = s / 2 - (0.5 if w % 2 else 0)
    foot_y = s - w / 2
    right = lambda v: 2 * cx - v
    path = (
        f"M{hand} {hand_y} L{cx} {neck} L{right(hand)} {hand_y} "
        f"M{cx} {neck} L{cx} {hip} "
        f"M{foot} {foot_y} L{cx} {hip} L{right(foot)} {foot_y}"
    )
    return cx, head_y, head_r, w, path


def badge(s, kind, colour):
    """The badge drawn over the top right corner, and the cut that keeps it clear."""
    if kind == "dot":
        r = {16: 3, 22: 4, 24: 4, 32: 5, 48: 7, 64: 9}[s]
        c = s - r
        return (
            f'<circle cx="{c}" cy="{r}" r="{r + max(1, s // 16)}" fill="#000"/>',
            f'<circle cx="{c}" cy="{r}" r="{r}" fill="{colour}"/>',
        )
    # Two bars, whole columns wide, with a gap between them.
    bar = {16: 2, 22: 2, 24: 3, 32: 3, 48: 5, 64: 6}[s]
    gap = {16: 1, 22: 2, 24: 2, 32: 3, 48: 4, 64: 5}[s]
    height = {16: 6, 22: 8, 24: 8, 32: 10, 48: 15, 64: 18}[s]
    left = s - 2 * bar - gap
    margin = max(1, s // 16)
    rects = "".join(
        f'<rect x="{bx}" y="0" width="{bar}" height="{height}" fill="{colour}"/>'
        for bx in (left, left + bar + gap)
    )
    return (
        f'<rect x="{left - margin}" y="0" width="{s}" height="{height + margin}" fill="#000"/>',
        rects,
    )


def svg(s, colour, kind):
    cx, head_y, head_r, w, path = figure(s)
    body = (
        f'<circle cx="{cx}" cy="{head_y}" r="{head_r}" fill="{colour}"/>'
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{w}" '
        f'stroke-linecap="round" stroke-linejoin="round"/>'
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {s} {s}" '
        f'width="{s}" height="{s}">'
    )
    if kind is None:
        return f"{head}{body}</svg>\n"
    cut, mark = badge(s, kind, colour)
    mask = f'<mask id="cut"><rect width="{s}" height="{s}" fill="#fff"/>{cut}</mask>'
    return f'{head}{mask}<g mask="url(#cut)">{body}</g>{mark}</svg>\n'


def write(name, s, colour, kind):
    with open(f"{name}.svg", "w") as f:
        f.write(svg(s, colour, kind))
    subprocess.run(
        ["rsvg-convert", "-w", str(s), "-h", str(s), f"{name}.svg", "-o", f"{name}.png"],
        check=True,
    )


for look, (colour, kind) in LOOKS.items():
    for s in SIZES:
        write(f"tray-{look}-{s}", s, colour, kind)
for s in APP_SIZES:
    write(f"tray-normal-{s}", s, LOOKS["normal"][0], None)
# The scalable app icon: the 64 px drawing, with no fixed size, so it scales to any.
with open("unknot.svg", "w") as f:
    f.write(svg(64, LOOKS["normal"][0], None).replace(' width="64" height="64"', ""))
