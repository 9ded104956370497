import CivicCore
import Foundation
import Testing

@testable import CivicWeb

/// The digest text is written by hand around the answers' JSON; it must stay byte for byte what
/// JSONEncoder gave for the whole content, or every earlier response would look like a conflict
/// when replayed.
@Suite struct SubmissionDigestTests {
    /// The content as it was encoded before: one Encodable struct, answers included.
    private struct EncodedContent: Encodable {
        let form: String
        let formVersion: Int
        let language: String
        let unit: Int64?
        let dossierCode: String?
        let channel: String
        let answers: [String: AnswerValue]
    }

    static let cases: [(unit: Int64?, dossierCode: String?, answers: [String: AnswerValue])] = [
        (nil, nil, [:]),
        (42, nil, ["a1": .int(5), "overall": .int(4)]),
        (7, "000.00.12.H40-261127-0042", ["comment": .string("Cán bộ \"nhiệt tình\" / rõ ràng\n\t\u{1}"),
                                          "when": .date(CalendarDate("2026-11-27")!), "ok": .bool(true),
                                          "areas": .strings(["waiting_area", "other"]),
                                          "score": .decimal(Decimal(string: "2.75")!)]),
        (nil, "Hồ sơ \\ số 5 ☃ 😀", ["z": .int(-3), "a": .string("")]),
        (1, "\u{8}\u{C}\t\r\n\u{1F}\u{7F}/", ["a10": .int(1), "a2": .int(2), "B1": .bool(false), "é": .string("e\u{2028}"),
                                                "e": .strings([]), "_x": .strings(["\"", "\\", "\u{0}"]), "a-b": .int(Int.min)]),
    ]

    @Test(arguments: cases.indices)
    func handWrittenTextEqualsTheEncoders(index: Int) throws {
        let (unit, dossierCode, answers) = Self.cases[index]
        let encoder = SubmissionService.encoder
        let answersJSON = String(decoding: try encoder.encode(answers), as: UTF8.self)
        if let handWritten = AnswerValue.sortedJSON(answers) {
            #expect(handWritten == answersJSON)
        }
        let written = SubmissionService.StoredContent(form: "sipas", formVersion: 3, language: "vi", unit: unit,
                                                          dossierCode: dossierCode, channel: "web",
                                                          answersJSON: answersJSON).json
        let encoded = String(decoding: try encoder.encode(EncodedContent(
            form: "sipas", formVersion: 3, language: "vi", unit: unit, dossierCode: dossierCode, channel: "web",
            answers: answers)), as: UTF8.self)
        #expect(written == encoded)
    }
}
