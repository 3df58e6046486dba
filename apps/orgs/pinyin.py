"""Pinyin initials for search: 张三丰 -> zsf, so a cadre can type initials on a phone."""

from pypinyin import Style, lazy_pinyin


def initials(name: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER) if p).lower()[:20]
