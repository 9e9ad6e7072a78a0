"""Who issued a legal document: the central bodies a symbol names, and provinces by name.

A symbol such as "NĐ-CP", "QĐ-TTg" or "TT-BTTTT" names its issuer (Chính phủ, Thủ tướng Chính
phủ, Bộ Thông tin và Truyền thông): the central bodies are a fixed table. A provincial symbol
("CT-UBND", "KH-UBND", "NQ-HĐND", "BC-STTTT") does not: every province has a "01/CT-UBND", so
the issuer of such a document is the province — named in the citation ("của UBND tỉnh Hưng
Yên") or else the province of the citing report. Pure: no Django, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from baocao.domain.text import fold

# Issuer codes of the central bodies, as written in symbols (Decree 30/2020, appendix), with
# the body's name. Codes of bodies merged in 2025 stay: their documents are still cited.
CENTRAL_ISSUERS: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPQH": "Văn phòng Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "TANDTC": "Tòa án nhân dân tối cao",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BXD": "Bộ Xây dựng",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "UBDT": "Ủy ban Dân tộc",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
}  # fmt: skip

# Other ways a citation writes a central body after "của".
_ALIASES: dict[str, str] = {
    "Thủ tướng": "TTg", "Bộ TT&TT": "BTTTT", "Bộ TTTT": "BTTTT", "Bộ KH&ĐT": "BKHĐT",
    "Bộ KHĐT": "BKHĐT", "Bộ LĐ-TB&XH": "BLĐTBXH", "Bộ LĐTBXH": "BLĐTBXH",
    "Bộ NN&PTNT": "BNNPTNT", "Bộ TN&MT": "BTNMT", "Bộ TNMT": "BTNMT", "Bộ GD&ĐT": "BGDĐT",
    "Bộ GDĐT": "BGDĐT", "Bộ VH,TT&DL": "BVHTTDL", "Bộ VHTTDL": "BVHTTDL",
    "Bộ KH&CN": "BKHCN", "Bộ KHCN": "BKHCN", "Bộ GTVT": "BGTVT", "Bộ NN&MT": "BNNMT",
    "Ủy ban Thường vụ Quốc hội": "UBTVQH", "Ban Chấp hành Trung ương": "TW",
    "Bộ Chính trị": "TW", "Ban Bí thư": "TW", "Trung ương": "TW",
}  # fmt: skip

# Type codes that open a symbol ("QĐ" of "QĐ-TTg"); joint types list several issuers.
_TYPE_CODES = frozenset({
    "ND", "QD", "TT", "TTLT", "NQ", "NQLT", "CT", "CD", "KH", "BC", "TB", "HD", "TTR", "CTR",
    "DA", "QC", "QYD", "KL", "BB", "VB", "GM", "L", "PL", "LCT", "VBHN",
})  # fmt: skip
_JOINT_TYPES = frozenset({"TTLT", "NQLT"})
# Centrally-run cities: "thành phố Hà Nội" is a province, "thành phố Thái Bình" is not.
_CENTRAL_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})
_PROVINCE_BODIES: dict[str, str] = {"UBND": "UBND", "HDND": "HĐND", "TU": "Tỉnh ủy"}

_CODES = {fold(code).upper(): code for code in CENTRAL_ISSUERS}
_NAMES = sorted(
    [(fold(name), code) for code, name in CENTRAL_ISSUERS.items()]
    + [(fold(alias), code) for alias, code in _ALIASES.items()],
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_UPPER = "A-ZĐÀ-ỸÂĂÊÔƠƯ"
_LOCALITY = re.compile(
    r"(?<!\w)(?P<kind>(?i:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường))"
    rf"[ \t]+(?P<name>[{_UPPER}][\w.]*(?:[ \t]+[{_UPPER}][\w.]*){{0,4}})"
)


@dataclass(frozen=True)
class Issuer:
    """An issuer's identity (``key``: compared, never shown) and its name as shown."""

    key: str
    name: str

    @property
    def is_central(self) -> bool:
        """Return whether the issuer is a central body (its symbol identifies it)."""
        return self.key.startswith("tw:")


@dataclass(frozen=True)
class Province:
    """The province a citing report belongs to, by name ("Thái Bình") and unit name."""

    name: str
    title: str = "tỉnh"

    @property
    def key(self) -> str:
        """Return the province's identity: its folded name ("tinh:thai binh")."""
        return f"tinh:{fold(self.name)}"

    @property
    def label(self) -> str:
        """Return "tỉnh Thái Bình" / "thành phố Hà Nội"."""
        return f"{self.title} {self.name}"


