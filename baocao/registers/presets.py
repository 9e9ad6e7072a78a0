"""The registers a Sở keeps, ready to create in one click from the register designer.

Each preset is a register design (the same dict as a design document's ``register``): its
name, categories, quantity title and columns, in Vietnamese.
"""

from __future__ import annotations

from typing import Any

PRESETS: dict[str, dict[str, Any]] = {
    "DON-THU": {
        "code": "DON-THU",
        "name": "Sổ tiếp nhận, xử lý đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh",
        "description": "Đơn thư gửi đến Sở và các buổi tiếp công dân, theo Luật Khiếu nại, "
        "Luật Tố cáo và Luật Tiếp công dân.",
        "categories": ["Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh"],
        "quantity_label": "",
        "columns": [
            {"code": "nguoi_gui", "label": "Người gửi, địa chỉ", "type": "text"},
            {
                "code": "tham_quyen",
                "label": "Thẩm quyền",
                "type": "choice",
                "options": ["Thuộc thẩm quyền", "Không thuộc thẩm quyền"],
                "required": True,
            },
            {
                "code": "xu_ly",
                "label": "Hướng xử lý",
                "type": "choice",
                "options": ["Thụ lý giải quyết", "Chuyển đơn", "Hướng dẫn", "Lưu đơn"],
            },
            {
                "code": "ket_qua",
                "label": "Kết quả",
                "type": "choice",
                "options": ["Đang giải quyết", "Đúng", "Đúng một phần", "Sai", "Đã trả lời"],
            },
            {"code": "tiep_cong_dan", "label": "Qua tiếp công dân", "type": "yesno"},
            {"code": "so_nguoi", "label": "Số lượt người", "type": "number"},
        ],
    },
    "THANH-TRA": {
        "code": "THANH-TRA",
        "name": "Sổ theo dõi thanh tra, kiểm tra",
        "description": "Các cuộc thanh tra, kiểm tra chuyên ngành thông tin và truyền thông.",
        "categories": ["Thanh tra", "Kiểm tra"],
        "quantity_label": "",
        "columns": [
            {"code": "so_quyet_dinh", "label": "Số quyết định", "type": "text", "required": True},
            {"code": "doi_tuong", "label": "Đối tượng", "type": "text", "required": True},
            {"code": "vi_pham", "label": "Có vi phạm", "type": "yesno"},
            {"code": "hanh_vi", "label": "Hành vi vi phạm", "type": "text"},
            {"code": "so_tien_phat", "label": "Số tiền phạt (đồng)", "type": "number"},
        ],
    },
    "LUU-CHIEU": {
        "code": "LUU-CHIEU",
        "name": "Sổ theo dõi xuất bản phẩm nộp lưu chiểu",
        "description": "Xuất bản phẩm nộp lưu chiểu tại Sở, đã đọc và kiểm tra.",
        "categories": ["Không kinh doanh", "Kinh doanh"],
        "quantity_label": "Số trang",
        "columns": [
            {"code": "giay_phep", "label": "Giấy phép xuất bản", "type": "text", "required": True},
            {"code": "so_luong_in", "label": "Số lượng in (bản)", "type": "number"},
            {
                "code": "ket_qua_doc",
                "label": "Kết quả đọc",
                "type": "choice",
                "options": ["Không vi phạm", "Có sai sót", "Vi phạm"],
            },
        ],
    },
    "GIAY-PHEP": {
        "code": "GIAY-PHEP",
        "name": "Sổ theo dõi cấp giấy phép",
        "description": "Giấy phép, giấy xác nhận do Sở cấp, cấp lại, sửa đổi, thu hồi.",
        "categories": ["Cấp mới", "Cấp lại", "Sửa đổi, bổ sung", "Thu hồi"],
        "quantity_label": "",
        "columns": [
            {
                "code": "loai_giay_phep",
                "label": "Loại giấy phép",
                "type": "choice",
                "options": [
                    "Xuất bản bản tin",
                    "Hoạt động in",
                    "Trang thông tin điện tử tổng hợp",
                    "Triển lãm, hội chợ xuất bản phẩm",
                    "Khác",
                ],
                "required": True,
            },
            {"code": "to_chuc", "label": "Tổ chức được cấp", "type": "text", "required": True},
            {"code": "hieu_luc_den", "label": "Hiệu lực đến", "type": "date"},
        ],
    },
    "SU-CO-ATTT": {
        "code": "SU-CO-ATTT",
        "name": "Sổ theo dõi sự cố an toàn thông tin mạng",
        "description": "Sự cố an toàn thông tin mạng được phát hiện, tiếp nhận và xử lý.",
        "categories": [
            "Mã độc",
            "Tấn công từ chối dịch vụ",
            "Thay đổi giao diện",
            "Lừa đảo",
            "Khác",
        ],
        "quantity_label": "",
        "columns": [
            {
                "code": "he_thong",
                "label": "Hệ thống bị ảnh hưởng",
                "type": "text",
                "required": True,
            },
            {
                "code": "muc_do",
                "label": "Mức độ",
                "type": "choice",
                "options": ["Thấp", "Trung bình", "Cao", "Nghiêm trọng"],
                "required": True,
            },
            {"code": "da_khac_phuc", "label": "Đã khắc phục", "type": "yesno"},
            {"code": "ngay_khac_phuc", "label": "Ngày khắc phục", "type": "date"},
        ],
    },
}
