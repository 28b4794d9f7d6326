"""Usage errors and the one place where errors become exit codes (the edge of the program).

    0  every unit passes or is out of scope        2  invalid input, invalid criteria, wrong usage
    1  some unit fails or lacks data                3  an internal error (a bug: please report it)
    130 interrupted (Ctrl-C); 143 / 129 terminated (SIGTERM / SIGHUP)

A command returns 0/1/2 or raises: InputError (its located problems are printed), UsageError
(its message is printed), and anything else is an internal error.
"""

from __future__ import annotations

from typing import Any

from antt_cli.words import Words

WORDS = Words({
    "output-folder": ("-o {target}: đây là thư mục, cần một tên tệp", "-o {target}: this is a folder; give a file name"),
    "output-denied": ("-o {target}: không có quyền ghi", "-o {target}: no permission to write"),
    "output-no-folder": ("-o {target}: thư mục {folder} không tồn tại", "-o {target}: folder {folder} does not exist"),
    "output-folder-denied": ("-o {target}: không có quyền ghi vào {folder}", "-o {target}: no permission to write in {folder}"),
    "output-format": ("-o {target}: không biết định dạng; dùng ĐỊNH_DẠNG=TỆP hoặc --format ({choices})",
                      "-o {target}: cannot tell the format; use FORMAT=FILE or --format ({choices})"),
    "output-unknown-format": ("-o {target}: định dạng '{fmt}' không có; chọn: {choices}",
                              "-o {target}: no format '{fmt}'; choose: {choices}"),
    "output-stdout-twice": ("-o: chỉ một đầu ra có thể là stdout", "-o: only one output can be stdout"),
    "output-twice": ("-o {target}: tệp này đã được chỉ định ở một -o khác", "-o {target}: this file is named by another -o"),
    "output-is-input": ("-o {target}: đây là tệp đầu vào; báo cáo không bao giờ ghi đè dữ liệu vào",
                        "-o {target}: this is an input file; a report never overwrites its input"),
    "output-in-input": ("-o {target}: nằm trong thư mục đầu vào {folder}; hãy ghi báo cáo ra ngoài thư mục đang được đọc",
                        "-o {target}: lies inside the input folder {folder}; write reports outside the folder being read"),
    "folder-format": ("--format {fmt} ghi vào một thư mục: dùng -o THƯ_MỤC/", "--format {fmt} writes into a folder: use -o FOLDER/"),
    "output-not-folder": ("-o {target}: đây là tệp, cần một thư mục cho hồ sơ", "-o {target}: this is a file; a dossier needs a folder"),
    "unknown-document": ("--document {kind}: không có văn bản này; chọn: {choices}",
                         "--document {kind}: no such document; choose: {choices}"),
    "templates-missing": ("--templates {folder}: thư mục không tồn tại", "--templates {folder}: no such folder"),
    "new-one-type": ("antt new: --format {fmt} cần đúng một loại đơn vị (TYPE); bảng tính cả xã, mọi loại đơn vị: "
                     "antt new -o xa.xlsx", "antt new: --format {fmt} needs exactly one unit type (TYPE); a workbook for a "
                     "whole commune, every unit type: antt new -o commune.xlsx"),
    "no-terminal": ("{fmt} không ghi ra màn hình; dùng -o TỆP{ext}", "{fmt} is not written to a terminal; use -o FILE{ext}"),
    "format-not-here": ("--format {fmt}: không dùng được cho lệnh này; chọn: {choices}",
                        "--format {fmt}: not available for this command; choose: {choices}"),
    "bad-date": ("'{value}': cần một ngày dạng YYYY-MM-DD", "'{value}': expected a date YYYY-MM-DD"),
    "write-failed": ("không ghi được {target}: {detail}", "cannot write {target}: {detail}"),
    "write-denied": ("không ghi được {target}: {detail} — tệp có đang mở trong Excel không? Đóng tệp rồi chạy lại",
                     "cannot write {target}: {detail} — is the file open in Excel? Close it and run again"),
    "internal-error": ("lỗi nội bộ của antt: {detail}{where}. Hãy báo lỗi; đặt ANTT_DEBUG=1 để xem chi tiết.",
                       "internal error in antt: {detail}{where}. Please report it; set ANTT_DEBUG=1 for details."),
    "interrupted": ("đã dừng ({how}); không có báo cáo nào được ghi dở", "stopped ({how}); no report was left half-written"),
    "criteria-used": ("Bộ tiêu chí: {where} ({rulesets})", "Criteria: {where} ({rulesets})"),
    "bundled": ("bộ tiêu chí kèm theo", "the bundled criteria"),
    "jobs-used": ("Số tiến trình đánh giá: {n}", "Worker processes: {n}"),
    "jobs-one": ("Số tiến trình đánh giá: 1 (ít đầu vào: không cần thêm tiến trình)",
                 "Worker processes: 1 (few inputs: more would cost more than they save)"),
})


class UsageError(Exception):
    """The command line asks for something that cannot be done; nothing was started."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return WORDS(self.key, lang, **self.params)


class Stopped(BaseException):
    """SIGTERM or SIGHUP: unwind like Ctrl-C (writers discard their temporary files, workers stop)."""

    def __init__(self, code: int, name: str) -> None:
        super().__init__(name)
        self.code, self.name = code, name
