@testable import CivicCore
import CivicStore
import CivicTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The plan report's XLSX workbook as a spreadsheet program reads it: LibreOffice (installed from
/// Debian by scripts/test, `LIBREOFFICE_BIN`) converts every sheet to CSV, and each target's row
/// shows the values of the JSON report in Vietnamese number format.
@Suite(.timeLimit(.minutes(5)))
struct PlanWorkbookTests {
    /// Every sheet of `xlsx` as CSV, by sheet name, as LibreOffice shows the cells (formatted).
    static func convert(_ xlsx: Data) throws -> [String: [[String]]] {
        let binary = try #require(ProcessInfo.processInfo.environment["LIBREOFFICE_BIN"],
                                  "scripts/test installs LibreOffice and sets LIBREOFFICE_BIN")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("plan.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        // Filter options: comma, double quote, UTF-8, from row 1, …, cells as shown, every sheet
        // (-1, LibreOffice 7.2+) to plan-<sheet>.csv. A profile of its own, so runs do not share a lock.
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to",
                             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                             "--outdir", directory.path, input.path]
        // A UTF-8 locale: the CSV files are named after the (Vietnamese) sheets.
        process.environment = ["HOME": directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        var sheets: [String: [[String]]] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.contains { $0.hasSuffix(".csv") }, "LibreOffice wrote \(names.sorted()): \(output)")
        for name in names where name.hasPrefix("plan-") && name.hasSuffix(".csv") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            sheets[String(name.dropFirst(5).dropLast(4))] = try CSVRecords.parse(text).map(\.fields)
        }
        return sheets
    }

    /// A percentage as the workbook's `[$-42A]0.0%` shows it: `92,5%`.
    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f", locale: Locale(identifier: "en_US_POSIX"), fraction * 100).replacingOccurrences(of: ".", with: ",") + "%"
    }

    @Test func theWorkbookOpensInLibreOfficeWithTheReportsValues() async throws {
        try await TestApp.withApp(clock: ClockHand(PlanPagesTests.today).clock) { client, database in
            // setup: the data of PlanPagesTests, and an entered value with its evidence
            try await PlanPagesTests.prepare(client, database)
            var (office, _) = try await StaffFixtures.signIn(client, "office")
            let path = "/staff/plans/\(PlanPagesTests.plan)/2022-Q3"
            let csrf = try #require(BrowserSession.formToken(action: path + "/values",
                                                                 in: String(buffer: try await office.get(client, path).body)))
            let entered = try await office.post(client, path + "/values", fields: [
                ("csrf", csrf), ("target", "reform-initiatives"), ("value", "3"), ("note", "Quyết định 12/QĐ-SVHTT, 3 sáng kiến"),
                ("evidence_url", "https://svhtt.laocai.gov.vn/qd-12-2022.pdf"),
            ])
            #expect(entered.status == .seeOther)

            // act
            let download = try await office.get(client, path + "?format=xlsx")
            let token = try await StaffFixtures.token(database, "dept")
            let json = try await client.execute(uri: "/api/v1/plans/\(PlanPagesTests.plan)/2022-Q3", method: .get,
                                                headers: StaffFixtures.bearer(token))

            // validate
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(download.headers[.contentDisposition] == #"attachment; filename="plan-2022-LC.SVHTT-2022-Q3.xlsx""#)
            let sheets = try Self.convert(Data(buffer: download.body))
            let report = try PlanPagesTests.json(json)
            let areas = report["areas"] as? [[String: Any]] ?? []
            #expect(sheets.count == 7, "one sheet per area: \(sheets.keys.sorted())")
            var checked = 0
            for area in areas {
                let title = ((area["title"] as? [String: String])?["vi"]) ?? ""
                let name = String("\(area["number"] as? String ?? ""). \(title)".prefix(31))
                let rows = try #require(sheets[name], "sheet \(name) among \(sheets.keys.sorted())")
                #expect(rows.first?.first == "Kế hoạch duy trì, cải thiện và nâng cao Chỉ số cải cách hành chính cấp tỉnh (PAR INDEX) của Sở Văn hóa và Thể thao năm 2022")
                #expect(rows.dropFirst().first?.first?.hasPrefix("Đơn vị: ") == true
                        && rows.dropFirst().first?.first?.hasSuffix(" (LC.SVHTT)") == true,
                        "the unit line names the unit and its code: \(rows.dropFirst().first?.first ?? "none")")
                for target in area["targets"] as? [[String: Any]] ?? [] {
                    let id = target["id"] as? String ?? ""
                    let row = try #require(rows.first { $0.first == id }, "\(id) in \(name)")
                    let measure = target["measure"] as? String
                    let goal = target["target"] as? Double ?? -1
                    var value = ""
                    if let figure = target["figure"] as? [String: Any] {
                        value = (figure["rate"] as? Double).map(Self.percent) ?? ""
                        #expect(row[5] == "\(figure["numerator"] as? Int ?? -1)".replacingOccurrences(of: ",", with: "."), "\(id)")
                    } else if let number = target["value"] as? Double {
                        value = measure == "count" ? "\(Int(number))" : measure == "yes_no" ? (number == 1 ? "Có" : "Không")
                            : Self.percent(number / 100)
                    }
                    let expectedGoal = measure == "count" ? "\(Int(goal))" : measure == "yes_no" ? (goal == 1 ? "Có" : "Không")
                        : Self.percent(goal / 100)
                    #expect(row[3] == expectedGoal, "\(id): target \(row[3])")
                    #expect(row[4] == value, "\(id): value \(row[4]), the report says \(value)")
                    checked += 1
                }
            }
            #expect(checked == 45)
            // The entered target with its evidence, and a computed one, by value.
            let direction = try #require(sheets.first { $0.key.hasPrefix("1. Công tác chỉ đạo") }?.value)
            let initiatives = try #require(direction.first { $0.first == "reform-initiatives" })
            #expect(initiatives[4] == "3" && initiatives[9] == "Đạt")
            #expect(initiatives[12] == "Quyết định 12/QĐ-SVHTT, 3 sáng kiến")
            #expect(initiatives[13] == "https://svhtt.laocai.gov.vn/qd-12-2022.pdf")
            let satisfaction = try #require(direction.first { $0.first == "satisfaction" })
            #expect(satisfaction[3] == "90,0%" && satisfaction[4] == "90,0%" && satisfaction[6] == "920")
            #expect(satisfaction[9] == "Chưa kết luận")
        }
    }
}
