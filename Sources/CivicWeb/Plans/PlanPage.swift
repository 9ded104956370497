import CivicCore
import Foundation

/// The plan page (`staff-plan.mustache`): every target of a plan for one period, area by area,
/// with its value, the value to reach, the verdict, the unit responsible and the evidence; a form
/// on each entered target the caller answers for. Printable on A4 (the analytics layout's print
/// rules hide the forms and links). In Vietnamese, like the other staff pages.
struct PlanPage: Sendable {
    enum Text {
        static let title = "Kế hoạch cải cách hành chính"
        static let unit = "Đơn vị"
        static let period = "Kỳ báo cáo"
        static let days = "Số liệu từ"
        static let document = "Văn bản"
        static let periods = "Các kỳ"
        static let summary = "Tổng hợp"
        static let headers = ["Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá", "Bộ phận chủ trì", "Căn cứ, minh chứng"]
        static let responsible = "Bộ phận chủ trì"
        static let supporting = "Phối hợp"
        static let computed = "CivicVoice tính từ số liệu"
        static let entered = "Đơn vị chủ trì nhập"
        static let valueLabel = "Kết quả"
        static let noteLabel = "Ghi chú, căn cứ"
        static let evidenceLabel = "Liên kết minh chứng (không bắt buộc)"
        static let evidenceExpected = "Minh chứng cần có"
        static let submit = "Lưu kết quả"
        static let yes = "Có"
        static let no = "Không"
        static let enteredBy = "nhập bởi"
        static let saved = "Đã lưu kết quả của chỉ tiêu."
        static let jsonLink = "Tải JSON"
        static let xlsxLink = "Tải bảng tính XLSX"
        static let printHint = "In trang này (khổ A4) để gửi báo cáo định kỳ."
        static let method = "Chỉ tiêu tính toán lấy đúng số liệu của báo cáo định kỳ và bảng điều khiển cho đơn vị và kỳ này: "
            + "tỷ lệ hài lòng (khoảng tin cậy 95%), tỷ lệ PAKN được xử lý hoặc kiến nghị xử lý, và thống kê hồ sơ đã nhập. "
            + "\"Chưa kết luận\" khi khoảng tin cậy chứa mục tiêu."

        static func verdict(_ verdict: PlanVerdict) -> String {
            switch verdict {
            case .met: "Đạt"
            case .notMet: "Không đạt"
            case .inconclusive: "Chưa kết luận"
            case .noValue: "Chưa có số liệu"
            }
        }

        static func summary(_ summary: PlanReport.Summary) -> String {
            "\(summary.targets) chỉ tiêu: \(summary.met) đạt, \(summary.notMet) không đạt, "
                + "\(summary.inconclusive) chưa kết luận, \(summary.noValue) chưa có số liệu."
        }
    }

    struct PeriodLink: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    struct Form: Sendable {
        let action: String
        let csrf: String
        let target: String
        let isYesNo: Bool
        let yesChecked: Bool
        let noChecked: Bool
        let value: String
        let note: String
        let evidenceURL: String
        let error: String?
        let valueHint: String
    }

    struct Row: Sendable {
        let id: String
        let text: String
        let textEN: String?
        let target: String
        let value: String
        let basis: String?
        let verdict: String
        let verdictClass: String
        let responsible: String
        let source: String
        let note: String?
        let evidenceURL: String?
        let enteredBy: String?
        let evidenceExpected: String?
        let form: Form?
    }

    struct Area: Sendable {
        let heading: String
        let responsible: String
        let supporting: String
        let rows: [Row]
    }

    let chrome: AnalyticsChrome
    let t: [String: String]
    let headers: [String]
    let heading: String
    let unitName: String
    let period: String
    let days: String
    let document: String?
    let periods: [PeriodLink]
    let summary: String
    let saved: Bool
    let jsonHref: String
    let xlsxHref: String
    let areas: [Area]

