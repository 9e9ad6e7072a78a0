"""The January 2022 report of Thái Bình's Sở TT&TT (the project's sample), as structured data."""

from __future__ import annotations

INTRO = (
    "Sở Thông tin và Truyền thông đã triển khai có hiệu quả các nhiệm vụ chính trị, chương "
    "trình công tác đề ra, tiếp tục tham mưu với Ủy ban nhân dân tỉnh quản lý nhà nước về "
    "thông tin và truyền thông trên địa bàn, kết quả đạt được trên các lĩnh vực:"
)

# (section code, item text, continuing)
ITEMS: list[tuple[str, str, bool]] = [
    (
        "CNTT-VT",
        "Trình Ủy ban nhân dân tỉnh phê duyệt Đề án Chuyển đổi số tỉnh Thái Bình đến năm "
        "2025, định hướng 2030.",
        False,
    ),
    (
        "CNTT-VT",
        "Tiếp tục tham mưu triển khai Camera giám sát giao thông trên tuyến QL10 và QL39.",
        True,
    ),
    (
        "CNTT-VT",
        "Tham mưu Quy chế về hoạt động của các hệ thống thông tin, cơ sở dữ liệu của tỉnh; "
        "Quy chế hoạt động của Ban Chỉ đạo Chuyển đổi số tỉnh Thái Bình; Kiện toàn Đội ứng cứu sự "
        "cố an toàn thông tin mạng tỉnh Thái Bình.",
        False,
    ),
    (
        "CNTT-VT",
        "Tổ chức lớp tập huấn, đào tạo trực tuyến hướng dẫn sử dụng hệ thống thông tin báo "
        "cáo trên địa bàn tỉnh.",
        False,
    ),
    ("CNTT-VT", "Đề xuất 04 bài toán để thực hiện chuyển đổi số.", False),
    (
        "CNTT-VT",
        "Triển khai giải pháp đảm bảo an toàn an ninh thông tin của các hệ thống có xử lý "
        "thông tin cá nhân trên địa bàn tỉnh; rà soát lỗ hổng Log4shell.",
        False,
    ),
    (
        "CNTT-VT",
        "Tiếp tục theo dõi, giám sát việc hạ ngầm cáp viễn thông đồng bộ với ngành điện; "
        "Tham gia quy hoạnh tỉnh lĩnh vực công nghệ thông tin, viễn thông.",
        True,
    ),
    (
        "TTBC",
        "Theo dõi thông tin báo chí, kết quả trong tháng các thông tin báo chí đã phản ánh "
        "được toàn diện tình hình chính trị, kinh tế, văn hóa - xã hội của tỉnh (các cơ quan báo "
        "chí Trung ương đã có 773 tin, bài về tỉnh Thái Bình); Ban hành Kế hoạch, Công văn chỉ đạo "
        "tuyên truyền phòng, chống dịch Covid-19; Kế hoạch tuyên truyền Hội thảo quốc tế mô hình "
        "kinh tế nông nghiệp và khu dân cư nông thôn Thái Bình đến năm 2030, tầm nhìn 2045; Tham "
        "mưu tuyên truyền số Tết năm 2022 với Báo đầu tư.",
        False,
    ),
    ("TTBC", "Quản lý, đọc và kiểm tra lưu chiểu 05 tài liệu không kinh doanh (492 trang).", False),
    (
        "TTBC",
        "Ban hành văn bản đề nghị Ủy ban nhân dân các huyện, thành phố chỉ đạo các nội dung "
        "tuyên truyền năm 2022, trọng tâm quý I/2022.",
        False,
    ),
    (
        "TTBC",
        "Xây dựng dự thảo Kế hoạch hoạt động thông tin đối ngoại năm 2022, xin ý kiến các cơ "
        "quan liên quan.",
        False,
    ),
    (
        "TTBC",
        "Tham mưu tăng cường tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu "
        "chính công ích.",
        False,
    ),
    (
        "TTBC",
        "Chỉ đạo các doanh nghiệp thực hiện Chỉ thị số 01/CT-UBND ngày 12/01/2022 của Ủy ban "
        "nhân dân tỉnh về việc tăng cường các biện pháp bảo đảm đón Tết Nguyên đán Nhâm Dần 2022 "
        "vui tươi, lành mạnh, an toàn, tiết kiệm.",
        False,
    ),
    (
        "TTBC",
        "Hướng dẫn các doanh nghiệp bưu chính về việc triển khai Kế hoạch hỗ trợ đưa hộ sản "
        "xuất nông nghiệp lên sàn thương mại điện tử, thúc đẩy phát triển kinh tế số nông nghiệp, "
        "nông thôn trên địa bàn tỉnh Thái Bình.",
        False,
    ),
    (
        "TTRA",
        "Công tác thanh tra, kiểm tra, tiếp dân, giải quyết khiếu nại tố cáo được thực hiện "
        "theo đúng quy định.",
        False,
    ),
    (
        "TTRA",
        "Kiểm tra, xử lý cáp ngoại vi viễn thông, truyền hình trên địa bàn thành phố Thái Bình.",
        False,
    ),
    (
        "TTRA",
        "Kiểm tra điểm cung cấp dịch vụ viễn thông; tổ chức, doanh nghiệp, cá nhân đăng ký sử "
        "dụng với số lượng thuê bao lớn theo chỉ đạo của Bộ Thông tin và Truyền thông.",
        False,
    ),
    ("TTRA", "Trong tháng không có vụ việc khiếu nại tố cáo phát sinh.", False),
    (
        "NVTT",
        "Tiếp tục tham mưu triển khai Camera giám sát giao thông trên tuyến QL10 và QL39",
        True,
    ),
    ("NVTT", "Các giải pháp ứng dụng công nghệ trong phòng, chống dịch covid-19", False),
    (
        "NVTT",
        "Xây dựng kế hoạch phát triển viễn thông, dùng chung cơ sở hạ tầng viễn thông, thu "
        "gom, chỉnh trang cáp viễn thông năm 2022",
        False,
    ),
    ("NVTT", "Tham mưu UBND tỉnh ban hành Kế hoạch thông tin đối ngoại năm 2022", False),
    (
        "NVTT",
        "Văn bản triển khai Quyết định số 37/2021/QĐ-TTg ngày 18/12/2021 của Thủ tướng Chính "
        "phủ về mạng bưu chính phục vụ cơ quan Đảng, Nhà nước",
        False,
    ),
    (
        "NVTT",
        "Chỉ đạo doanh nghiệp triển khai việc hướng dẫn, tiếp nhận, số hóa hồ sơ, trả kết quả "
        "giải quyết TTHC theo Nghị định số 107/2021/NĐ-CP ngày 06/12/2021",
        False,
    ),
]

VALUES: dict[str, tuple[str, str]] = {
    "BAO_CHI_TW": ("773", "Tin, bài của các cơ quan báo chí Trung ương về tỉnh"),
    "LUU_CHIEU_TL": ("5", "Tài liệu không kinh doanh"),
    "LUU_CHIEU_TRANG": ("492", ""),
    "KHIEU_NAI": ("0", "Không có vụ việc phát sinh"),
    "BAI_TOAN_CDS": ("4", ""),
}