def _segments(symbol: str) -> list[str]:
    return [s for s in re.split(r"[-/\s]+", symbol) if s]


def central_issuer(symbol: str) -> Issuer | None:
    """Return the central body that ``symbol`` names ("NĐ-CP" → Chính phủ), else None.

    The issuer code follows the type code ("QĐ-TTg"), or opens an official letter's symbol
    ("VPCP-KSTT"); a joint circular names all of its issuers ("TTLT-BTC-BTTTT"). Trailing
    digits are a term ("QH14", "UBTVQH15"). Provincial symbols ("CT-UBND") give None.
    """
    segments = _segments(symbol)
    if not segments:
        return None
    head = fold(segments[0]).upper()
    if head in _TYPE_CODES:
        rest = segments[1:]
        wanted = rest if head in _JOINT_TYPES else rest[:1]
    else:
        wanted = segments[:1]
    codes = []
    for segment in wanted:
        folded = fold(segment).upper()
        code = _CODES.get(folded) or _CODES.get(folded.rstrip("0123456789"))
        if code is None:
            return None
        codes.append(code)
    if not codes:
        return None
    return Issuer(
        "tw:" + "+".join(fold(c).upper() for c in codes),
        " - ".join(CENTRAL_ISSUERS[c] for c in codes),
    )


def central_issuer_named(text: str) -> Issuer | None:
    """Return the central body a citation names after "của" ("Bộ Tài chính"), else None."""
    folded = fold(re.sub(r"\s+", " ", text)).strip(" .,;")
    for name, code in _NAMES:
        if folded == name or folded.startswith(name + " ") or folded.startswith(name + ","):
            return Issuer(f"tw:{fold(code).upper()}", CENTRAL_ISSUERS[code])
    return None


def named_locality(text: str) -> tuple[str, str] | None:
    """Return the (kind, name) of the place an issuer's name holds ("tỉnh", "Hưng Yên")."""
    match = _LOCALITY.search(text)
    if match is None:
        return None
    kind = match.group("kind").lower()
    if kind.startswith("tp"):
        kind = "thành phố"
    return kind, match.group("name").rstrip(".")


def province_of_name(name: str, place_name: str = "") -> Province | None:
    """Return the province a province-level unit's name says ("UBND tỉnh Thái Bình")."""
    found = named_locality(name)
    if found and (
        found[0] == "tỉnh" or (found[0] == "thành phố" and fold(found[1]) in _CENTRAL_CITIES)
    ):
        return Province(found[1], found[0])
    if place_name:
        title = "thành phố" if fold(place_name) in _CENTRAL_CITIES else "tỉnh"
        return Province(place_name, title)
    return None


def resolve_issuer(symbol: str, written: str | None, province: Province | None) -> Issuer:
    """Return who issued a document cited as ``symbol`` "của ``written``" in a report.

    In order: a central symbol ("NĐ-CP"); a central body named after "của"; a province named
    there ("UBND tỉnh Hưng Yên"); a district or commune named there, inside ``province`` (the
    citing report's); else ``province`` itself. With nothing known the key is empty.
    """
    found = central_issuer(symbol)
    if found is not None:
        return found
    text = re.sub(r"\s+", " ", written or "").strip(" .,;")
    if text:
        named = central_issuer_named(text)
        if named is not None:
            return named
        place = named_locality(text)
        if place is not None:
            kind, name = place
            if kind == "tỉnh" or (kind == "thành phố" and fold(name) in _CENTRAL_CITIES):
                return Issuer(Province(name, kind).key, text)
            if province is not None:
                return Issuer(
                    f"{province.key}/{fold(kind)} {fold(name)}", f"{text} ({province.label})"
                )
            return Issuer(f"noi:{fold(kind)} {fold(name)}", text)
    if province is None:
        return Issuer("", text)
    if text:
        if fold(text).endswith(" tinh") or fold(text) == "tinh":
            text = f"{text} {province.name}"
        return Issuer(province.key, text)
    return Issuer(province.key, _provincial_name(symbol, province))


def _provincial_name(symbol: str, province: Province) -> str:
    """Return "UBND tỉnh Thái Bình" for "CT-UBND", "STTTT (tỉnh Thái Bình)" for "BC-STTTT"."""
    segments = _segments(symbol)
    if segments and fold(segments[0]).upper() in _TYPE_CODES:
        segments = segments[1:]
    body = segments[0] if segments else ""
    known = _PROVINCE_BODIES.get(fold(body).upper())
    if known == "Tỉnh ủy":
        return f"Tỉnh ủy {province.name}"
    if known:
        return f"{known} {province.label}"
    return f"{body} ({province.label})" if body else province.label
