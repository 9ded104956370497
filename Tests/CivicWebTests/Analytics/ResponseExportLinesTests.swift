@testable import CivicCore
import CivicStore
import Foundation
import Testing
@testable import CivicWeb

/// The export's CSV lines, written as bytes from the stored answers' text: the cells a reader
/// expects, whatever the order of the keys, and the same line as the general reader gives.
struct ResponseExportLinesTests {
    /// An answer of each question's type, as PostgreSQL prints it inside a jsonb object.
    static func answer(_ type: QuestionType, index: Int) -> (json: String, cell: String) {
        switch type {
        case .scale: ("4", "4")
        case .number: ("-2.50", "-2.50")
        case .singleChoice: (#""other""#, "other")
        case .multipleChoice: (#"["procedure", "other"]"#, "procedure; other")
        case .yesNo: ("true", "")   // the writer's word for yes, filled in below
        case .date: (#""2026-02-10""#, "2026-02-10")
        case .text: index % 2 == 0 ? (#""Chờ lâu, rất lâu""#, "Chờ lâu, rất lâu") : (#""=1+1""#, "'=1+1")
        }
    }

    static func row(_ answers: String, dossier: String? = nil) -> ResponseExportRow {
        ResponseExportRow(id: UUID(uuidString: "0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9")!,
                          submittedAt: ISO8601DateFormatter().date(from: "2026-02-10T01:02:03Z")!, formVersion: 3,
                          unitCode: "LC.STP", language: "vi", channel: "web", dossierCode: dossier, answersJSON: answers)
    }

    @Test(arguments: ["sipas", "dossier-rating"])
    func cellsAreTheAnswersWhateverTheKeysOrder(form: String) throws {
        // setup: every question answered, one key no version lists, one question left null
        let definition = try #require(TestApp.forms.current(form))
        let writer = ResponseExportWriter(definitions: [definition], format: .csv, language: "vi", ui: TestApp.forms.catalog.ui)
        var members: [(key: String, json: String)] = [("zz_not_a_question", "1")]
        var cells: [String] = []
        for (index, column) in writer.columns.enumerated() {
            let answer = Self.answer(column.type, index: index)
            let isLast = index == writer.columns.count - 1
            members.append((column.id, isLast ? "null" : answer.json))
            cells.append(isLast ? "" : column.type == .yesNo ? writer.yes : answer.cell)
        }
        func object(_ members: [(key: String, json: String)]) -> String {
            "{" + members.map { "\"\($0.key)\": \($0.json)" }.joined(separator: ", ") + "}"
        }
        // jsonb's order (shorter keys first), as the stored text comes; and the reverse.
        let jsonbOrder = members.sorted {
            $0.key.utf8.count != $1.key.utf8.count ? $0.key.utf8.count < $1.key.utf8.count : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
        }
        // An escape anywhere sends the row to the general reader (JSONSerialization).
        let escaped = jsonbOrder + [("zz_escaped", #""say \"hi\"""#)]

        // act
        let fast = writer.lines([Self.row(object(jsonbOrder))])
        let reversed = writer.lines([Self.row(object(jsonbOrder.reversed()))])
        let general = writer.lines([Self.row(object(escaped), dossier: "=cmd")])

        // validate
        let text = String(decoding: fast, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        let fields = try #require(try CSVRecords.parse(text).map(\.fields).first)
        #expect(Array(fields.prefix(cells.count)) == cells)
        #expect(Array(fields.suffix(7)) == ["0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9", "2026-02-10T08:02:03+07:00", "3",
                                            "LC.STP", "vi", "web", ""])
        #expect(reversed == fast)
        let generalText = String(decoding: general, as: UTF8.self)
        #expect(generalText == text.replacingOccurrences(of: ",\r\n", with: ",'=cmd\r\n"), "the general reader's cells are the same")
    }

    @Test func batchesAreTheirLinesInOrder() {
        let writer = ResponseExportWriter(definitions: [TestApp.forms.current("sipas")!], format: .csv, language: "en",
                                          ui: TestApp.forms.catalog.ui)
        let rows = (1...5).map { Self.row(#"{"a1": \#($0)}"#) }
        #expect(writer.lines(rows) == rows.flatMap { writer.lines([$0]) })
    }
}
