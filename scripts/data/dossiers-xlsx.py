#!/usr/bin/env python3
"""Writes the XLSX twins of the dossier statistics samples with openpyxl, an XLSX writer
independent of CivicVoice's reader (`pip install openpyxl`; not needed to build or test):

  scripts/data/dossiers-lao-cai-2026-q1.xlsx   the CSV sample as an office would export it:
      Vietnamese headers, the month as an Excel date formatted mm/yyyy, numbers as numbers
  Tests/CivicCoreTests/Dossiers/dossiers-errors.xlsx   rows with mistakes at known sheet rows
"""
import csv, datetime, pathlib, openpyxl

root = pathlib.Path(__file__).resolve().parents[2]
headers = ["Mã đơn vị", "Kỳ", "Thủ tục", "Tiếp nhận", "Đã giải quyết", "Đúng hạn", "Trễ hạn",
           "Phiếu xin lỗi", "Trực tuyến", "Tiếp nhận qua bưu chính", "Trả kết quả qua bưu chính"]

book = openpyxl.Workbook()
ws = book.active
ws.title = "Hồ sơ"
ws.append(headers)
with open(root / "scripts/data/dossiers-lao-cai-2026-q1.csv", newline="", encoding="utf-8") as f:
    for row in list(csv.reader(f))[1:]:
        year, month = map(int, row[1].split("-"))
        ws.append([row[0], datetime.date(year, month, 1), row[2] or None] + [int(v) for v in row[3:]])
        ws.cell(row=ws.max_row, column=2).number_format = "mm/yyyy"
book.save(root / "scripts/data/dossiers-lao-cai-2026-q1.xlsx")

book = openpyxl.Workbook()
ws = book.active
ws.append(headers)                                                      # row 1
ws.append(["LC.SNV", datetime.date(2026, 3, 2), None, 5, 4, 3, 1, 1, 2, 1, 0])   # row 2: fine, a day
ws.cell(row=2, column=2).number_format = "dd/mm/yyyy"
ws.append(["LC.STP", "03/2026", None, 10, 9, 7, 1, 1, 3, 2, 1])         # row 3: 7 + 1 != 9
ws.append([])                                                           # row 4: blank, skipped
ws.append(["LC.STP", "2026-04", None, 10, 9, 8, 1, 2, 3, 2, 1])         # row 5: apologies 2 > late 1
ws.append(["LC.SNV", "2026-03", None, 5, "năm", 3, 1, 1, 2, 1, 0])      # row 6: not a number; overlaps row 2
book.save(root / "Tests/CivicCoreTests/Dossiers/dossiers-errors.xlsx")
