#!/usr/bin/env python3
"""Makes the typeset glyphs that `digits train --non-digits` learns from: letters, symbols and
characters of other scripts (label 10, not a digit) and the ten digits (labels 0-9), each typeset
with ImageMagick, trimmed to its ink and fitted into 32x32, light ink on black.

It writes data/typeset-glyphs-images-idx3-ubyte.gz and data/typeset-glyphs-labels-idx1-ubyte.gz
and embeds both in Sources/DigitsKit/NonDigits/TypesetGlyphData.swift, so that training needs no
fonts. Without these the "not a digit" output knew only pen-drawn letters, and read a typeset
symbol or a character of another script as a digit; the typeset digits keep print itself from
meaning "not a digit".

The fonts are none of those the checks are typeset in (Scripts/make-non-digit-checks.py and the
typeset-number fixtures), so the checks measure fonts the model never saw; only the Chinese
characters share a font (Droid Sans Fallback, the one that has them), and none of them is a
character the checks use. Characters that are written like digits are left out, as the checks
leave them out, and some more that print like one (б Ч ч like 6 and 4, rings like a zero).

Usage: Scripts/make-typeset-glyphs.py   (needs ImageMagick's convert and the fonts below)
"""
import base64, gzip, os, struct, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIDE = 32

LATIN_FONTS = ["DejaVu-Sans-Oblique", "DejaVu-Sans-Bold-Oblique", "DejaVu-Sans-Condensed", "DejaVu-Sans-Condensed-Bold",
               "DejaVu-Sans-ExtraLight", "DejaVu-Sans-Mono-Bold", "DejaVu-Sans-Mono-Oblique", "DejaVu-Serif-Condensed",
               "DejaVu-Serif-Bold-Italic", "Nimbus-Sans-Bold", "Nimbus-Sans-Italic", "Nimbus-Sans-Narrow-Bold",
               "Nimbus-Roman-Bold", "Nimbus-Mono-PS-Italic", "C059-Bold", "C059-Italic", "P052-Italic",
               "URW-Bookman-Demi", "URW-Gothic-Demi", "URW-Gothic-Book-Oblique", "Noto-Sans-Mono-Bold"]
# DejaVu holds the other scripts and most symbols; the URW fonts hold Greek and Cyrillic too.
SCRIPT_FONTS = ["DejaVu-Sans-Oblique", "DejaVu-Sans-Bold-Oblique", "DejaVu-Sans-Condensed", "DejaVu-Sans-Condensed-Bold",
                "DejaVu-Sans-ExtraLight", "DejaVu-Serif-Condensed", "DejaVu-Serif-Bold-Italic", "DejaVu-Sans-Mono-Bold"]
CJK_FONTS = ["Droid-Sans-Fallback"]

DIGITS = "0123456789"
LETTERS = "ACDEFGHJKLMNPQRTUVWXYabcdefhjkmnprtuvwxyÆŒÐÞßðþæœ"
SYMBOLS = ("@#$%&*+=?!<>~^§¶©®€£¥¢₹₽₩∞√∑∫±÷×→←↑↓⇐⇒⇔♠♣♥♦★☆☺☹♪♫♬♭♯✓✔✗✘✂✈✉✌✍✎✚✜✠✦✧✪✱✲✳✴✵✶✷✸✹✺❀❁❂❃❄❅❆❖➔➜➡"
           "¤µ¿¡¬†‡‰‹›«»∂∆∇∏∈∉∩∪⊂⊃⊕⊗⊥≈≠≡≤≥∝∠∧∨⌘☀☁☂☃☎☑☒☠☢☣☮☯♀♂♔♕♖♗♘♙♚♛♜♝♞♟⚑⚓⚔⚙⚛⚠⚡")
SCRIPTS = ("αβγδεζηθκλμνξπρσφχψωΓΔΘΛΞΠΣΦΨΩ"
           "вгджийклмнпфцшщъыьэюяБГДЖИЛПФЦШЩЭЮЯ"
           "אבגדהזחטיכלמנעפצקרשת"
           "بتثجحخدذرزسشصضطظعغفقكلمني"
           "աբդեէըթժիլխծկհղճմյնշչպջռվտցփքֆԱԲԴԵԷԸԹԺԻԼԽԾԿՀՂՃՄՆՉՊՌՎՏՐՒՓՔՖ"
           "ႠႡႢႣႤႥႦႧႨႩႪႫႬႭႮႯႰႱႲႳႴႵႶႷႸႹႺႻႼႽႾႿჀჁჂჃჄჅ")
