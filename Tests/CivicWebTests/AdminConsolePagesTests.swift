import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import CivicWeb

/// The admin console's units, targets, audit log, translations and personal-data pages (issue 12).
@Suite(.timeLimit(.minutes(3)))
struct AdminConsolePagesTests {
    static func signedInAdmin(_ client: some TestClientProtocol, _ database: Database) async throws -> BrowserSession {
        try await SampleUnits.importInto(database)
        try await StaffFixtures.addUser(database, "quantri", role: .admin)
        return try await StaffFixtures.signIn(client, "quantri").0
    }

    static let register = """
        units:
          - code: LC.SXD
            parent: LC
            kind: department
            names: {vi: Sở Xây dựng}
            effective_from: 2008-01-01
          - code: LC.STP
            parent: LC
            kind: department
            names: {vi: Sở Tư pháp tỉnh Lào Cai}
            effective_from: 2004-01-01
        """

    @Test func aRegisterIsPreviewedWithItsChangesThenAppliedAllOrNothing() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await Self.signedInAdmin(client, database)
            let tree = String(buffer: try await admin.get(client, "/staff/admin/units").body)
            #expect(tree.contains("Sở Tư pháp") && tree.contains("YB"), "the tree with past units")
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/units/preview", in: tree))

            // act: the preview changes nothing
            let preview = try await admin.postMultipart(client, "/staff/admin/units/preview", fields: [("csrf", token)],
                                                        files: [("register", "units.yaml", Array(Self.register.utf8))])
            let html = String(buffer: preview.body)
            #expect(preview.status == .ok)
            #expect(html.contains("tạo mới 1, cập nhật 1"), "one created, one updated")
            #expect(html.contains("LC.SXD") && html.contains("LC.STP"))
            #expect(try await UnitStore(database: database).unit(code: "LC.SXD", logger: TestDatabase.logger) == nil,
                    "nothing applied by the preview")

            // confirm: applied and audited
            let confirm = try #require(BrowserSession.formToken(action: "/staff/admin/units/import", in: html))
            let contents = try #require(BrowserSession.hiddenField("contents", in: html))
            let applied = try await admin.post(client, "/staff/admin/units/import",
                                               fields: [("csrf", confirm), ("file", "units.yaml"), ("contents", contents)])
            #expect(applied.status == .seeOther)
            #expect(try await UnitStore(database: database).unit(code: "LC.SXD", logger: TestDatabase.logger) != nil)
            #expect(try await AuditLog(database: database).recent(limit: 5, logger: TestDatabase.logger)
                .contains { $0.action == "units.import" && $0.actorLogin == "quantri" })

            // a broken file: every problem at its line, nothing changed
            let broken = "units:\n  - code: LC.MOI\n    parent: NOWHERE\n    kind: department\n    names: {vi: Mới}\n    effective_from: 2020-01-01\n"
            let again = try #require(BrowserSession.formToken(action: "/staff/admin/units/preview",
                                                               in: String(buffer: try await admin.get(client, "/staff/admin/units").body)))
            let refused = try await admin.postMultipart(client, "/staff/admin/units/preview", fields: [("csrf", again)],
                                                        files: [("register", "bad.yaml", Array(broken.utf8))])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("bad.yaml:2:5: units[0].parent: unknown parent"))
            #expect(!String(buffer: refused.body).contains("action=\"/staff/admin/units/import\""), "no confirmation")
            // a forged token on the upload
            let forged = try await admin.postMultipart(client, "/staff/admin/units/preview", fields: [("csrf", "forged")],
                                                       files: [("register", "units.yaml", Array(Self.register.utf8))])
            #expect(forged.status == .forbidden)
        }
    }

    @Test func targetsShowInheritanceAndChangesAreAudited() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await Self.signedInAdmin(client, database)
            let page = String(buffer: try await admin.get(client, "/staff/admin/targets").body)
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/targets", in: page))
            #expect(page.contains("name=\"from\" value=\"\(YearMonth(ServiceClock.system.today()))\""), "this month proposed")
            let set = try await admin.post(client, "/staff/admin/targets",
                                           fields: [("csrf", token), ("unit", "LC.SVHTTDL"), ("form", ""), ("from", "2026-01"),
                                                    ("target", "92,5"), ("action", "set")])
            #expect(set.status == .seeOther)
            let after = String(buffer: try await admin.get(client, "/staff/admin/targets").body)
            #expect(after.contains("92.5% (đặt tại đơn vị, từ 2026-01)"))
            #expect(after.contains("92.5% (kế thừa từ LC.SVHTTDL, từ 2026-01)"), "a child unit inherits")
            #expect(after.contains("90.0% (mặc định của hệ thống)"))
            #expect(try await AnalyticsStore(database: database).target(unitCode: "LC.SVHTTDL.QLVH", formID: "sipas",
                                                                        on: CalendarDate("2026-03-31")!,
                                                                        logger: TestDatabase.logger) == 0.925)
            // A period that ended before the setting's month keeps the target of its time.
            let past = String(buffer: try await admin.get(client, "/staff/admin/targets?period=2025").body)
            #expect(!past.contains("92.5% (") && past.contains("<option value=\"2025\" selected>"))
            // From July LC.SVHTTDL ends its own target: it and its units are back to the built-in 90%.
            let inherit = try await admin.post(client, "/staff/admin/targets",
                                               fields: [("csrf", token), ("unit", "LC.SVHTTDL"), ("form", ""),
                                                        ("from", "2026-07"), ("target", ""), ("action", "inherit")])
            #expect(inherit.status == .seeOther)
            let h1 = String(buffer: try await admin.get(client, "/staff/admin/targets?period=2026-H1").body)
            let q3 = String(buffer: try await admin.get(client, "/staff/admin/targets?period=2026-Q3").body)
            #expect(h1.contains("92.5% (đặt tại đơn vị, từ 2026-01)") && !q3.contains("92.5% ("))
            #expect(q3.contains("kế thừa (hết chỉ tiêu riêng)"), "the settings table says what July does")
            // Bad input: a clear 4xx page, nothing stored.
            for fields in [[("target", "120"), ("from", "2026-01")], [("target", "90"), ("from", "2026-13")],
                           [("target", "90"), ("from", "")], [("target", "90"), ("from", "tháng 7")]] {
                let bad = try await admin.post(client, "/staff/admin/targets",
                                               fields: [("csrf", token), ("unit", ""), ("form", ""), ("action", "set")] + fields)
                #expect(bad.status == .unprocessableContent, "\(fields)")
            }
            #expect(try await admin.get(client, "/staff/admin/targets?period=2026-Q9").status == .badRequest)
            // Removing a setting (a mistake) names its month.
            let clearToken = try #require(BrowserSession.formToken(action: "/staff/admin/targets/clear", in: after))
            #expect(try await admin.post(client, "/staff/admin/targets/clear",
                                         fields: [("csrf", clearToken), ("unit", "LC.SVHTTDL"), ("form", ""),
                                                  ("from", "2026-07")]).status == .seeOther)
            let settings = try await AnalyticsStore(database: database).targetSettings(logger: TestDatabase.logger)
            #expect(settings.map(\.effectiveFrom) == [YearMonth("2026-01")])
            let log = try await AuditLog(database: database).recent(limit: 10, logger: TestDatabase.logger)
            let changes = log.filter { $0.action == "targets.set" }
            #expect(changes.count == 3)
            #expect(changes.map(\.objectID).contains("LC.SVHTTDL/*/2026-07"))
        }
    }

    @Test func theAuditLogFiltersPagesAndDownloads() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await Self.signedInAdmin(client, database)
            for login in (1...55).map({ "nguoi\($0)" }) {
                try await StaffFixtures.addUser(database, login, role: .analyst, unit: "LC.STP")
            }
            let first = String(buffer: try await admin.get(client, "/staff/admin/audit?action=user.create").body)
            #expect(first.contains("nguoi55") && !first.contains(">units.import<"))
            let next = try #require(first.range(of: "href=\"/staff/admin/audit?action=user.create&amp;before=")).upperBound
            let id = String(first[next...].prefix { $0.isNumber })
            let second = String(buffer: try await admin.get(client, "/staff/admin/audit?action=user.create&before=\(id)").body)
            #expect(second.contains("nguoi1<") || second.contains("nguoi1 "), "the oldest on the next page")
            let prefix = String(buffer: try await admin.get(client, "/staff/admin/audit?action=units.&actor=cli:test").body)
            #expect(prefix.contains("units.import"))
            let csv = try await admin.get(client, "/staff/admin/audit?action=user.&format=csv")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: csv.body).components(separatedBy: "\r\n").filter { $0.contains("user.create") }.count == 56)
            #expect(try await admin.get(client, "/staff/admin/audit?from=yesterday").status == .badRequest)
            #expect(try await AuditLog(database: database).recent(limit: 1, logger: TestDatabase.logger).first?.action
                == "audit.export")
        }
    }

    @Test func translationCoverageListsEachUntranslatedString() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await Self.signedInAdmin(client, database)
            let html = String(buffer: try await admin.get(client, "/staff/admin/translations").body)
            let missing = try TranslationSet.make(catalog: TestApp.forms.catalog, target: "sipas", language: "hmn").units
                .filter { $0.status == .missing }
            #expect(!missing.isEmpty, "the Hmong draft leaves strings untranslated")
            for string in missing.prefix(5) {
                #expect(html.contains(string.source.replacingOccurrences(of: "\"", with: "&quot;")), "\(string.source) listed")
            }
            #expect(html.contains("id=\"strings-sipas-hmn\""))
        }
    }

    @Test func aPersonalDataRequestIsFoundExportedAndErasedWithItsDatesAudited() async throws {
        try await TestApp.withApp { client, database in
            var admin = try await Self.signedInAdmin(client, database)
            let item = try await FeedbackFixtures.createItem(client, unit: "LC.STP", attachment: "anh.png",
                                                             contact: #"{"email": "Lan.Tran@Example.vn", "name": "Trần Lan"}"#)
            let form = String(buffer: try await admin.get(client, "/staff/admin/privacy").body)
            let token = try #require(BrowserSession.formToken(action: "/staff/admin/privacy/search", in: form))
            let request = [("kind", "email"), ("value", "lan.tran@example.vn"), ("receivedOn", "2026-01-02")]
            let found = try await admin.post(client, "/staff/admin/privacy/search", fields: [("csrf", token)] + request)
            let html = String(buffer: found.body)
            #expect(found.status == .ok)
            #expect(html.contains("feedback \(item.uuidString.lowercased())"))
            #expect(html.contains("2026-01-06"), "due two working days after Friday 2 January (weekend skipped)")

            let exportToken = try #require(BrowserSession.formToken(action: "/staff/admin/privacy/export", in: html))
            let export = try await admin.post(client, "/staff/admin/privacy/export", fields: [("csrf", exportToken)] + request)
            #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: export.body)) as? [String: Any]
            let contacts = json?["contacts"] as? [[String: Any]]
            let items = json?["items"] as? [[String: Any]]
            #expect(contacts?.first?["name"] as? String == "Trần Lan")
            let exported = try #require((items?.first?["attachments"] as? [[String: Any]])?.first)
            #expect(exported["fileName"] as? String == "anh.png")
            #expect((exported["contentBase64"] as? String).flatMap { Data(base64Encoded: $0) } == Data(FeedbackFixtures.png),
                    "the sealed file is opened for the data subject")
            let attachment = try #require(try await FeedbackFixtures.attachmentIDs(database, item: item).first)

            let eraseToken = try #require(BrowserSession.formToken(action: "/staff/admin/privacy/erase", in: html))
            let unconfirmed = try await admin.post(client, "/staff/admin/privacy/erase", fields: [("csrf", eraseToken)] + request)
            #expect(unconfirmed.status == .unprocessableContent, "not without the confirmation")
            let erased = try await admin.post(client, "/staff/admin/privacy/erase",
                                              fields: [("csrf", eraseToken), ("confirm", "yes")] + request)
            #expect(erased.status == .seeOther)
            let again = try await admin.post(client, "/staff/admin/privacy/search", fields: [("csrf", token)] + request)
            #expect(!String(buffer: again.body).contains(item.uuidString.lowercased()), "nothing found once erased")
            // The attachments of the person's items go with their contact details (security's store operation).
            let files = try await database.query("""
                SELECT erased_at IS NOT NULL, ciphertext IS NULL AND content IS NULL
                FROM feedback_attachments
                WHERE item_id = \(item)
                """, logger: TestDatabase.logger) { try $0.decode((Bool, Bool).self) }
            #expect(files.count == 1 && files.allSatisfy { $0.0 && $0.1 }, "\(files)")

            let log = try await AuditLog(database: database).recent(limit: 10, logger: TestDatabase.logger)
            for action in ["privacy.request", "privacy.export", "privacy.erase"] {
                let entry = try #require(log.first { $0.action == action }, "\(action) audited")
                #expect(entry.details["received_on"] == .string("2026-01-02"))
                #expect(entry.details["due_on"] == .string("2026-01-06"))
            }
            let id = AuditLog.Value.strings([attachment.uuidString.lowercased()])
            #expect(log.first { $0.action == "privacy.export" }?.details["attachments"] == id, "the export names the file")
            #expect(log.first { $0.action == "privacy.erase" }?.details["attachments"] == id, "the erasure names the file")
            let text = log.map { "\($0.details)" }.joined()
            #expect(!text.lowercased().contains("lan.tran"), "the email itself is never audited")
        }
    }
}
