"""Find where the name of a state body ends, and give an upper-case name its usual case."""

from __future__ import annotations

import re

from baocao.parser.lexicon import ADMIN_LEVELS, FIELD_NAMES, NAME_STOPS, ORG_HEADS
from baocao.parser.patterns import trie_pattern

_KNOWN_PATTERN = "(?:" + trie_pattern(ORG_HEADS + FIELD_NAMES, r"[ \t]+") + r")(?!\w)"
_LEVEL_PATTERN = r"[ \t]+(?:" + trie_pattern(ADMIN_LEVELS, r"[ \t]+") + r")(?!\w)"
_WORD_PATTERN = r"[ \t]+(?:-[ \t]+)?(?P<word>[^\W_][\w&.'’]*)"
_KNOWN = re.compile(_KNOWN_PATTERN)
_WORD = re.compile(_WORD_PATTERN)
# What comes next in a name, tried in this order: a level word, a known name after one space,
# any word (one regex call instead of three).
_NEXT = re.compile(rf"(?P<level>{_LEVEL_PATTERN})| (?P<known>{_KNOWN_PATTERN})|{_WORD_PATTERN}")
_STOPS = frozenset(NAME_STOPS)
_DOCUMENT_AHEAD = re.compile(
    r"[ \t]+(?:Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Công văn|Kế hoạch|Báo cáo|"
    r"Hướng dẫn|Tờ trình|Chương trình|Đề án|Quy chế|Quy định|Văn bản|Luật|Pháp lệnh|"
    r"Công điện|Thông báo|Kết luận)(?!\w)"
)
_MAX_LOWER_RUN = 3
_FIELD_BY_LOWER: dict[str, str] = {}
_HEAD_BY_LOWER: dict[str, str] = {}
_LEVEL_BY_LOWER: dict[str, str] = {}
for _table, _names in (
    (_FIELD_BY_LOWER, FIELD_NAMES),
    (_HEAD_BY_LOWER, ORG_HEADS),
    (_LEVEL_BY_LOWER, ADMIN_LEVELS),
):
    for _name in _names:
        _table.setdefault(_name.lower(), _name)


def name_end(text: str, start: int, *, limit: int = 160) -> int:
    """Return the end of the body name that starts at ``start``, or ``start`` if none does.

    A name is a known head ("Ủy ban nhân dân", "Sở") or a capitalised word followed by
    capitalised words, known field names, level words ("tỉnh", "huyện") and at most three
    lower-case words in a row; verbs and function words end it, and so does a line end.
    """
    stop = min(len(text), start + limit)
    first = text[start : start + 1]
    if not first.isupper():
        return start
    known = _KNOWN.match(text, start, stop)
    if known:
        pos = known.end()
    else:
        head = re.match(r"[^\W_][\w&.'’]*", text[start:stop])
        if head is None:
            return start
        pos = start + head.end()
        while pos > start and text[pos - 1] == ".":
            pos -= 1
    end = pos
    lower_run = 0
    while pos < stop:
        match = _NEXT.match(text, pos, stop)
        if match is None:
            break
        if match.lastgroup != "word":  # a level word or a known name
            pos = end = match.end()
            lower_run = 0
            continue
        word = match.group("word").rstrip(".")
        if word[:1].isupper():
            lower_run = 0
        elif word == "và":
            nxt = _WORD.match(text, match.end(), stop)
            if nxt is None or not nxt.group(1)[:1].isupper():
                break
            if _DOCUMENT_AHEAD.match(text, match.end(), stop):
                break
        elif word in _STOPS or word[:1].isdigit() or lower_run >= _MAX_LOWER_RUN:
            break
        elif word == "số":
            nxt = _WORD.match(text, match.end(), stop)
            if nxt is not None and nxt.group(1)[:1].isdigit():
                break
            lower_run += 1
        else:
            lower_run += 1
        pos = match.start("word") + len(word)
        if word != "và":
            end = pos
    return end


def title_case_name(upper: str) -> str:
    """Return an upper-case body name ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG") in its usual case.

    Known heads, fields and level words take their written form; a place name after a level
    word is title-cased; other words are lower case except the first of each part (after
    the head, "và", "," or "-").
    """
    words = upper.split()
    lowered = [w.lower() for w in words]
    out: list[str] = []
    i = 0
    after_level = False
    part_start = True
    while i < len(words):
        matched = False
        for size in range(min(7, len(words) - i), 0, -1):
            key = " ".join(lowered[i : i + size])
            for table in (_HEAD_BY_LOWER, _FIELD_BY_LOWER, _LEVEL_BY_LOWER):
                if key in table:
                    out.append(table[key])
                    after_level = table is _LEVEL_BY_LOWER
                    part_start = table is _HEAD_BY_LOWER
                    i += size
                    matched = True
                    break
            if matched:
                break
        if matched:
            continue
        word, low = words[i], lowered[i]
        if low in {"ubnd", "hđnd"}:
            out.append(word)
        elif low in {"và", "-", ","}:
            out.append(low)
            part_start = True
            after_level = False
            i += 1
            continue
        elif after_level or part_start:
            out.append(word[:1].upper() + low[1:])
        else:
            out.append(low)
        part_start = word.endswith(",")
        i += 1
    return " ".join(out)
