import Foundation
import Testing
@testable import CivicCore

@Suite struct AnswerValidationTests {
    /// One question of every type, plus show_if chains.
    static let yaml = """
    id: every-type
    version: 2
    kind: survey
    base_language: vi
    languages: {vi: complete}
    title: {vi: Mọi loại câu hỏi}
    scales:
      s5:
        options:
          - {value: 1, label: {vi: Rất không hài lòng}}
          - {value: 2, label: {vi: Không hài lòng}}
          - {value: 3, label: {vi: Bình thường}}
          - {value: 4, label: {vi: Hài lòng}}
          - {value: 5, label: {vi: Rất hài lòng}}
        satisfied: [4, 5]
    sections:
      - id: main
        element: result
        title: {vi: Chính}
        questions:
          - {id: rating, type: scale, scale: s5, required: true, label: {vi: Mức độ hài lòng}}
          - id: why
            type: text
            required: true
            show_if: rating <= 2
            label: {vi: Vì sao?}
          - id: why_more
            type: yes_no
            show_if: answered(why)
            label: {vi: Thêm?}
          - id: single
            type: single_choice
            label: {vi: Một lựa chọn}
            options:
              - {value: a, label: {vi: A}}
              - {value: "1", label: {vi: Một}}
          - id: multi
            type: multiple_choice
            label: {vi: Nhiều lựa chọn}
            options:
              - {value: x, label: {vi: X}}
              - {value: y, label: {vi: Y}}
              - {value: z, label: {vi: Z}}
          - {id: yes, type: yes_no, label: {vi: Có không?}}
          - {id: short, type: text, max_length: 5, label: {vi: Ngắn}}
          - {id: long, type: text, multiline: true, label: {vi: Dài}}
          - {id: amount, type: number, min: 0, max: 10.5, label: {vi: Số}}
          - {id: count, type: number, integer: true, min: 1, label: {vi: Số nguyên}}
          - {id: when, type: date, min: 2025-01-01, max: "2025-12-31", label: {vi: Ngày}}
    """

    private let form: FormDefinition

    init() throws {
        form = try FormDefinition.parse(yaml: Self.yaml, file: "every-type.yaml")
    }

    private func date(_ text: String) -> AnswerValue {
        CalendarDate(text).map(AnswerValue.date) ?? .string(text)
    }

    // MARK: - HTML form fields

