"""Benchmark full-text search over many generated report items on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --items 1000000            # both backends
    .venv/bin/python bench/search.py --items 200000 --backend sqlite --repeats 5
    .venv/bin/python bench/search.py --items 1000000 --fresh    # regenerate the data
    .venv/bin/python bench/search.py --backend postgres --like-repeats 0 \
        --setups shared,default,tuned,replica                    # PostgreSQL setups

Each backend runs in its own process against its own database: a SQLite file under
/tmp/baocao-bench-search and a dedicated PostgreSQL database ``baocao_bench_search``. The data
is kept between runs of the same size (``--fresh`` regenerates it).

PostgreSQL setups (``--setups``, each in its own process, in the order given): ``shared`` is
the shared 127.0.0.1:5432 server as it is; ``default``, ``tuned`` and ``replica`` are the
bench's own servers (bench/search_pg.py): a primary on :5444 holding a ``pg_dump | pg_restore``
copy of the shared server's bench database, restarted with initdb's settings (Debian's:
``shared_buffers = 128MB``) or with tuned ones (search_pg.tuned: shared buffers that hold the
search table and its indexes, ``jit = off``, ``random_page_cost = 1.1`` …, the ``pg_prewarm``
library), and its streaming hot standby on :5445 (``pg_basebackup -R``), searched through the
replica router as a page the replica serves — no statement may reach the primary. Each own
server is (re)started just before it is timed, its files read into the OS page cache first:
its first runs are those of a restarted service (``--reboot``: its files dropped from the page
cache instead, as after a restart of the machine). With Debian's settings (``default``) its
shared buffers are empty; a tuned server (``tuned``, ``replica``) gets what an operator runs
after each start, ``baocao prewarm`` (the search table and its indexes read into the shared
buffers; docs/operations.md, "PostgreSQL settings"), and nothing else: no query runs before
the first timed one. The servers are stopped and deleted at the end
(``--keep-servers`` keeps them for the next run). Each setup prints the server's settings,
and the run ends with all-query p95 per persona, first and repeated runs, side by side with
the load average.

Data. A province with 20 departments and 8 districts of 9 communes each (100 reporting
units); one monthly report per unit, 80 narrative items each, so 1,000,000 items are 12,500
reports over ~10 years. Items are built from a Vietnamese administrative vocabulary — per
field (information technology, planning, land, agriculture, health, …) a dozen to 35
subjects, 50 verbs, 300 commune and 300 village names, results with numbers, and citations of
numbered legal documents — so that, as in real reports, a document number finds tens of items,
a field's term a few thousand (~0.2 %), and only the commonest words ("triển khai", "hồ sơ")
tens of thousands. Statuses: mostly approved, the last two periods mixed, drafts and returned
reports scattered. Loading goes straight to the tables in one transaction (executemany on
SQLite, COPY on PostgreSQL without FK triggers), the full-text index built afterwards.

Timing. ``search()`` — the very function the page and the API call: permission filter, count,
ranking, loading the page's reports and items, snippets — for seven query classes (document
numbers, field terms, common words, several words, quoted phrases, unaccented or upper-case
input, no hit) as a unit reporter (own unit, drafts included), a provincial viewer (every
unit, submitted and approved only) and a district viewer (the district and its 9 communes),
and the same queries as a plain ``LIKE '%…%'`` scan of the folded column (count up to 1,001
and the 20 newest) as the baseline. Every hit is checked against ``visible_reports``. Prints
the matches of each query, p50/p95 per persona and class, the slowest queries, and the load
average before and after. Start-up's objects are frozen out of the garbage collector first, as
baocao/wsgi.py does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "baocao_bench_search"
DATA_DIR = Path("/tmp/baocao-bench-search")
PER_REPORT = 80
TARGET_P95_MS = 50.0  # issue 6: p95 of search() under 50 ms at 1 M items
TARGET_PG_P95_MS = 35.0  # issue 15: on PostgreSQL at most 35 ms, first runs included

# --- vocabulary ------------------------------------------------------------------------------

VERBS = [
    "Triển khai",
    "Tiếp tục triển khai",
    "Hoàn thành",
    "Tổ chức",
    "Tiếp tục thực hiện",
    "Thực hiện",
    "Đôn đốc",
    "Rà soát",
    "Rà soát, đánh giá",
    "Kiểm tra",
    "Tổ chức kiểm tra",
    "Hướng dẫn",
    "Hướng dẫn các đơn vị thực hiện",
    "Xây dựng",
    "Xây dựng kế hoạch",
    "Phối hợp",
    "Phối hợp với các ngành",
    "Tham mưu UBND tỉnh ban hành",
    "Trình UBND tỉnh",
    "Thẩm định",
    "Cấp mới",
    "Gia hạn",
    "Thu hồi",
    "Nâng cấp",
    "Vận hành",
    "Duy trì vận hành",
    "Bảo trì",
    "Tập huấn",
    "Tuyên truyền",
    "Khảo sát",
    "Đánh giá",
    "Tổng hợp",
    "Báo cáo",
    "Giải quyết",
    "Tiếp nhận",
    "Xử lý",
    "Đẩy mạnh",
    "Chỉ đạo",
    "Theo dõi",
    "Sơ kết",
    "Tổng kết",
    "Chuẩn bị",
    "Bố trí kinh phí cho",
    "Lựa chọn nhà thầu",
    "Nghiệm thu",
    "Bàn giao",
    "Công khai",
    "Cập nhật",
    "Số hóa",
    "Kiện toàn",
]
# Subjects of each field (lĩnh vực); a department writes mostly about its own field.
FIELDS: dict[str, list[str]] = {
    "cntt": [
        "hệ thống quản lý văn bản và điều hành",
        "Cổng dịch vụ công trực tuyến",
        "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        "Trung tâm giám sát, điều hành đô thị thông minh (IOC)",
        "chữ ký số chuyên dùng",
        "hộp thư điện tử công vụ",
        "mạng truyền số liệu chuyên dùng",
        "camera giám sát an ninh trật tự",
        "hạ tầng viễn thông thụ động",
        "trạm phát sóng thông tin di động (BTS)",
        "an toàn thông tin mạng",
        "phần mềm một cửa điện tử",
        "cơ sở dữ liệu chuyên ngành",
        "ứng dụng định danh điện tử VNeID",
        "thanh toán không dùng tiền mặt",
        "tổ công nghệ số cộng đồng",
        "Kiến trúc Chính quyền điện tử",
        "hệ thống thông tin giải quyết thủ tục hành chính",
        "cáp quang đến hộ gia đình",
        "sóng di động 4G, 5G",
        "hệ thống loa truyền thanh ứng dụng công nghệ thông tin",
        "Trung tâm dữ liệu tỉnh",
        "giám sát an toàn thông tin (SOC)",
        "hội nghị truyền hình trực tuyến",
        "kho dữ liệu dùng chung",
        "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "dịch vụ công trực tuyến toàn trình",
        "Đề án Chuyển đổi số",
        "chỉ số chuyển đổi số (DTI)",
        "thông tin cơ sở",
        "báo chí, xuất bản",
        "xuất bản phẩm lưu chiểu",
        "bưu chính công ích",
        "mã địa chỉ bưu chính Vpostcode",
        "sàn thương mại điện tử Postmart",
    ],
    "khdt": [
        "giải ngân vốn đầu tư công",
        "kế hoạch đầu tư công trung hạn",
        "dự án đầu tư công",
        "đăng ký doanh nghiệp",
        "giấy chứng nhận đăng ký đầu tư",
        "xúc tiến đầu tư",
        "kế hoạch phát triển kinh tế - xã hội",
        "dự án sử dụng vốn ODA",
        "hợp tác xã kiểu mới",
        "doanh nghiệp thành lập mới",
        "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        "đấu thầu qua mạng",
        "giám sát, đánh giá đầu tư",
        "quy hoạch tỉnh thời kỳ 2021-2030",
        "khu kinh tế Thái Bình",
        "hỗ trợ doanh nghiệp nhỏ và vừa",
        "dự án PPP",
    ],
    "tnmt": [
        "giấy chứng nhận quyền sử dụng đất",
        "thu hồi đất",
        "giải phóng mặt bằng",
        "bồi thường, hỗ trợ, tái định cư",
        "quan trắc môi trường",
        "rác thải sinh hoạt",
        "khai thác khoáng sản",
        "kế hoạch sử dụng đất hằng năm",
        "đo đạc bản đồ địa chính",
        "cơ sở dữ liệu đất đai",
        "đánh giá tác động môi trường",
        "giấy phép môi trường",
        "tài nguyên nước",
        "đất công ích",
        "giá đất cụ thể",
        "biến đổi khí hậu",
        "điểm tập kết rác",
        "khai thác cát lòng sông",
    ],
    "nnptnt": [
        "phòng, chống bệnh dịch tả lợn châu Phi",
        "tiêm phòng gia súc, gia cầm",
        "chương trình xây dựng nông thôn mới",
        "xã nông thôn mới nâng cao",
        "sản phẩm OCOP",
        "phòng, chống thiên tai",
        "công trình đê điều",
        "trồng cây phân tán",
        "thủy lợi nội đồng",
        "gieo cấy lúa vụ Chiêm Xuân",
        "sản xuất vụ Mùa",
        "cây vụ Đông",
        "nuôi trồng thủy sản",
        "cánh đồng mẫu lớn",
        "tích tụ ruộng đất",
        "nước sạch nông thôn",
        "rầy nâu hại lúa",
        "cúm gia cầm A/H5N1",
        "khai thác hải sản xa bờ",
    ],
    "yte": [
        "tiêm chủng mở rộng",
        "khám, chữa bệnh bảo hiểm y tế",
        "phòng, chống sốt xuất huyết",
        "an toàn thực phẩm",
        "trạm y tế xã",
        "hồ sơ sức khỏe điện tử",
        "bệnh viện đa khoa",
        "vắc xin phòng COVID-19",
        "cung ứng thuốc, vật tư y tế",
        "bệnh tay chân miệng",
        "khám sức khỏe định kỳ",
        "dân số - kế hoạch hóa gia đình",
        "ngộ độc thực phẩm",
        "y tế cơ sở",
        "bệnh án điện tử",
    ],
    "gddt": [
        "tuyển sinh vào lớp 10",
        "kỳ thi tốt nghiệp trung học phổ thông",
        "trường đạt chuẩn quốc gia",
        "chương trình giáo dục phổ thông 2018",
        "sách giáo khoa",
        "phổ cập giáo dục mầm non cho trẻ 5 tuổi",
        "học sinh giỏi cấp tỉnh",
        "bồi dưỡng giáo viên",
        "cơ sở vật chất trường học",
        "bữa ăn bán trú",
        "an toàn trường học",
        "chuyển đổi số trong giáo dục",
        "học bạ số",
    ],
    "xd": [
        "giấy phép xây dựng",
        "quy hoạch chung đô thị",
        "nhà ở xã hội",
        "chất lượng công trình xây dựng",
        "trật tự xây dựng",
        "quy hoạch phân khu",
        "vật liệu xây dựng",
        "nhà ở riêng lẻ",
        "thẩm định thiết kế cơ sở",
        "hạ tầng kỹ thuật đô thị",
        "phát triển đô thị",
        "chiếu sáng công cộng",
    ],
    "gtvt": [
        "an toàn giao thông",
        "đăng kiểm phương tiện",
        "bảo trì đường bộ",
        "vận tải hành khách cố định",
        "cầu Nghìn",
        "đường bộ cao tốc Ninh Bình - Hải Phòng",
        "cầu yếu trên đường huyện",
        "giấy phép lái xe",
        "bến xe khách",
        "tải trọng xe",
        "hành lang an toàn đường bộ",
        "đường giao thông nông thôn",
    ],
    "tp": [
        "đăng ký hộ tịch",
        "phiếu lý lịch tư pháp",
        "phổ biến, giáo dục pháp luật",
        "trợ giúp pháp lý",
        "chứng thực bản sao điện tử",
        "kiểm tra văn bản quy phạm pháp luật",
        "hòa giải ở cơ sở",
        "xử lý vi phạm hành chính",
        "bồi thường nhà nước",
        "theo dõi thi hành pháp luật",
        "công chứng",
        "đấu giá tài sản",
    ],
    "nv": [
        "tuyển dụng công chức",
        "sắp xếp đơn vị hành chính cấp xã",
        "cải cách hành chính",
        "thi đua, khen thưởng",
        "công tác tôn giáo",
        "vị trí việc làm",
        "chỉ số cải cách hành chính (PAR INDEX)",
        "tinh giản biên chế",
        "bồi dưỡng cán bộ, công chức",
        "văn thư, lưu trữ",
        "chính quyền địa phương hai cấp",
        "đánh giá, xếp loại công chức",
    ],
    "ldtbxh": [
        "giải quyết việc làm",
        "đào tạo nghề",
        "trợ cấp xã hội hằng tháng",
        "người có công với cách mạng",
        "giảm nghèo bền vững",
        "bảo trợ xã hội",
        "người lao động đi làm việc ở nước ngoài",
        "bảo hiểm thất nghiệp",
        "trẻ em có hoàn cảnh đặc biệt",
        "an toàn, vệ sinh lao động",
        "hộ nghèo, hộ cận nghèo",
        "nhà tình nghĩa",
    ],
    "tc": [
        "dự toán ngân sách",
        "thu ngân sách nhà nước",
        "quyết toán ngân sách",
        "tài sản công",
        "giá đất",
        "thực hành tiết kiệm, chống lãng phí",
        "vốn sự nghiệp",
        "quyết toán dự án hoàn thành",
        "chi thường xuyên",
        "trái phiếu chính quyền địa phương",
    ],
    "ct": [
        "chỉ số sản xuất công nghiệp",
        "thương mại điện tử",
        "quản lý thị trường",
        "cụm công nghiệp",
        "điện nông thôn",
        "khuyến công",
        "xúc tiến thương mại",
        "hàng giả, hàng kém chất lượng",
        "an toàn điện",
        "xăng dầu",
        "chợ truyền thống",
    ],
    "vhttdl": [
        "di tích lịch sử - văn hóa",
        "lễ hội truyền thống",
        "thể thao quần chúng",
        "du lịch cộng đồng",
        "thư viện",
        "gia đình văn hóa",
        "Đại hội Thể dục thể thao",
        "di sản văn hóa phi vật thể",
        "nhà văn hóa thôn",
        "quảng cáo ngoài trời",
    ],
    "thanhtra": [
        "tiếp công dân",
        "khiếu nại, tố cáo",
        "thanh tra hành chính",
        "phòng, chống tham nhũng, tiêu cực",
        "kê khai tài sản, thu nhập",
        "thanh tra chuyên ngành",
        "kiến nghị thu hồi",
        "đơn thư vượt cấp",
        "kết luận thanh tra",
    ],
    "local": [
        "thu gom rác thải",
        "an ninh trật tự",
        "tiếp công dân",
        "hòa giải ở cơ sở",
        "xây dựng nông thôn mới",
        "thu ngân sách xã",
        "đường giao thông nông thôn",
        "cải cách hành chính",
        "bộ phận một cửa",
        "đăng ký hộ tịch",
        "phòng, chống thiên tai",
        "giải phóng mặt bằng",
        "chính sách người có công",
        "tiêm chủng mở rộng",
        "sản xuất vụ Mùa",
        "camera an ninh",
        "dịch vụ công trực tuyến",
        "nhà văn hóa thôn",
        "vệ sinh môi trường",
        "trật tự xây dựng",
        "hộ nghèo",
        "trường mầm non",
    ],
}
DEPARTMENTS = [
    ("STTTT", "Sở Thông tin và Truyền thông", "cntt"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "khdt"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "tnmt"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "nnptnt"),
    ("SYT", "Sở Y tế", "yte"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "gddt"),
    ("SXD", "Sở Xây dựng", "xd"),
    ("SGTVT", "Sở Giao thông vận tải", "gtvt"),
    ("STP", "Sở Tư pháp", "tp"),
    ("SNV", "Sở Nội vụ", "nv"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "ldtbxh"),
    ("STC", "Sở Tài chính", "tc"),
    ("SCT", "Sở Công Thương", "ct"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "vhttdl"),
    ("TTT", "Thanh tra tỉnh", "thanhtra"),
    ("VPUBND", "Văn phòng UBND tỉnh", "nv"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "cntt"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế", "khdt"),
    ("BDT", "Ban Dân tộc", "ldtbxh"),
    ("DPTTH", "Đài Phát thanh và Truyền hình", "vhttdl"),
]
DISTRICTS = [
    "Kiến Xương",
    "Tiền Hải",
    "Thái Thụy",
    "Quỳnh Phụ",
    "Hưng Hà",
    "Đông Hưng",
    "Vũ Thư",
    "Thành phố Thái Bình",
]
NAME_SYLLABLES = [
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Quang",
    "Minh",
    "Hưng",
    "Thịnh",
    "Lộc",
    "Phúc",
    "Thái",
    "Vũ",
    "Đình",
    "Hồng",
    "Lạc",
    "Thanh",
    "Xuân",
    "Hải",
    "Sơn",
    "Lâm",
    "Nghĩa",
    "Hiệp",
    "Lễ",
    "Quý",
    "Tiến",
    "Đức",
    "Việt",
    "Long",
]
ISSUERS = ["UBND", "HĐND", "STTTT", "SKHĐT", "STNMT", "SNN", "SYT", "SGDĐT", "VP", "KT", "NC"]
MINISTRIES = [
    "BTTTT",
    "BKHĐT",
    "BTNMT",
    "BNNPTNT",
    "BYT",
    "BGDĐT",
    "BXD",
    "BGTVT",
    "BTP",
    "BNV",
    "BLĐTBXH",
    "BTC",
    "BCT",
    "BVHTTDL",
    "TTCP",
]
TIMES = [
    "trong tháng",
    "từ đầu năm",
    "6 tháng đầu năm",
    "trong quý",
    "đến nay",
    "trước ngày {d}/{m}/{y}",
    "từ ngày {d}/{m} đến ngày {d2}/{m}",
    "năm {y}",
    "giai đoạn 2021-2025",
    "trong kỳ báo cáo",
]
RESULTS = [
    "đạt {p}% kế hoạch",
    "đạt {p},{q}%",
    "tăng {p}% so với cùng kỳ",
    "giảm {p}% so với cùng kỳ",
    "với {n} hồ sơ",
    "tiếp nhận {n} hồ sơ, giải quyết đúng hạn {m} hồ sơ",
    "{n} lượt người",
    "kinh phí {n} triệu đồng",
    "tổng vốn {n} tỷ đồng",
    "{n} trường hợp",
    "{n} cơ sở",
    "đúng tiến độ",
    "chậm so với kế hoạch",
    "bảo đảm an toàn, hiệu quả",
    "{n}/{m} đơn vị",
    "{n} tin, bài",
    "{n} hộ gia đình",
    "{n} ha",
    "{n} km",
]
CONNECTIVES = [
    "; đồng thời",
    "; tiếp tục",
    ". Bên cạnh đó,",
    "; chỉ đạo các đơn vị",
    ". Trong thời gian tới,",
    "; phấn đấu",
]


def _place_names(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        names.add(f"{rng.choice(NAME_SYLLABLES)} {rng.choice(NAME_SYLLABLES)}")
    return sorted(names)


class Corpus:
    """Generate report items of one unit from the vocabulary (seeded, reproducible)."""

    def __init__(self, seed: int = 20260101) -> None:
        self.rng = random.Random(seed)
        self.communes = _place_names(self.rng, 300)
        self.villages = _place_names(random.Random(seed + 1), 300)
        self.general = [s for subjects in FIELDS.values() for s in subjects]

    def citation(self) -> str:
        rng = self.rng
        year = rng.randint(2013, 2025)
        kind = rng.random()
        if kind < 0.25:
            return f"theo Nghị định số {rng.randint(1, 180)}/{year}/NĐ-CP của Chính phủ"
        if kind < 0.55:
            return (
                f"theo Quyết định số {rng.randint(1, 3500)}/QĐ-UBND ngày "
                f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year} của UBND tỉnh"
            )
        if kind < 0.7:
            return f"theo Thông tư số {rng.randint(1, 40):02d}/{year}/TT-{rng.choice(MINISTRIES)}"
        if kind < 0.85:
            return f"theo Kế hoạch số {rng.randint(1, 400)}/KH-{rng.choice(ISSUERS)}"
        if kind < 0.95:
            return f"theo Công văn số {rng.randint(100, 5000)}/{rng.choice(ISSUERS)}-VX"
        return f"theo Chỉ thị số {rng.randint(1, 40):02d}/CT-TTg"

    def place(self, district: str | None) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.3:
            return f"tại xã {rng.choice(self.communes)}"
        if kind < 0.45:
            return f"trên địa bàn huyện {district or rng.choice(DISTRICTS)}"
        if kind < 0.55:
            return f"tại thôn {rng.choice(self.villages)}"
        if kind < 0.7:
            return f"tại {rng.randint(2, 260)} xã, phường, thị trấn"
        if kind < 0.85:
            return rng.choice(
                [
                    "tại các sở, ban, ngành",
                    "trên địa bàn tỉnh",
                    "tại UBND cấp huyện",
                    "ở các khu công nghiệp",
                    "tại Trung tâm Phục vụ hành chính công",
                ]
            )
        return f"tại tổ dân phố số {rng.randint(1, 30)}"

    def clause(self, field: str, district: str | None) -> str:
        rng = self.rng
        subjects = FIELDS[field] if rng.random() < 0.8 else self.general
        parts = [rng.choice(VERBS).lower(), rng.choice(subjects)]
        if rng.random() < 0.6:
            parts.append(self.place(district))
        if rng.random() < 0.35:
            d, m = rng.randint(1, 28), rng.randint(1, 12)
            parts.append(
                rng.choice(TIMES).format(d=d, m=m, d2=min(28, d + 7), y=rng.randint(2015, 2025))
            )
        if rng.random() < 0.55:
            n = rng.randint(1, 5000)
            parts.append(
                rng.choice(RESULTS).format(
                    p=rng.randint(1, 100),
                    q=rng.randint(1, 9),
                    n=f"{n:,}".replace(",", "."),
                    m=rng.randint(1, n),
                )
            )
        if rng.random() < 0.3:
            parts.append(self.citation())
        return " ".join(parts)

    def item(self, field: str, district: str | None) -> str:
        text = self.clause(field, district)
        while self.rng.random() < 0.45:
            text += f"{self.rng.choice(CONNECTIVES)} {self.clause(field, district)}"
        return text[0].upper() + text[1:] + "."


# Query classes, with the matches each finds among the viewer's 1,000,000 items: document
# numbers and exact references (tens to hundreds), a field's specialised terms (~0.2 %),
# common words (5–25 %), several words anywhere, quoted phrases, unaccented or upper-case
# input, and words that are not in the data.
QUERIES: dict[str, list[str]] = {
    "rare": [
        "quyết định 1234",
        "công văn 2156",
        "thông tư 03/2020/TT-BTTTT",
        "1.234 hồ sơ",
        "nghị định 107/2021",
        '"kế hoạch số 245"',
    ],
    "term": [
        "LGSP",
        "VNeID",
        "Postmart",
        "OCOP",
        "tả lợn châu Phi",
        "khai thác cát",
        "ngộ độc thực phẩm",
    ],
    "common": ["triển khai", "hồ sơ", "kế hoạch", "đạt", "tỉnh", "công trình", "giải ngân"],
    "words": [
        "camera giám sát",
        "chuyển đổi số",
        "an toàn thông tin",
        "giải phóng mặt bằng",
        "tiêm chủng trẻ em",
        "hồ sơ đúng hạn",
        "vốn đầu tư công giải ngân",
    ],
    "phrase": [
        '"một cửa điện tử"',
        '"dịch vụ công trực tuyến"',
        '"nông thôn mới"',
        '"giấy phép xây dựng"',
        '"đúng tiến độ"',
        '"xã Bình Minh"',
    ],
    "plain": [
        "chuyen doi so",
        "dang ky ho tich",
        "an toan giao thong",
        "TIEM PHONG",
        "quan trac moi truong",
        "ho so suc khoe dien tu",
    ],
    "none": ["khongcotrongdulieu", "blockchain lượng tử"],
}

_TOKEN = re.compile(r"[^\W_]+")


def percentile(values: list[float], p: float) -> float:
    """Return the ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load_average() -> str:
    """Return the 1/5/15-minute load averages as text."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def database_facts(connection) -> str:  # type: ignore[no-untyped-def]
    """Return the sizes of the search table and index, and PostgreSQL's settings."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_size_pretty(pg_relation_size('search_searchentry')), "
                "pg_size_pretty(pg_relation_size('search_entry_fulltext')), "
                "current_setting('server_version'), pg_is_in_recovery()"
            )
            table, index, version, standby = cursor.fetchone()
            return (
                f"PostgreSQL {version}{' hot standby' if standby else ''}, "
                f"{pg_settings(connection)}; search table {table}, GIN index {index}"
            )
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        size = pages * cursor.fetchone()[0]
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        return (
            f"database file {size / 2**20:.0f} MB; page cache "
            f"{-cache / 1024 if cache < 0 else cache:.0f} {'MB' if cache < 0 else 'pages'}"
        )


