#!/usr/bin/env python3
"""Makes the non-digit check pictures in Tests/DigitsKitTests/Fixtures/non-digits/<kind>/ with
ImageMagick: letters in fonts, symbols, characters of other scripts, geometric shapes, pen
scribbles, crops of pictures and noise, dark on white as a scan or a screenshot is. `digits eval
--non-digits` reports how many of each kind a model rejects.

None of these is what training draws: its letters are written with the pad's pen (StrokeLetters),
these are typeset; its scribbles and shapes come from another generator. Characters that are
written like digits are left out (O o I i l S s Z z B g q, the bar-like | / \\ ו ן ا, the round ס و ه,
Cyrillic З з, Armenian letters like 2, 9 and 0),
as are rings (a zero). Seeded: a rerun makes the same pictures.

Usage: Scripts/make-non-digit-checks.py   (needs ImageMagick's convert and its fonts)
"""
import math, os, random, shutil, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests/DigitsKitTests/Fixtures/non-digits")

FONTS = ["DejaVu-Sans", "DejaVu-Serif-Bold", "DejaVu-Sans-Mono", "Nimbus-Sans-Regular", "Nimbus-Roman-Italic",
         "C059-Roman", "P052-Bold", "URW-Gothic-Book", "URW-Bookman-Light", "Z003-Medium-Italic",
         "Nimbus-Mono-PS-Bold", "Noto-Sans-Mono-Regular"]
LETTERS = "ACDEFGHJKLMNPQRTUVWXYabcdefhjkmnprtuvwxy"
SYMBOLS = "@#$%&*+=?!<>~^§¶©®€£¥∞√∑∫±÷×→←↑↓♠♣♥♦★☺♪✓✗¤µ¿¡"
SCRIPTS = ("αβγδεζηθλμξπρσφψωΓΔΘΛΞΠΣΦΨΩ" "бвгджийклмнпфцчшщъыьэюяБГДЖИЛПФЦЧШЩЭЮЯ"
           "אבגדהזחטיכלמנעפצקרשת" "بتثجحخدذرزسشصضطظعغفقكلمني" "աբդեէըթժիլխծկհղճմյնշչպջռվտցփքֆ"
           "ႠႡႢႣႤႥႦႧႨႩႪႫႬႭႮႯ" "人口日月山川木水火土中大小上下")
# Fonts that hold each script (DejaVu Sans covers the rest; Droid Sans Fallback the Chinese).
SCRIPT_FONTS = ["DejaVu-Sans", "DejaVu-Serif", "DejaVu-Sans-Mono", "URW-Gothic-Book", "Nimbus-Roman-Regular"]


def convert(args, path):
    # -strip and no date chunks: a rerun writes the same bytes.
    subprocess.run(["convert"] + args + ["-colorspace", "Gray", "-depth", "8", "-strip", "-define", "png:exclude-chunks=date,time",
                    "PNG8:" + path], check=True)


def glyph(text, font, path, size=64, point=44):
    # A text label cannot take a font that lacks the character; ImageMagick then draws a box or
    # nothing, which the caller avoids by choosing fonts per script.
    convert(["-size", f"{size}x{size}", "xc:white", "-font", font, "-pointsize", str(point), "-fill", "black",
             "-gravity", "center", "-annotate", "+0+0", text], path)


def has_contrast(path, spread=0.02):
    measured = subprocess.run(["convert", path, "-format", "%[fx:standard_deviation]", "info:"], capture_output=True, text=True, check=True)
    return float(measured.stdout) > spread