    @Test func formFieldsAreParsedPerType() {
        // setup
        let fields: [String: [String]] = [
            "rating": [" 4 "], "single": ["a"], "multi": ["z", "x"], "yes": ["yes"], "short": ["abc"],
            "amount": ["3,5"], "count": ["2"], "when": ["2025-03-01"], "csrf": ["token"], "long": [""],
        ]
        // act
        let (answers, errors) = form.answers(fromFormFields: fields)
        // validate
        #expect(errors == [])
        #expect(answers == [
            "rating": .int(4), "single": .string("a"), "multi": .strings(["z", "x"]), "yes": .bool(true),
            "short": .string("abc"), "amount": .decimal(Decimal(string: "3.5") ?? 0), "count": .int(2),
            "when": date("2025-03-01"),
        ])
    }

    @Test func unreadableFormFieldsGetOnePreciseError() {
        let fields: [String: [String]] = [
            "rating": ["four"], "amount": ["1.000,5"], "when": ["2025-02-30"], "yes": ["maybe"], "single": ["a", "1"],
        ]
        let (answers, errors) = form.answers(fromFormFields: fields)
        #expect(answers == [:])
        #expect(errors == [
            AnswerError(questionID: "rating", code: .notANumber),
            AnswerError(questionID: "single", code: .wrongType),
            AnswerError(questionID: "yes", code: .wrongType),
            AnswerError(questionID: "amount", code: .notANumber),
            AnswerError(questionID: "when", code: .invalidDate),
        ])
    }

    @Test func validateFormFieldsDoesNotAddRequiredToAnUnreadableField() {
        let result = form.validate(formFields: ["rating": ["abc"], "why": ["Chậm"]])
        // `why` depends on `rating`, which could not be read: kept, and not required either way.
        #expect(result.errors == [AnswerError(questionID: "rating", code: .notANumber)])
        #expect(result.answers == ["why": .string("Chậm")])
        #expect(!result.isValid)
        #expect(result.errors(for: "rating").count == 1)
    }

    @Test func readErrorsAreMergedOnceInQuestionOrder() {
        // setup: a required field that could not be read, and a hidden one that could not either
        let (answers, readErrors) = form.answers(fromFormFields: ["rating": ["x"], "amount": ["?"], "single": ["b"]])
        // act
        let result = form.validate(answers: answers, readErrors: readErrors)
        // validate: no extra `required` for rating, and the read error sits in question order
        #expect(result.errors == [
            AnswerError(questionID: "rating", code: .notANumber),
            AnswerError(questionID: "single", code: .unknownOption, parameters: ["value": "b"]),
            AnswerError(questionID: "amount", code: .notANumber),
        ])
        #expect(form.validate(formFields: ["rating": ["x"], "amount": ["?"], "single": ["b"]]) == result)
    }

    // MARK: - Validation per type

    @Test func textIsNFCTrimmedAndMeasuredInCharacters() {
        // setup: decomposed input, as macOS or a pasted Word text sends it
        let decomposed = "  Ha\u{0300} No\u{0302}\u{0323}i\r\n "
        // act
        let result = form.validate(answers: ["rating": .int(5), "long": .string(decomposed), "short": .string("Nội  ")])
        // validate
        #expect(result.errors == [])
        #expect(result.answers["long"] == .string("Hà Nội"))
        #expect(result.answers["long"].flatMap { if case .string(let s) = $0 { s.unicodeScalars.count } else { nil } } == 6)
        #expect(result.answers["short"] == .string("Nội"))
    }

    @Test func textLimits() {
        let result = form.validate(answers: [
            "rating": .int(5),
            "short": .string("Hà Nội"),
            "long": .string("dòng 1\r\ndòng 2\u{0007}"),
        ])
        #expect(result.errors == [
            AnswerError(questionID: "short", code: .tooLong, parameters: ["maxLength": "5", "length": "6"]),
            AnswerError(questionID: "long", code: .controlCharacters),
        ])
        let ok = form.validate(answers: ["rating": .int(5), "long": .string("dòng 1\r\n\tdòng 2")])
        #expect(ok.answers["long"] == .string("dòng 1\n\tdòng 2"))
        #expect(form.validate(answers: ["rating": .int(5), "short": .string("   ")]).answers["short"] == nil)
    }

    @Test func scaleValues() {
        #expect(form.validate(answers: ["rating": .int(7)]).errors == [
            AnswerError(questionID: "rating", code: .outOfRange, parameters: ["min": "1", "max": "5"]),
        ])
        #expect(form.validate(answers: ["rating": .decimal(Decimal(string: "4.5") ?? 0)]).errors == [
            AnswerError(questionID: "rating", code: .notAnInteger),
        ])
        #expect(form.validate(answers: ["rating": .string("x")]).errors == [
            AnswerError(questionID: "rating", code: .notANumber),
        ])
        #expect(form.validate(answers: ["rating": .bool(true)]).errors == [
            AnswerError(questionID: "rating", code: .wrongType),
        ])
        #expect(form.validate(answers: ["rating": .string("5")]).answers == ["rating": .int(5)])
    }

    @Test func choices() {
        let result = form.validate(answers: [
            "rating": .int(4), "single": .int(1), "multi": .strings(["z", "x", "z", " "]),
        ])
        #expect(result.errors == [])
        #expect(result.answers["single"] == .string("1"))
        // Deduplicated, in the options' order.
        #expect(result.answers["multi"] == .strings(["x", "z"]))
        #expect(form.validate(answers: ["rating": .int(4), "single": .string("b"), "multi": .strings(["x", "w"])]).errors == [
            AnswerError(questionID: "single", code: .unknownOption, parameters: ["value": "b"]),
            AnswerError(questionID: "multi", code: .unknownOption, parameters: ["value": "w"]),
        ])
        #expect(form.validate(answers: ["rating": .int(4), "single": .strings(["a"])]).errors == [
            AnswerError(questionID: "single", code: .wrongType),
        ])
    }

    @Test func numbersAndDates() {
        let result = form.validate(answers: [
            "rating": .int(4), "amount": .string("10,5"), "count": .decimal(3), "when": .string("2025-06-30"), "yes": .string("no"),
        ])
        #expect(result.errors == [])
        #expect(result.answers["amount"] == .decimal(Decimal(string: "10.5") ?? 0))
        #expect(result.answers["count"] == .int(3))
        #expect(result.answers["when"] == date("2025-06-30"))
        #expect(result.answers["yes"] == .bool(false))

        let bad = form.validate(answers: [
            "rating": .int(4), "amount": .int(11), "count": .decimal(Decimal(string: "1.5") ?? 0),
            "when": .string("2024-12-31"),
        ])
        #expect(bad.errors == [
            AnswerError(questionID: "amount", code: .outOfRange, parameters: ["min": "0", "max": "10.5"]),
            AnswerError(questionID: "count", code: .notAnInteger),
            AnswerError(questionID: "when", code: .outOfRange, parameters: ["min": "2025-01-01", "max": "2025-12-31"]),
        ])
        #expect(form.validate(answers: ["rating": .int(4), "count": .int(0)]).errors == [
            AnswerError(questionID: "count", code: .outOfRange, parameters: ["min": "1"]),
        ])
        #expect(form.validate(answers: ["rating": .int(4), "when": .string("31/12/2025")]).errors == [
            AnswerError(questionID: "when", code: .invalidDate),
        ])
    }

    // MARK: - show_if and required

    @Test func answersToHiddenQuestionsAreDroppedSilently() {
        // `why` shows only when rating <= 2; `why_more` only when `why` is answered.
        let result = form.validate(answers: ["rating": .int(5), "why": .string("Chậm"), "why_more": .bool(true)])
        #expect(result.errors == [])
        #expect(result.answers == ["rating": .int(5)])
    }

    @Test func requiredAppliesOnlyToShownQuestions() {
        #expect(form.validate(answers: ["rating": .int(1)]).errors == [AnswerError(questionID: "why", code: .required)])
        #expect(form.validate(answers: ["rating": .int(3)]).errors == [])
        // With no rating at all, `why` is hidden (a comparison on an unanswered question is false).
        #expect(form.validate(answers: [:]).errors == [AnswerError(questionID: "rating", code: .required)])
        let shown = form.validate(answers: ["rating": .int(2), "why": .string("Chậm"), "why_more": .bool(false)])
        #expect(shown.errors == [])
        #expect(shown.answers == ["rating": .int(2), "why": .string("Chậm"), "why_more": .bool(false)])
    }

    @Test func visibilityDependingOnAnInvalidAnswerIsNotGuessed() {
        let result = form.validate(answers: ["rating": .int(9)])
        #expect(result.errors == [
            AnswerError(questionID: "rating", code: .outOfRange, parameters: ["min": "1", "max": "5"]),
        ])
    }

    @Test func unknownQuestionsAreReported() {
        #expect(form.validate(answers: ["rating": .int(4), "zzz": .int(1), "aaa": .int(1)]).errors == [
            AnswerError(questionID: "aaa", code: .unknownQuestion),
            AnswerError(questionID: "zzz", code: .unknownQuestion),
        ])
    }

    @Test func validationIsIdempotent() {
        let first = form.validate(answers: [
            "rating": .string("2"), "why": .string(" Ha\u{0300} "), "multi": .strings(["y", "x"]), "amount": .string("2,0"),
        ])
        #expect(first.isValid)
        #expect(form.validate(answers: first.answers) == first)
    }

    // MARK: - Wire formats

    @Test func answerValuesDecodeFromNaturalJSON() throws {
        let json = #"{"a": 5, "b": 2.5, "c": "x", "d": ["x", "y"], "e": true, "f": [1, 2], "g": "2025-01-31"}"#
        let decoded = try JSONDecoder().decode([String: AnswerValue].self, from: Data(json.utf8))
        #expect(decoded == [
            "a": .int(5), "b": .decimal(Decimal(string: "2.5") ?? 0), "c": .string("x"), "d": .strings(["x", "y"]),
            "e": .bool(true), "f": .strings(["1", "2"]), "g": .string("2025-01-31"),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let cleaned: [String: AnswerValue] = ["d": date("2025-01-31"), "n": .decimal(Decimal(string: "0.1") ?? 0), "s": .strings(["x"])]
        #expect(String(decoding: try encoder.encode(cleaned), as: UTF8.self) == #"{"d":"2025-01-31","n":0.1,"s":["x"]}"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: AnswerValue].self, from: Data(#"{"a": {"b": 1}}"#.utf8))
        }
    }

    @Test func answerErrorsHaveAMessageKeyAndAStableJSONShape() throws {
        #expect(AnswerError(questionID: "q", code: .required).messageKey == "error.required")
        #expect(AnswerError(questionID: "q", code: .outOfRange, parameters: ["min": "1", "max": "5"]).messageKey == "error.out_of_range")
        #expect(AnswerError(questionID: "q", code: .outOfRange, parameters: ["min": "1"]).messageKey == "error.too_small")
        #expect(AnswerError(questionID: "q", code: .outOfRange, parameters: ["max": "5"]).messageKey == "error.too_large")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(AnswerError(questionID: "q", code: .tooLong, parameters: ["maxLength": "5"])),
                          as: UTF8.self)
        #expect(json == #"{"code":"too_long","field":"q","parameters":{"maxLength":"5"}}"#)
    }

    @Test func everyTypeRoundTripsThroughCanonicalJSON() throws {
        let json = try form.canonicalJSON()
        #expect(try FormDefinition(canonicalJSON: json) == form)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""max":10.5,"min":0"#))
        #expect(text.contains(#""max":"2025-12-31","min":"2025-01-01""#))
        #expect(text.contains(#""showIf":"rating <= 2""#))
        #expect(form.scoredQuestions.map(\.questionID) == ["rating"])
        #expect(form.scoredQuestions.first?.element == .result)
    }
}
