import CivicCore
import CivicStore
import Foundation

/// The admin page of dossier statistics (`staff-admin-dossiers.mustache`): an upload form, what
/// the last upload did (rows, units, days, rows replaced, totals) or every problem of a refused
/// file at its line, and the latest imports. In Vietnamese, like the other staff pages.
struct DossierPage: Sendable {
    /// What the last post did.
    enum Outcome: Sendable {
        case imported(DossierStore.ImportSummary)
        case refused(String, FormValidationErrors)
        case missingFile
    }

    struct Problem: Sendable {
        let line: String
        let column: String
        let field: String
        let message: String
    }

    struct Import: Sendable {
        let id: String
        let at: String
        let actor: String
        let file: String
        let format: String
        let rows: String
        let replaced: String
        let days: String
    }

    struct Summary: Sendable {
        let text: String
        let totals: String
    }

    enum Text {
        static let title = "Thống kê hồ sơ thủ tục hành chính"
        static let intro = "Tải lên tệp xuất từ hệ thống một cửa (CSV hoặc XLSX, trang tính đầu tiên): mỗi dòng một đơn vị "
            + "và một ngày hoặc một tháng, có thể theo từng thủ tục. Tệp được nhập toàn bộ hoặc không nhập dòng nào; "
            + "nhập lại một kỳ sẽ thay thế số liệu đã có của các đơn vị trong tệp cho các ngày tệp bao phủ."
        static let columns = "Các cột: unit (mã đơn vị), period (2026-03-15, 15/03/2026, 2026-03 hoặc 03/2026), procedure "
            + "(không bắt buộc), received, resolved, resolved_on_time, resolved_late, apologies_sent, online, "
            + "received_by_post, returned_by_post. Có thể dùng tiêu đề tiếng Việt: Mã đơn vị, Kỳ, Thủ tục, Tiếp nhận, "
            + "Đã giải quyết, Đúng hạn, Trễ hạn, Phiếu xin lỗi, Trực tuyến, Tiếp nhận qua bưu chính, Trả kết quả qua bưu chính."
        static let fileLabel = "Tệp thống kê (.csv hoặc .xlsx)"
        static let submit = "Nhập số liệu"
        static let back = "Quay lại trang thống kê hồ sơ"
        static let importsHeading = "Các lần nhập gần đây"
        static let noImports = "Chưa có lần nhập nào."
        static let problemsHeading = "Tệp không được nhập"
        static let missingFile = "Hãy chọn một tệp để tải lên."
        static let headers = ["Số", "Thời điểm", "Người nhập", "Tệp", "Định dạng", "Số dòng", "Dòng được thay thế", "Các ngày"]
        static let problemHeaders = ["Dòng", "Cột", "Trường", "Vấn đề"]

        static func tooLarge(_ bytes: Int) -> String { "Tệp quá lớn: tối đa \(bytes / 1024 / 1024) MiB." }

        static func refused(_ file: String, _ count: Int) -> String {
            "\(file): \(count) vấn đề; không dòng nào được nhập. Với tệp XLSX, số dòng là số hàng trong Excel."
        }
    }

    let chrome: PageChrome
    let t: [String: String]
    let columnHeaders: [String]
    let problemHeaders: [String]
    let csrf: String
    let imports: [Import]
    let hasImports: Bool
    let summary: Summary?
    let refusal: String?
    let problems: [Problem]
    let hasProblems: Bool

    init(chrome: PageChrome, csrf: String, imports: [DossierStore.ImportRecord], outcome: Outcome?) {
        self.chrome = chrome
        self.csrf = csrf
        t = ["title": Text.title, "intro": Text.intro, "columns": Text.columns, "file": Text.fileLabel,
             "submit": Text.submit, "imports": Text.importsHeading, "no_imports": Text.noImports,
             "problems": Text.problemsHeading]
        columnHeaders = Text.headers
        problemHeaders = Text.problemHeaders
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = CalendarDate.vietnamTimeZone
        self.imports = imports.map { record in
            Import(id: "\(record.id)", at: formatter.string(from: record.importedAt), actor: record.actorLogin,
                   file: record.fileName, format: record.format.uppercased(), rows: "\(record.rows)",
                   replaced: "\(record.replaced)", days: "\(record.firstDay) – \(record.lastDay)")
        }
        hasImports = !imports.isEmpty
        var summary: Summary?
        var refusal: String?
        var problems: [Problem] = []
        switch outcome {
        case .imported(let done)?:
            let total = done.total
            summary = Summary(
                text: "Đã nhập lần \(done.importID): \(done.rows) dòng cho \(done.units) đơn vị, \(done.firstDay) – "
                    + "\(done.lastDay); \(done.replaced) dòng cũ được thay thế.",
                totals: "Tiếp nhận \(total.received), đã giải quyết \(total.resolved) (đúng hạn \(total.resolvedOnTime), "
                    + "trễ hạn \(total.resolvedLate)), phiếu xin lỗi \(total.apologiesSent), trực tuyến \(total.online), "
                    + "bưu chính: tiếp nhận \(total.receivedByPost), trả kết quả \(total.returnedByPost).")
        case .refused(let file, let errors)?:
            refusal = Text.refused(file, errors.issues.count)
            problems = errors.issues.map {
                Problem(line: "\($0.line)", column: "\($0.column)", field: $0.keyPath, message: $0.message)
            }
        case .missingFile?:
            refusal = Text.missingFile
        case nil:
            break
        }
        self.summary = summary
        self.refusal = refusal
        self.problems = problems
        hasProblems = !problems.isEmpty
    }
}