def pg_settings(connection) -> str:  # type: ignore[no-untyped-def]
    """Return the PostgreSQL settings that matter to the search, as the server reports them."""
    from search_pg import SETTINGS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            [list(SETTINGS)],
        )
        found = dict(cursor.fetchall())
    return ", ".join(f"{name} {found[name] or repr('')}" for name in SETTINGS)


def cpu_check() -> str:
    """Time a fixed Python loop: on a shared virtual machine the load average does not show
    the CPU time the host takes away, this does (about 40 ms on an idle core)."""
    started = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    return f"a 10**6-step Python loop took {(time.perf_counter() - started) * 1000:.0f} ms"


# --- data ------------------------------------------------------------------------------------


def database_url(backend: str, items: int, fresh: bool) -> tuple[str, bool]:
    """Return the database URL for ``backend`` and whether it must be (re)generated."""
    if backend == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"search-{items}.sqlite3"
        if fresh and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}", not path.exists()
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
        if exists and not fresh:
            with psycopg.connect(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}") as db:
                try:
                    row = db.execute("SELECT items FROM bench_search_meta").fetchone()
                except psycopg.Error:
                    row = None
            if row and row[0] == items:
                return f"postgres://postgres@127.0.0.1:5432/{PG_DB}", False
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(f"CREATE DATABASE {PG_DB}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_DB}", True


def fast_folder():  # type: ignore[no-untyped-def]
    """Return a memoised equivalent of tokens.folded_document for generated (NFC) text."""
    from baocao.domain.text import fold

    cache: dict[str, str] = {}

    def folded(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            value = cache.get(token)
            if value is None:
                value = cache[token] = " ".join(_TOKEN.findall(fold(token)))
            if value:
                out.append(value)
        return " ".join(out)

    return folded


def generate(backend: str, items: int) -> dict:
    """Create units, users, reports, items and index entries; return timings."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from baocao.catalog.models import ReportTemplate, Section
    from baocao.domain.periods import Period
    from baocao.domain.workflow import Role
    from baocao.organizations.models import Membership, OrgUnit
    from baocao.reports.models import Report
    from baocao.search.indexing import month_range
    from baocao.search.tokens import folded_document

    started = time.perf_counter()
    corpus = Corpus()
    rng = random.Random(7)
    province = OrgUnit.objects.create(code="P", name="UBND tỉnh Thái Bình", level="province")
    units: list[tuple[OrgUnit, str, str | None]] = []
    for code, name, field in DEPARTMENTS:
        units.append(
            (
                OrgUnit.objects.create(code=code, name=name, level="department", parent=province),
                field,
                None,
            )
        )
    for d, district in enumerate(DISTRICTS):
        head = OrgUnit.objects.create(
            code=f"H{d}", name=f"UBND huyện {district}", level="district", parent=province
        )
        units.append((head, "local", district))
        for c in range(9):
            commune = OrgUnit.objects.create(
                code=f"H{d}X{c}",
                name=f"UBND xã {corpus.communes[d * 9 + c]}",
                level="commune",
                parent=head,
            )
            units.append((commune, "local", district))
    template = ReportTemplate.objects.create(code="T", name="Báo cáo tháng", period_kind="month")
    sections = [
        Section.objects.create(template=template, code=f"S{i}", title=title, order=i)
        for i, title in enumerate(
            [
                "Kết quả thực hiện nhiệm vụ",
                "Tồn tại, hạn chế",
                "Nhiệm vụ trọng tâm tháng tới",
                "Kiến nghị, đề xuất",
            ]
        )
    ]
    user_model = get_user_model()
    viewer = user_model.objects.create_user("viewer", password="x")
    Membership.objects.create(user=viewer, unit=province, role=Role.VIEWER.value)
    reporter = user_model.objects.create_user("reporter", password="x")
    Membership.objects.create(user=reporter, unit=units[0][0], role=Role.REPORTER.value)
    district_viewer = user_model.objects.create_user("district", password="x")
    Membership.objects.create(
        user=district_viewer, unit=units[len(DEPARTMENTS)][0], role=Role.VIEWER.value
    )

    report_count = max(1, -(-items // PER_REPORT))
    months = max(1, -(-report_count // len(units)))
    reports: list[Report] = []
    for m in range(months):
        period = Period.month(2015 + m // 12, m % 12 + 1)
        recent = m >= months - 2
        for unit, _field, _district in units:
            if len(reports) >= report_count:
                break
            if recent:
                status = rng.choice(["draft", "submitted", "returned", "approved"])
            else:
                status = rng.choices(["approved", "submitted", "returned", "draft"], [90, 4, 3, 3])[
                    0
                ]
            reports.append(
                Report(
                    unit=unit,
                    template=template,
                    period_code=period.code,
                    period_kind="month",
                    period_year=period.year,
                    period_index=period.index,
                    period_start=f"{period.year}-{m % 12 + 1:02d}-01",
                    period_end=f"{period.year}-{m % 12 + 1:02d}-28",
                    due_date=f"{period.year}-{m % 12 + 1:02d}-28",
                    status=status,
                    title=f"Báo cáo kết quả thực hiện nhiệm vụ {period.label} của {unit.name}",
                )
            )
    with transaction.atomic():
        Report.objects.bulk_create(reports, batch_size=2000)
    reports = list(Report.objects.order_by("pk"))
    unit_info = {unit.pk: (field, district) for unit, field, district in units}
    folded = fast_folder()
    for sample in (corpus.item("cntt", None) for _ in range(500)):
        assert folded(sample) == folded_document(sample), sample

    item_rows: list[tuple] = []
    entry_rows: list[tuple] = []
    item_id = entry_id = 0
    for report in reports:
        first, last = month_range(report.period_code)
        common = (report.pk, report.unit_id, report.template_id, report.status, first, last)
        entry_id += 1
        entry_rows.append((entry_id, "title", *common, None, None, folded(report.title)))
        field, district = unit_info[report.unit_id]
        for order in range(min(PER_REPORT, items - item_id)):
            item_id += 1
            entry_id += 1
            section = sections[0 if order < 50 else 1 + (order - 50) // 10]
            text = corpus.item(field, district)
            item_rows.append((item_id, report.pk, section.pk, order, "result", text, False))
            entry_rows.append((entry_id, "item", *common, item_id, section.pk, folded(text)))
    generated = time.perf_counter()
    item_cols = 'id, report_id, section_id, "order", kind, text, continuing'
    entry_cols = (
        "id, field, report_id, unit_id, template_id, status, month_first, month_last, "
        "item_id, section_id, folded"
    )
    from baocao.search.schema import drop_fulltext_for_load, finish_fulltext_load

    with transaction.atomic(), connection.cursor() as cursor:
        drop_fulltext_for_load(connection)
        if backend == "sqlite":
            raw = connection.connection
            raw.executemany(
                f"INSERT INTO reports_narrativeitem ({item_cols}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                item_rows,
            )
            raw.executemany(
                f"INSERT INTO search_searchentry ({entry_cols}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry_rows,
            )
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers
            pg = cursor.cursor
            with pg.copy(f"COPY reports_narrativeitem ({item_cols}) FROM STDIN") as copy:
                for row in item_rows:
                    copy.write_row(row)
            with pg.copy(f"COPY search_searchentry ({entry_cols}) FROM STDIN") as copy:
                for row in entry_rows:
                    copy.write_row(row)
            for table in ("reports_narrativeitem", "search_searchentry"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    loaded = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # this session only: memory for the GIN build
            cursor.execute("SET maintenance_work_mem = '512MB'")
    finish_fulltext_load(connection)
    with connection.cursor() as cursor:
        if backend == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("CREATE TABLE bench_search_meta (items integer)")
            cursor.execute("INSERT INTO bench_search_meta VALUES (%s)", [item_id])
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    indexed = time.perf_counter()
    return {
        "items": item_id,
        "reports": len(reports),
        "generate": generated - started,
        "load": loaded - generated,
        "index": indexed - loaded,
    }


# --- timing ----------------------------------------------------------------------------------


SETUPS = ("shared", "default", "tuned", "replica")
SETUP_TEXT = {
    "sqlite": "SQLite file, the application's 2 MB page cache",
    "shared": "the shared 127.0.0.1:5432 server as it is (not restarted)",
    "default": "the bench's own primary :5444, initdb's (= Debian's) settings, just restarted "
    "(shared buffers empty)",
    "tuned": "the bench's own primary :5444, tuned settings, just restarted, then baocao prewarm",
    "replica": "a streaming hot standby of the tuned primary :5445, tuned settings, just "
    "started, then baocao prewarm --database replica",
}


def setup_urls(setup: str, items: int, fresh: bool) -> tuple[dict[str, str], bool]:
    """Return the environment naming the databases of ``setup``, and whether the data must
    be generated (shared server only: the bench's own servers are copies of it)."""
    import search_pg

    if setup == "sqlite":
        url, create = database_url("sqlite", items, fresh)
        return {"BAOCAO_DATABASE_URL": url}, create
    if setup == "shared":
        url, create = database_url("postgres", items, fresh)
        return {"BAOCAO_DATABASE_URL": url}, create
    env = {"BAOCAO_DATABASE_URL": search_pg.PRIMARY.url(PG_DB)}
    if setup == "replica":
        env["BAOCAO_REPLICA_DATABASE_URL"] = search_pg.REPLICA.url(PG_DB)
    return env, False


def run_backend(
    setup: str, items: int, repeats: int, like_repeats: int, fresh: bool, summary: str | None
) -> None:
    """Generate (or reuse) the data and time the queries for one setup, in this process."""
    backend = "sqlite" if setup == "sqlite" else "postgres"
    env, create = setup_urls(setup, items, fresh)
    os.environ.update(env)
    os.environ.setdefault("BAOCAO_VAR_DIR", str(DATA_DIR))
    os.environ.setdefault("BAOCAO_DEBUG", "0")  # as in production: Django logs no SQL
    os.environ["DJANGO_SETTINGS_MODULE"] = "baocao.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections

    from baocao.core import db_router
    from baocao.domain.workflow import Role
    from baocao.organizations.models import Membership, OrgUnit
    from baocao.reports.selectors import visible_reports
    from baocao.search.query import parse_query
    from baocao.search.selectors import readable_entries, search

    tag = f"[{setup}]"
    if backend == "sqlite":  # this bench's own file: no fsync, a large cache while loading
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if create:
        made = generate(backend, items)
        print(
            f"{tag} {made['items']:,} items in {made['reports']:,} reports: generate "
            f"{made['generate']:.0f} s, load {made['load']:.0f} s, index {made['index']:.0f} s"
        )
    else:
        print(
            f"{tag} reusing {env['BAOCAO_DATABASE_URL']} (migrate "
            f"{time.perf_counter() - started:.0f} s)"
        )
    if repeats == 0:
        return
    if backend == "sqlite":  # time with the page cache the application runs with
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-2000")
    users = get_user_model().objects
    district = OrgUnit.objects.get(code="H0")
    if not users.filter(username="district").exists():  # data made by an older version
        Membership.objects.create(
            user=users.create_user("district", password="x"), unit=district, role=Role.VIEWER.value
        )
    personas = [
        ("reporter", users.get(username="reporter")),
        ("viewer", users.get(username="viewer")),
        ("district", users.get(username="district")),
    ]
    # The permission oracle: the reports baocao.reports.selectors.visible_reports allows.
    readable = {
        name: set(visible_reports(user).values_list("pk", flat=True)) for name, user in personas
    }
    on_primary: list[str] = []
    if setup == "replica":
        # Time as a search page served by the replica: the router sends reads there (as
        # ReplicaReadMiddleware does for /tra-cuu/), and no statement may reach the primary.
        db_router._read_replica.set(True)
        connections["default"].execute_wrappers.append(
            lambda execute, sql, params, many, context: (
                on_primary.append(sql),
                execute(sql, params, many, context),
            )[1]
        )
    read = connections["replica" if setup == "replica" else "default"]

    def like(user, query: str) -> int:  # type: ignore[no-untyped-def]
        clauses = parse_query(query).clauses
        rows = readable_entries(user)
        for clause in clauses:
            rows = rows.filter(folded__contains=" ".join(clause))
        total = rows[:1001].count()
        list(rows.order_by("-id").values_list("id", flat=True)[:20])
        return total

    def timed(fn) -> float:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    import gc

    gc.freeze()  # as the app does after start-up (baocao/wsgi.py)
    print(f"{tag} {SETUP_TEXT[setup]}")
    print(f"{tag} {database_facts(read)}")
    load_before = load_average()
    clock = time.strftime("%H:%M:%S")
    print(f"{tag} load average before timing ({clock}): {load_before}; {cpu_check()}")
    results: dict[tuple[str, ...], list[float]] = {}
    for name, user in personas:
        # Open the connection and read the user's units, nothing of the search table: the
        # first query of each class below is the first to read its pages since the start.
        readable_entries(user).filter(pk=0).exists()
        print(f"{tag} {name}: matches (capped) per query:")
        line = []
        for cls, queries in QUERIES.items():
            for q in queries:
                # The first run of a query reads pages no earlier query needed: timed apart.
                t0 = time.perf_counter()
                page = search(user, q)
                ms = (time.perf_counter() - t0) * 1000
                results.setdefault(("first", name, cls), []).append(ms)
                results.setdefault(("first", name, "all"), []).append(ms)
                results.setdefault(("first", name, "query", q), []).append(ms)
                bad = [h for h in page.hits if h.report.pk not in readable[name]]
                assert not bad, f"permission leak for {name} {q!r}: {bad[:3]}"
                line.append(f"{q}={page.total}{'+' if page.total_capped else ''}")
        print("    " + ", ".join(line))
    searched_on_primary = len(on_primary)
    for label, fn, runs in (("fts", search, repeats), ("like", like, like_repeats)):
        for name, user in personas:
            for _ in range(runs):
                for cls, queries in QUERIES.items():
                    for q in queries:
                        ms = timed(lambda fn=fn, user=user, q=q: fn(user, q))
                        results.setdefault((label, name, cls), []).append(ms)
                        results.setdefault((label, name, "all"), []).append(ms)
                        results.setdefault((label, name, "query", q), []).append(ms)
        if label == "fts":
            searched_on_primary = len(on_primary)
    load_after = load_average()
    print(f"{tag} load average after timing: {load_after}; {cpu_check()}")
    if setup == "replica":
        print(
            f"{tag} statements sent to the primary while searching: {searched_on_primary} "
            "(every search read the hot standby)"
        )
        assert searched_on_primary == 0, on_primary[:3]
    classes = [*QUERIES, "all"]
    print(f"{tag} p50 / p95 ms   " + "  ".join(f"{c:>15}" for c in classes))
    for label in ("first", "fts", "like"):
        for name, _user in personas:
            if (label, name, "all") not in results:
                continue
            cells = []
            for cls in classes:
                times = results[(label, name, cls)]
                cells.append(f"{statistics.median(times):6.1f} /{percentile(times, 95):7.1f}")
            print(f"{tag} {label:5} {name:8} " + "  ".join(f"{c:>15}" for c in cells))
    for title, label, figure in (
        ("slowest fts queries (median)", "fts", statistics.median),
        ("slowest first runs", "first", lambda times: times[0]),
    ):
        worst = sorted(
            (
                (figure(results[(label, name, "query", q)]), name, q)
                for name, _ in personas
                for qs in QUERIES.values()
                for q in qs
            ),
            reverse=True,
        )[:6]
        print(f"{tag} {title}: " + ", ".join(f"{name} {q!r} {ms:.0f} ms" for ms, name, q in worst))
    verdicts = []
    target = TARGET_P95_MS if backend == "sqlite" else TARGET_PG_P95_MS
    figures = {}
    for name, _user in personas:
        first = percentile(results[("first", name, "all")], 95)
        again = percentile(results[("fts", name, "all")], 95)
        figures[name] = {
            "first": first,
            "repeated": again,
            "first_p50": statistics.median(results[("first", name, "all")]),
            "repeated_p50": statistics.median(results[("fts", name, "all")]),
            "worst_class": max(
                (percentile(results[(label, name, cls)], 95), label, cls)
                for label in ("first", "fts")
                for cls in QUERIES
            ),
        }
        p95 = max(first, again)
        verdicts.append(f"{name} {p95:.1f} ms {'met' if p95 <= target else 'MISSED'}")
    print(
        f"{tag} target p95 <= {target:.0f} ms over all queries (the worse of first and "
        f"repeated runs): " + ", ".join(verdicts)
    )
    if summary:
        facts = pg_settings(read) if backend == "postgres" else SETUP_TEXT["sqlite"]
        Path(summary).write_text(
            json.dumps(
                {
                    "setup": setup,
                    "settings": facts,
                    "clock": clock,
                    "load_before": load_before,
                    "load_after": load_after,
                    "personas": figures,
                }
            )
        )


def prepare_setup(setup: str, items: int, fresh: bool, reboot: bool = False) -> str:
    """Create, copy or restart the bench's own servers for ``setup``; return what was done."""
    import search_pg

    if setup in ("sqlite", "shared"):
        return ""
    done = []
    primary, replica = search_pg.PRIMARY, search_pg.REPLICA
    if primary.exists() and not primary.running():
        primary.start()
    if fresh or (primary.exists() and bench_items(primary.url(PG_DB)) != items):
        search_pg.remove()
        done.append("removed the old copy")
    done += search_pg.ensure(PG_DB)
    size = search_bytes(primary.url(PG_DB))
    cache = (
        "its files dropped from the OS page cache" if reboot else "its files in the OS page cache"
    )
    # In production the primary and the replica have a machine each; here they share one page
    # cache, so the copy that is not timed gives its pages up to the one that is.
    if setup == "replica":
        primary.evict_files()  # it keeps running: the standby streams from it
        replica.restart(search_pg.tuned(size), reboot=reboot)
        done.append(f"replica started, {cache}")
    else:
        replica.stop()  # the standby is not needed while the primary is timed
        replica.evict_files()
        settings = search_pg.DEFAULT if setup == "default" else search_pg.tuned(size)
        primary.restart(settings, reboot=reboot)
        done.append(f"primary restarted with {setup} settings, {cache}")
    if setup in ("tuned", "replica"):
        done.append(prewarm(setup, items))
    return "; ".join(done)


def prewarm(setup: str, items: int) -> str:
    """Run ``baocao prewarm`` on the server of ``setup`` as an operator's systemd unit does
    after a start (in its own process, before the timing's); return its report and seconds."""
    env, _create = setup_urls(setup, items, False)
    env = {
        **os.environ,
        **env,
        "BAOCAO_VAR_DIR": os.environ.get("BAOCAO_VAR_DIR", str(DATA_DIR)),
        "BAOCAO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "baocao.settings",
    }
    database = ["--database", "replica"] if setup == "replica" else []
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "baocao.cli", "prewarm", *database],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return (
        f"`baocao prewarm{' --database replica' if database else ''}` "
        f"{time.perf_counter() - started:.1f} s: {out.stdout.strip()}"
    )


def bench_items(url: str) -> int | None:
    """Return how many items the bench database at ``url`` was generated with, if known."""
    import psycopg

    try:
        with psycopg.connect(url) as db:
            row = db.execute("SELECT items FROM bench_search_meta").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def search_bytes(url: str) -> int:
    """Return the size of the search table with its indexes at ``url``."""
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute("SELECT pg_total_relation_size('search_searchentry')").fetchone()
    return int(row[0]) if row else 0


def print_side_by_side(summaries: list[dict]) -> None:
    """Print each setup's all-query p95 per persona, first and repeated runs, with the load."""
    print("\nAll-query p95 in ms, first runs / repeated runs (p50 in brackets):")
    names = ["reporter", "viewer", "district"]
    header = f"{'setup':8} {'time':8} {'load before -> after':28} " + "  ".join(
        f"{name:>24}" for name in names
    )
    print(header)
    for done in summaries:
        cells = []
        for name in names:
            f = done["personas"][name]
            cells.append(
                f"{f['first']:5.1f} / {f['repeated']:5.1f} "
                f"({f['first_p50']:4.1f}/{f['repeated_p50']:4.1f})"
            )
        load = f"{done['load_before']} -> {done['load_after']}"
        print(f"{done['setup']:8} {done['clock']:8} {load:28} " + "  ".join(cells))
    for done in summaries:
        worst = max(
            (done["personas"][name]["worst_class"] + [name] for name in names),
        )
        print(
            f"{done['setup']:8} {done['settings']}; worst class: {worst[3]} {worst[1]} "
            f"{worst[2]} p95 {worst[0]:.1f} ms"
        )


def main() -> int:
    """Parse the options and run each setup in its own process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the query list")
    parser.add_argument("--like-repeats", type=int, default=1, help="runs of the LIKE baseline")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--setups",
        default="shared",
        help=f"PostgreSQL setups to time, comma-separated, of {', '.join(SETUPS)}",
    )
    parser.add_argument(
        "--keep-servers",
        action="store_true",
        help="leave the bench's own PostgreSQL servers (:5444, :5445) running at the end",
    )
    parser.add_argument(
        "--reboot",
        action="store_true",
        help="drop the bench's own servers' files from the OS page cache before starting them "
        "(first runs read the disk, as after a restart of the machine)",
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the data")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--summary", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_backend(
            args.setup, args.items, args.repeats, args.like_repeats, args.fresh, args.summary
        )
        return 0
    setups = [name.strip() for name in args.setups.split(",") if name.strip()]
    unknown = set(setups) - set(SETUPS)
    if unknown:
        parser.error(f"unknown setups: {', '.join(sorted(unknown))}")
    runs: list[str] = []
    if args.backend in ("sqlite", "both"):
        runs.append("sqlite")
    if args.backend in ("postgres", "both"):
        # The bench's own servers are copies of the shared server's database: make it first.
        if "shared" not in setups and setups:
            runs.append("data")
        runs += setups
    summaries = []
    own = {"default", "tuned", "replica"} & set(runs)
    recopy = args.fresh  # the first of the bench's own servers' setups copies the new data
    try:
        for run in runs:
            setup = "shared" if run == "data" else run
            done = prepare_setup(setup, args.items, recopy and setup in own, args.reboot)
            recopy = recopy and setup not in own
            if done:
                print(f"[{setup}] {done}")
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                subprocess.run(
                    [sys.executable, __file__, "--child", "--setup", setup]
                    + ["--items", str(args.items), "--summary", out.name]
                    + ["--repeats", "0" if run == "data" else str(args.repeats)]
                    + ["--like-repeats", str(args.like_repeats)]
                    + (["--fresh"] if args.fresh and setup in ("sqlite", "shared") else []),
                    check=True,
                )
                text = Path(out.name).read_text()
            if text:
                summaries.append(json.loads(text))
    finally:
        if own and not args.keep_servers:
            import search_pg

            search_pg.remove()
            print("[servers] the bench's own PostgreSQL servers are stopped and removed")
    if summaries:
        print_side_by_side(summaries)
        if args.reboot and own:
            print(
                "(--reboot: the bench's own servers started with their files dropped from the "
                "OS page cache, their first runs read the disk)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
