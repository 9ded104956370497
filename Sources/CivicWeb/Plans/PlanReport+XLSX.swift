import CivicCore
import Foundation

extension PlanReport {
    /// The column headings of every sheet, in Vietnamese.
    static let xlsxHeadings = ["Mã chỉ tiêu", "Chỉ tiêu", "So sánh", "Mục tiêu", "Kết quả", "Tử số", "Mẫu số",
                               "KTC 95% thấp", "KTC 95% cao", "Đánh giá", "Bộ phận chủ trì", "Nguồn số liệu", "Ghi chú",
                               "Minh chứng", "Người nhập", "Thời điểm nhập"]

    /// The report as a workbook for the Department of Home Affairs: one sheet per area, named by its
    /// number and title, with the plan, unit and period above the targets. Percentages are numbers
    /// in a percent format (0,925 shows as 92,5%), counts whole numbers, yes/no targets `Có`/`Không`.
    func workbook() -> XLSXWorkbook {
        let sheets = areas.map { area in
            var rows: [[XLSXWorkbook.Cell]] = [
                [.heading(plan.title["vi"] ?? plan.id)],
                [.text("Đơn vị: \(plan.unit.name)" + (plan.unit.code.map { " (\($0))" } ?? "")), .empty, .empty,
                 .text("Kỳ báo cáo: \(period.label) (\(PlanPage.day(period.first)) – \(PlanPage.day(period.last)))")],
                [.heading("\(area.number). \(area.title["vi"] ?? area.id)"), .empty, .empty,
                 .text("Bộ phận chủ trì: \(area.responsible.name)"
                       + (area.supporting.isEmpty ? "" : "; phối hợp: \(area.supporting.map(\.name).joined(separator: ", "))"))],
                [],
                Self.xlsxHeadings.map { .heading($0) },
            ]
            for target in area.targets {
                rows.append(Self.row(target))
            }
            return XLSXWorkbook.Sheet(name: "\(area.number). \(area.title["vi"] ?? area.id)", rows: rows,
                                      columnWidths: [24, 60, 8, 10, 10, 9, 9, 9, 9, 14, 28, 16, 40, 36, 14, 20])
        }
        return XLSXWorkbook(sheets: sheets)
    }

    static func row(_ target: Target) -> [XLSXWorkbook.Cell] {
        let measure = PlanMetric.Measure(rawValue: target.measure) ?? .percent
        func amount(_ value: Double?) -> XLSXWorkbook.Cell {
            guard let value else { return .empty }
            switch measure {
            case .percent: return .number(value / 100, .percent)
            case .count: return .number(value, .integer)
            case .yesNo: return .text(value == 1 ? PlanPage.Text.yes : PlanPage.Text.no)
            }
        }
        // A computed value is the report's fraction itself, not a percentage turned back.
        let value: XLSXWorkbook.Cell = target.figure.map { figure in figure.rate.map { .number($0, .percent) } ?? .empty }
            ?? amount(target.value)
        let comparison = PlanComparison(rawValue: target.comparison)?.symbol ?? target.comparison
        return [
            .text(target.id), .text(target.text["vi"] ?? target.id), .text(comparison), amount(target.target), value,
            target.figure.map { .number(Double($0.numerator), .integer) } ?? .empty,
            target.figure.map { .number(Double($0.denominator), .integer) } ?? .empty,
            target.figure?.ci95.map { .number($0.low, .percent) } ?? .empty,
            target.figure?.ci95.map { .number($0.high, .percent) } ?? .empty,
            .text(PlanPage.Text.verdict(target.verdict)), .text(target.responsible.name),
            .text(target.source == PlanValueSource.computed.rawValue ? PlanPage.Text.computed : PlanPage.Text.entered),
            target.entry.map { .text($0.note) } ?? .empty, target.entry?.evidenceUrl.map { .text($0) } ?? .empty,
            target.entry.map { .text($0.enteredBy) } ?? .empty,
            target.entry.map { .text(PlanPage.instant($0.enteredAt)) } ?? .empty,
        ]
    }
}
