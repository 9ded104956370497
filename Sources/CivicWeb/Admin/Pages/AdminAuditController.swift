import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /staff/admin/audit?actor=&action=&object=&from=&to=&before=&format=csv`: the audit log,
/// filtered by actor, action (or an action's prefix, `user.`), object and days, newest first, a
/// page at a time, or as a CSV download of every matching entry (at most 100,000).
struct AdminAuditController: Sendable {
    let audit: AuditLog
    let pages: StaffPageRenderer
    let clock: ServiceClock

    static let pageSize = 50
    static let maximumDownload = 100_000

    struct Row: Sendable {
        let at: String
        let actor: String
        let action: String
        let objectType: String
        let objectID: String
        let details: String
    }

    struct Page: Sendable {
        let chrome: StaffChrome
        let t: [String: String]
        let actor: String
        let action: String
        let object: String
        let from: String
        let to: String
        let rows: [Row]
        let hasRows: Bool
        let error: String?
        let next: String?
        let csv: String
    }

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.auditPage, handler: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let page = pages.page(request, access: access)
        let query = request.uri.queryParameters
        func value(_ name: String) -> String? {
            query.get(name).map(VietnameseText.cleanedInput).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        var filter = AuditLog.Filter()
        filter.actor = value("actor")
        filter.action = value("action")
        filter.object = value("object")
        var problems: [String] = []
        for (name, keyPath) in [("from", \AuditLog.Filter.from), ("to", \AuditLog.Filter.to)] {
            guard let text = value(name) else { continue }
            if let day = CalendarDate(text) { filter[keyPath: keyPath] = day } else {
                problems.append(page.text.format("staff.audit.bad_date", ["field": page("staff.audit.\(name)")]))
            }
        }
        if let text = value("before") {
            if let id = Int64(text), id > 0 { filter.before = id } else { problems.append(page("staff.audit.bad_page")) }
        }
        let format = value("format")
        if let format, format != "csv" { problems.append(page("staff.audit.bad_format")) }
        var parameters: [String: String] = [:]
        for name in ["actor", "action", "object", "from", "to"] { parameters[name] = value(name) }
        if problems.isEmpty, format == "csv" {
            filter.limit = Self.maximumDownload
            let entries = try await audit.search(filter, logger: context.logger)
            var writer = CSVWriter()
            writer.append(["id", "at", "actor", "action", "object_type", "object_id", "details"])
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                writer.append(["\(entry.id)", formatter.string(from: entry.at), entry.actorLogin, entry.action,
                               entry.objectType, entry.objectID ?? "", Self.details(entry.details)])
            }
            try await audit.append("audit.export", objectType: "audit_log", objectID: nil,
                                   details: ["rows": .int(entries.count)], by: access.actor, logger: context.logger)
            return AnalyticsResponse.csv(writer, filename: "audit-\(clock.today()).csv")
        }
        var entries: [AuditLog.Entry] = []
        if problems.isEmpty {
            filter.limit = Self.pageSize + 1
            entries = try await audit.search(filter, logger: context.logger)
        }
        let shown = entries.prefix(Self.pageSize)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CalendarDate.vietnamTimeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let rows = shown.map { entry in
            Row(at: formatter.string(from: entry.at), actor: entry.actorLogin, action: entry.action,
                objectType: entry.objectType, objectID: entry.objectID ?? "", details: Self.details(entry.details))
        }
        var nextParameters = parameters
        nextParameters["before"] = shown.last.map { "\($0.id)" }
        var csvParameters = parameters
        csvParameters["format"] = "csv"
        let model = Page(chrome: page.chrome(page("staff.audit.title")), t: page.text.labels("staff.audit"),
                         actor: parameters["actor"] ?? "", action: parameters["action"] ?? "",
                         object: parameters["object"] ?? "", from: parameters["from"] ?? "", to: parameters["to"] ?? "",
                         rows: rows, hasRows: !rows.isEmpty,
                         error: problems.isEmpty ? nil : problems.joined(separator: " "),
                         next: entries.count > Self.pageSize ? AnalyticsChrome.href("/staff/admin/audit", nextParameters) : nil,
                         csv: AnalyticsChrome.href("/staff/admin/audit", csvParameters))
        return pages.render(model, template: "staff-admin-audit", page: page, status: problems.isEmpty ? .ok : .badRequest)
    }

    /// `key=value; key=value`, keys sorted: ids and counts only (the log holds nothing else).
    static func details(_ details: [String: AuditLog.Value]) -> String {
        details.sorted { $0.key < $1.key }.map { key, value in
            switch value {
            case .string(let text): "\(key)=\(text)"
            case .int(let number): "\(key)=\(number)"
            case .strings(let list): "\(key)=\(list.joined(separator: ","))"
            }
        }.joined(separator: "; ")
    }
}