CJK = ("王天年生文字学车马鸟鱼米田目手足心雨电风云门东西南北左右前后里外多长高开关见说话走来去出入"
       "你我他们是的不在有这个和到时要会可以对家国发成作用道行方面所事然自子女男好明白青红黄黑"
       "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"
       "あいうえおかきけこさすせそたちてとなにぬねのはひふほまみむめもやゆよらりるれろわをん"
       "アイウエオカキケコサシスセソタチツテトナニヌネノハヒホマミムメモヤユヨラリルレロヲン")


def render(font, characters):
    """Each character in `font`, fitted into SIDE x SIDE (0 paper, 255 ink), as one convert run."""
    args = []
    for character in characters:
        # -annotate reads % as an escape; a lone backslash or an empty string is not wanted here.
        text = character.replace("%", "%%")
        args += ["(", "-size", "64x64", "xc:black", "-fill", "white", "-font", font, "-pointsize", "44",
                 "-gravity", "center", "-annotate", "+0+0", text, "-trim", "+repage",
                 "-resize", f"{SIDE}x{SIDE}", "-background", "black", "-gravity", "center", "-extent", f"{SIDE}x{SIDE}", ")"]
    result = subprocess.run(["convert"] + args + ["-colorspace", "Gray", "-depth", "8", "gray:-"],
                            capture_output=True, check=True)
    frame = SIDE * SIDE
    data = result.stdout
    if len(data) != frame * len(characters):
        sys.exit(f"make-typeset-glyphs: convert gave {len(data)} bytes for {len(characters)} glyphs in {font}")
    return [data[i * frame:(i + 1) * frame] for i in range(len(characters))]


def main():
    known = subprocess.run(["convert", "-list", "font"], capture_output=True, text=True, check=True).stdout
    fonts = sorted(set(LATIN_FONTS + SCRIPT_FONTS + CJK_FONTS))
    missing = [font for font in fonts if f"Font: {font}\n" not in known]
    if missing:
        sys.exit(f"make-typeset-glyphs: ImageMagick lacks the fonts {', '.join(missing)} "
                 "(apt-get install fonts-dejavu fonts-urw-base35 fonts-noto-mono fonts-droid-fallback)")
    images, labels = [], []
    counts = {}
    jobs = [(font, DIGITS, True) for font in LATIN_FONTS] + [(font, LETTERS + SYMBOLS, False) for font in LATIN_FONTS] \
        + [(font, SCRIPTS, False) for font in SCRIPT_FONTS] + [(font, CJK, False) for font in CJK_FONTS]
    for font, characters, are_digits in jobs:
        # A font without a character draws its missing-glyph box, or nothing: keep neither.
        missing_glyph = render(font, "\ue000")[0]
        kept = 0
        for character, glyph in zip(characters, render(font, characters)):
            if glyph == missing_glyph or max(glyph) < 128:
                continue
            # Four ink levels: the edges keep their slope, the file a quarter of its size.
            images.append(bytes(round(value / 85) * 85 for value in glyph))
            labels.append(int(character) if are_digits else 10)
            kept += 1
        counts[font] = counts.get(font, 0) + kept
    data = os.path.join(root, "data")
    # mtime=0: a rerun writes the same bytes.
    image_bytes = gzip.compress(struct.pack(">IIII", 0x0803, len(images), SIDE, SIDE) + b"".join(images), 9, mtime=0)
    label_bytes = gzip.compress(struct.pack(">II", 0x0801, len(labels)) + bytes(labels), 9, mtime=0)
    with open(os.path.join(data, "typeset-glyphs-images-idx3-ubyte.gz"), "wb") as file:
        file.write(image_bytes)
    with open(os.path.join(data, "typeset-glyphs-labels-idx1-ubyte.gz"), "wb") as file:
        file.write(label_bytes)
    with open(os.path.join(root, "Sources/DigitsKit/NonDigits/TypesetGlyphData.swift"), "w") as file:
        file.write("// Generated by Scripts/make-typeset-glyphs.py from data/typeset-glyphs-*.gz; do not edit.\n")
        file.write("enum TypesetGlyphData {\n")
        file.write(f'    static let images = "{base64.b64encode(image_bytes).decode()}"\n')
        file.write(f'    static let labels = "{base64.b64encode(label_bytes).decode()}"\n')
        file.write("}\n")
    digits = sum(1 for label in labels if label < 10)
    print(f"{len(images)} glyphs: {digits} digits, {len(images) - digits} not digits; "
          f"{len(image_bytes) + len(label_bytes)} bytes compressed")


if __name__ == "__main__":
    sys.exit(main())