def main():
    known = subprocess.run(["convert", "-list", "font"], capture_output=True, text=True, check=True).stdout
    missing = [font for font in FONTS + SCRIPT_FONTS + ["Droid-Sans-Fallback", "DejaVu-Sans-Bold"] if f"Font: {font}\n" not in known]
    if missing:
        sys.exit(f"make-non-digit-checks: ImageMagick lacks the fonts {', '.join(missing)} (apt-get install fonts-dejavu fonts-urw-base35 fonts-noto-mono fonts-droid-fallback)")
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(19)
    kinds = {}

    def place(kind):
        folder = os.path.join(out, kind)
        os.makedirs(folder, exist_ok=True)
        kinds[kind] = kinds.get(kind, 0) + 1
        return os.path.join(folder, f"{kind}-{kinds[kind]:03d}.png")

    for _ in range(120):
        glyph(rng.choice(LETTERS), rng.choice(FONTS), place("letters"))
    for _ in range(80):
        glyph(rng.choice(SYMBOLS), rng.choice(["DejaVu-Sans", "DejaVu-Serif", "DejaVu-Sans-Bold"]), place("symbols"))
    for _ in range(100):
        path = place("scripts")
        while True:
            character = rng.choice(SCRIPTS)
            font = "Droid-Sans-Fallback" if ord(character) >= 0x4E00 else (
                rng.choice(SCRIPT_FONTS) if ord(character) < 0x500 else rng.choice(["DejaVu-Sans", "DejaVu-Sans-Bold"]))
            glyph(character, font, path)
            # A font without the character draws nothing: choose again.
            if has_contrast(path):
                break

    for _ in range(80):
        shape = rng.choice(["disk", "square", "rectangle", "triangle", "triangle-outline", "square-outline", "star",
                            "cross", "diamond", "arrow", "crescent", "ellipse"])
        cx, cy, r = 32 + rng.randint(-4, 4), 32 + rng.randint(-4, 4), rng.randint(14, 26)
        stroke = str(rng.randint(2, 6))
        def poly(points, fill=True):
            coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            return ["-fill", "black" if fill else "none", "-stroke", "black", "-strokewidth", stroke, "-draw", f"polygon {coordinates}"]
        turn = rng.uniform(0, 2 * math.pi)
        def regular(n, radius, inner=None):
            points = []
            for k in range(2 * n if inner else n):
                angle = turn + math.pi * k / n if inner else turn + 2 * math.pi * k / n
                reach = inner if inner and k % 2 else radius
                points.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
            return points
        draw = {
            "disk": ["-fill", "black", "-draw", f"circle {cx},{cy} {cx + r},{cy}"],
            "ellipse": ["-fill", "black", "-draw", f"ellipse {cx},{cy} {r},{int(r * rng.uniform(0.4, 0.8))} 0,360"],
            "square": poly(regular(4, r)),
            "rectangle": ["-fill", "black", "-draw", f"rectangle {cx - r},{cy - r // 2} {cx + r},{cy + r // 2}"],
            "triangle": poly(regular(3, r)),
            "triangle-outline": poly(regular(3, r), fill=False),
            "square-outline": poly(regular(4, r), fill=False),
            "star": poly(regular(5, r, inner=r * 0.4)),
            "cross": ["-fill", "black", "-draw", f"rectangle {cx - r},{cy - 4} {cx + r},{cy + 4}",
                      "-draw", f"rectangle {cx - 4},{cy - r} {cx + 4},{cy + r}"],
            "diamond": poly([(cx, cy - r), (cx + r * 0.6, cy), (cx, cy + r), (cx - r * 0.6, cy)]),
            "arrow": poly([(cx - r, cy - 5), (cx + 2, cy - 5), (cx + 2, cy - 14), (cx + r, cy), (cx + 2, cy + 14), (cx + 2, cy + 5), (cx - r, cy + 5)]),
            "crescent": ["-fill", "black", "-draw", f"circle {cx},{cy} {cx + r},{cy}", "-fill", "white",
                         "-draw", f"circle {cx + r // 2},{cy} {cx + r // 2 + r},{cy}"],
        }[shape]
        convert(["-size", "64x64", "xc:white"] + draw, place("shapes"))

    for _ in range(80):
        # A pen that wanders through random cubic Bézier segments.
        x, y = rng.uniform(15, 49), rng.uniform(15, 49)
        path = f"M {x:.1f},{y:.1f}"
        for _ in range(rng.randint(3, 7)):
            controls = [(rng.uniform(6, 58), rng.uniform(6, 58)) for _ in range(3)]
            path += " C " + " ".join(f"{a:.1f},{b:.1f}" for a, b in controls)
        convert(["-size", "64x64", "xc:white", "-fill", "none", "-stroke", "black", "-strokewidth", str(rng.randint(2, 5)),
                 "-draw", f"path '{path}'"], place("scribbles"))

    for _ in range(60):
        path = place("photos")
        while True:
            # A crop of plain background is no picture at all: draw again until it has contrast.
            source = rng.choice(["rose:", "wizard:", "logo:", "granite:", "netscape:"])
            size = rng.choice([24, 32, 40])
            convert([source, "-resize", "200x200!", "-gravity", "NorthWest", "-crop",
                     f"{size}x{size}+{rng.randint(0, 200 - size)}+{rng.randint(0, 200 - size)}", "+repage", "-resize", "64x64!"], path)
            if has_contrast(path, 0.12):
                break

    for index in range(60):
        style = index % 3
        if style == 0:
            args = ["-size", "48x48", "xc:gray50", "-seed", str(rng.randint(1, 10**6)), "+noise", "Random"]
        elif style == 1:
            args = ["-seed", str(rng.randint(1, 10**6)), "-size", "48x48", "plasma:fractal"]
        else:
            args = ["-size", "48x48", "xc:white", "-seed", str(rng.randint(1, 10**6)), "-attenuate", str(rng.uniform(0.5, 3)),
                    "+noise", "Impulse"]
        convert(args, place("noise"))

    for kind, count in sorted(kinds.items()):
        print(f"{kind}: {count}")


if __name__ == "__main__":
    sys.exit(main())