    /// - Parameters:
    ///   - forms: for each target the caller may enter, the form's state (what was typed when a
    ///     post was refused, else the current entry).
    init(_ report: PlanReport, chrome: AnalyticsChrome, text: AnalyticsText, periods: [PeriodLink], saved: Bool,
         jsonHref: String, xlsxHref: String, forms: [String: Form]) {
        self.chrome = chrome
        t = ["unit": Text.unit, "period": Text.period, "days": Text.days, "document": Text.document,
             "periods": Text.periods, "summary": Text.summary, "responsible": Text.responsible,
             "supporting": Text.supporting, "value": Text.valueLabel, "note": Text.noteLabel,
             "evidence": Text.evidenceLabel, "submit": Text.submit, "yes": Text.yes, "no": Text.no,
             "saved": Text.saved, "json": Text.jsonLink, "xlsx": Text.xlsxLink, "print_hint": Text.printHint, "method": Text.method,
             "evidence_expected": Text.evidenceExpected]
        headers = Text.headers
        heading = report.plan.title["vi"] ?? Text.title
        unitName = report.plan.unit.code.map { "\(report.plan.unit.name) (\($0))" } ?? report.plan.unit.name
        period = report.period.label
        days = "\(Self.day(report.period.first)) – \(Self.day(report.period.last))"
        document = report.plan.document?["vi"]
        self.periods = periods
        summary = Text.summary(report.summary)
        self.saved = saved
        self.jsonHref = jsonHref
        self.xlsxHref = xlsxHref
        areas = report.areas.map { area in
            Area(heading: "\(area.number). \(area.title["vi"] ?? area.id)", responsible: area.responsible.name,
                 supporting: area.supporting.map(\.name).joined(separator: ", "),
                 rows: area.targets.map { target in
                Row(id: target.id, text: target.text["vi"] ?? target.id, textEN: target.text["en"],
                    target: Self.target(target, text: text), value: Self.value(target, text: text),
                    basis: target.figure.map { Self.basis($0, text: text) },
                    verdict: Text.verdict(target.verdict), verdictClass: Self.verdictClass(target.verdict),
                    responsible: target.responsible.name,
                    source: target.source == PlanValueSource.computed.rawValue ? Text.computed : Text.entered,
                    note: target.entry?.note, evidenceURL: target.entry?.evidenceUrl,
                    enteredBy: target.entry.map { "\(Text.enteredBy) \($0.enteredBy), \(Self.instant($0.enteredAt))" },
                    evidenceExpected: target.evidenceExpected?["vi"], form: forms[target.id])
            })
        }
    }

    static func verdictClass(_ verdict: PlanVerdict) -> String {
        switch verdict {
        case .met: "met"
        case .notMet: "not_met"
        case .inconclusive, .noValue: "no_data"
        }
    }

    /// `≥ 90%`, `≥ 2`, `= Có`.
    static func target(_ target: PlanReport.Target, text: AnalyticsText) -> String {
        let sign = PlanComparison(rawValue: target.comparison)?.symbol ?? target.comparison
        return "\(sign) \(amount(target.target, measure: target.measure, text: text))"
    }

    static func value(_ target: PlanReport.Target, text: AnalyticsText) -> String {
        guard let value = target.value else { return "—" }
        if let figure = target.figure { return text.percent(figure.rate) }
        return amount(value, measure: target.measure, text: text)
    }

    static func amount(_ value: Double, measure: String, text: AnalyticsText) -> String {
        switch PlanMetric.Measure(rawValue: measure) {
        case .yesNo: value == 1 ? Text.yes : Text.no
        case .count: text.count(Int(value))
        default: (value == value.rounded() ? text.decimal(value, digits: 0) : text.decimal(value, digits: 1)) + "%"
        }
    }

    /// `1.160 / 1.180 · KTC 95% 82,1–87,3%`.
    static func basis(_ figure: PlanReport.Figure, text: AnalyticsText) -> String {
        var basis = "\(text.count(figure.numerator)) / \(text.count(figure.denominator))"
        if let interval = figure.ci95 { basis += " · KTC 95% " + text.interval(interval) }
        return basis
    }

    /// `2022-09-30` as `30/09/2022`.
    static func day(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }

    /// An ISO 8601 instant (Vietnam time) as `HH:mm dd/MM/yyyy`.
    static func instant(_ iso: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        return AnalyticsChrome.localTime(date)
    }
}
