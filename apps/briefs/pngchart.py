"""A chart as an image for the Word brief, drawn without an imaging library: horizontal bars
of percentages on a 0–100 grid, each bar numbered and labelled with its value (digits drawn
from a 5×7 dot font), written as an RGB PNG with zlib. The names go in the caption under the
image (the numbers match), so no Chinese font is needed to draw it."""

import struct
import zlib
from decimal import Decimal

GLYPHS = {  # 5 columns × 7 rows, "#" drawn
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": (".###.", "#....", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "....#", ".###."),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    "%": ("##..#", "##..#", "...#.", "..#..", ".#...", "#..##", "#..##"),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
}
WHITE, GRID, BAR, INK = (255, 255, 255), (220, 220, 220), (192, 0, 0), (40, 40, 40)
SCALE = 3  # one dot of the font is 3×3 pixels
ROW, LEFT, WIDTH, RIGHT = 40, 80, 600, 150


class Canvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.px = [bytearray(bytes(WHITE) * width) for _ in range(height)]

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour) -> None:
        x0, x1 = max(0, x0), min(self.width, x1)
        for y in range(max(0, y0), min(self.height, y1)):
            self.px[y][x0 * 3 : x1 * 3] = bytes(colour) * (x1 - x0)

    def text(self, x: int, y: int, s: str, colour=INK) -> int:
        """Draw `s` (digits, '.', '%', '-') with its top left at (x, y); the x after it."""
        for ch in s:
            glyph = GLYPHS.get(ch)
            if glyph is None:
                continue
            for row, line in enumerate(glyph):
                for col, dot in enumerate(line):
                    if dot == "#":
                        px, py = x + col * SCALE, y + row * SCALE
                        self.rect(px, py, px + SCALE, py + SCALE, colour)
            x += 6 * SCALE
        return x

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(line) for line in self.px)

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        head = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", head)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def _label(value) -> str:
    v = Decimal(str(value)).quantize(Decimal("0.1"))
    return f"{v.normalize():f}%" if v == v.to_integral() else f"{v}%"


def percent_bars(values: list) -> bytes:
    """A PNG of one numbered bar per value (a percentage; clipped to 0–100 when drawn, the
    label says the true value), on a grid at 0, 25, 50, 75 and 100."""
    top = 30
    height = top + ROW * len(values) + 10
    c = Canvas(LEFT + WIDTH + RIGHT, height)
    for tick in range(0, 101, 25):
        x = LEFT + WIDTH * tick // 100
        c.rect(x, top - 6, x + 1, height - 10, GRID)
        c.text(x - len(str(tick)) * 3 * SCALE, 2, str(tick), GRID)
    for i, value in enumerate(values):
        y = top + ROW * i
        c.text(10, y + 8, str(i + 1))
        clipped = min(Decimal(100), max(Decimal(0), Decimal(str(value))))
        end = LEFT + int(WIDTH * clipped / 100)
        c.rect(LEFT, y + 6, max(end, LEFT + 1), y + ROW - 6, BAR)
        c.text(end + 8, y + 8, _label(value))
    return c.png()
