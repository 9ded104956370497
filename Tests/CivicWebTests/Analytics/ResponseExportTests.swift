@testable import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import CivicWeb

/// `GET /api/v1/responses/export`: every row, the form's columns, CSV with a BOM or NDJSON, scope,
/// and an audit entry per export.
@Suite(.timeLimit(.minutes(5)))
struct ResponseExportTests {
    typealias F = AnalyticsWebFixtures

    /// 3,000 responses in LC.SVHTTDL.VP on 2026-02-10 (a few with free text and choices), 10 in LC.STP.
    static func storeMany(_ database: Database) async throws {
        let start = F.instant("2026-02-10T01:00:00Z")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in stride(from: worker, to: 3000, by: 8) {
                        let extra = index % 500 == 0
                            ? #""comment": "=HYPERLINK(\"x\"), có dấu phẩy", "improve_areas": ["procedure", "other"], "improve_other": "Chờ lâu""#
                            : ""
                        try await F.submit(database, unit: "LC.SVHTTDL.VP", value: index % 5 + 1,
                                           at: start.addingTimeInterval(Double(index)), extra: extra)
                    }
                }
            }
            try await group.waitForAll()
        }
        for index in 0..<10 {
            try await F.submit(database, unit: "LC.STP", value: 4, at: start.addingTimeInterval(Double(index)))
        }
    }

    @Test func csvStreamsEveryRowWithOneColumnPerQuestion() async throws {
        try await TestApp.withApp { client, database in
            // setup
            let tokens = try await F.prepare(database)
            try await Self.storeMany(database)

            // act
            let response = try await F.get(client, "/api/v1/responses/export?form=sipas&from=2026-02-01&to=2026-02-28",
                                           token: tokens.analyst)

            // validate
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition]?.contains("responses-sipas-LC.SVHTTDL-2026-02-01-2026-02-28.csv") == true)
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let records = try CSVRecords.parse(String(decoding: bytes, as: UTF8.self)).map(\.fields)
            let questions = F.sipas.questions
            #expect(records.count == 3001, "a header and the 3,000 rows of the analyst's subtree")
            let header = records[0]
            #expect(header.count == questions.count + 7)
            #expect(header.first == "\(questions[0].label["vi"]!) [\(questions[0].id)]")
            #expect(Array(header.suffix(7)) == ["Mã phiếu", "Thời điểm gửi", "Phiên bản biểu mẫu", "Mã đơn vị", "Ngôn ngữ",
                                                "Kênh", "Mã hồ sơ"])
            #expect(records.allSatisfy { $0.count == header.count }, "every row has every column")
            let unitColumn = header.count - 4
            #expect(records.dropFirst().allSatisfy { $0[unitColumn] == "LC.SVHTTDL.VP" })
            #expect(records[1][header.count - 6] == "2026-02-10T08:00:00+07:00", "oldest first, in Vietnam's time")
            let times = records.dropFirst().map { $0[header.count - 6] }
            #expect(times == times.sorted(), "in order across the batches formatted side by side")
            let comment = header.firstIndex { $0.hasSuffix("[comment]") }!
            let areas = header.firstIndex { $0.hasSuffix("[improve_areas]") }!
            let withText = records.dropFirst().first { !$0[comment].isEmpty }
            #expect(withText?[comment] == "'=HYPERLINK(\"x\"), có dấu phẩy", "formula guarded, comma quoted, accents kept")
            #expect(withText?[areas] == "procedure; other")
            #expect(records.dropFirst().map { $0[header.firstIndex { $0.hasSuffix("[a1]") }!] }.allSatisfy { ["1", "2", "3", "4", "5"].contains($0) })

            // Recorded in the audit log with its filters before the first row, then with its row count.
            let entries = try await AuditLog(database: database).recent(limit: 5, logger: TestDatabase.logger)
            let started = try #require(entries.first { $0.action == "responses.export" })
            #expect(started.actorLogin == F.analyst)
            #expect(started.details["unit"] == .string(F.grantUnit))
            #expect(started.details["from"] == .string("2026-02-01"))
            #expect(started.details["rows"] == nil)
            let entry = try #require(entries.first { $0.action == "responses.export_finished" })
            #expect(entry.id > started.id)
            #expect(entry.details["rows"] == .int(3000))
            #expect(entry.details["completed"] == .string("true"))
        }
    }

    @Test func ndjsonHasOneObjectPerLine() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            try await Self.storeMany(database)
            let response = try await F.get(client, "/api/v1/responses/export?form=sipas&period=2026-Q1&format=ndjson&unit=LC",
                                           token: tokens.admin)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-ndjson; charset=utf-8")
            let lines = String(buffer: response.body).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "", "the last line ends too")
            #expect(lines.count - 1 == 3010)
            let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
            #expect(first?["form"] as? String == "sipas")
            #expect(first?["formVersion"] as? Int == F.sipas.version)
            #expect((first?["answers"] as? [String: Any])?["a1"] != nil)
            #expect(first?.keys.sorted() == ["answers", "channel", "dossierCode", "form", "formVersion", "id", "language",
                                             "submittedAt", "unit"])
            for line in lines.dropLast() {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
            }
        }
    }

    @Test func exportsCheckTheirParametersAndScope() async throws {
        try await TestApp.withApp { client, database in
            let tokens = try await F.prepare(database)
            let missing = try await F.get(client, "/api/v1/responses/export", token: tokens.analyst)
            #expect(missing.status == .unprocessableContent)
            #expect(F.json(missing)["parameter"] as? String == "form")
            let version = try await F.get(client, "/api/v1/responses/export?form=sipas&version=99", token: tokens.analyst)
            #expect(version.status == .unprocessableContent)
            #expect(F.json(version)["parameter"] as? String == "version")
            let format = try await F.get(client, "/api/v1/responses/export?form=sipas&format=json", token: tokens.analyst)
            #expect(format.status == .badRequest)
            #expect(try await F.get(client, "/api/v1/responses/export?form=sipas&unit=LC.STP",
                                    token: tokens.analyst).status == .forbidden)
            #expect(try await F.get(client, "/api/v1/responses/export?form=sipas", token: tokens.handler).status == .forbidden)
            // Nothing in the period: the header alone.
            let empty = try await F.get(client, "/api/v1/responses/export?form=sipas&period=2020", token: tokens.analyst)
            #expect(empty.status == .ok)
            let records = try CSVRecords.parse(String(decoding: Array(empty.body.readableBytesView), as: UTF8.self)).map(\.fields)
            #expect(records.count == 1)
        }
    }
}
