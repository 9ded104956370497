import Foundation
import Testing
@testable import CivicCore

@Suite struct ConditionTests {
    // MARK: - Parsing

    @Test(arguments: [
        ("a == 1 or b == 2 and not c == 3", "(a == 1 or (b == 2 and (not c == 3)))"),
        ("a == 1 and b == 2 or c == 3", "((a == 1 and b == 2) or c == 3)"),
        ("a == 1 or b == 1 or c == 1", "((a == 1 or b == 1) or c == 1)"),
        ("not not answered(a)", "(not (not answered(a)))"),
        ("(a == 1 or b == 2) and c in [1, 2.5, 'x', true]", "((a == 1 or b == 2) and c in [1, 2.5, 'x', true])"),
        ("not (a >= -2 and b != \"it's\")", "(not (a >= -2 and b != 'it\\'s'))"),
        ("q5 contains 'other'", "q5 contains 'other'"),
        ("  a<=3  ", "a <= 3"),
    ])
    func precedenceAndShape(source: String, expected: String) throws {
        #expect(try Condition.parse(source).description == expected)
    }

    @Test(arguments: [
        ("a = 1", "write '==' to compare", 2),
        ("a == 1 && b == 2", "write 'and' instead of '&&'", 7),
        ("a == 1 || b == 2", "write 'or' instead of '||'", 7),
        ("!answered(a)", "write 'not' instead of '!'", 0),
        ("a == 1 or", "the expression ends too soon; expected a question id, 'not', 'answered(…)' or '('", 9),
        ("(a == 1", "expected ')', found the end of the expression", 7),
        ("a == ", "expected a value (a number, quoted text, true or false), found the end of the expression", 5),
        ("a == yes", "expected a value, found 'yes'; put text in quotes: 'yes'", 5),
        ("a == 'open", "text is not closed; add the closing '", 5),
        ("a in [1, 2", "expected ',' or ']', found the end of the expression", 10),
        ("a", "expected a comparison after 'a' (==, !=, <, <=, >, >=, in or contains), found the end of the expression", 1),
        ("a == 1 b == 2", "unexpected 'b'; expected 'and', 'or' or the end", 7),
        ("and == 1", "unexpected 'and'; expected a question id, 'not', 'answered(…)' or '('", 0),
        ("a == 1.2.3", "malformed number", 8),
        ("a ≥ 1", "unexpected character '≥'", 2),
        ("answered(1)", "expected a question id, found '1'", 9),
    ])
    func syntaxErrorsSayWhatAndWhere(source: String, message: String, offset: Int) {
        #expect(throws: ConditionSyntaxError(message: message, offset: offset)) {
            try Condition.parse(source)
        }
    }

    @Test func deepNestingIsRefusedRatherThanOverflowingTheStack() {
        let source = String(repeating: "not ", count: 200) + "answered(a)"
        #expect(throws: ConditionSyntaxError.self) { try Condition.parse(source) }
    }

    @Test func literalsAreNFCNormalised() throws {
        let decomposed = "q == 'Ha\u{0300} No\u{0302}\u{0323}i'"
        guard case .test(let test) = try Condition.parse(decomposed),
              case .compare(.equal, .string(let text)) = test.predicate else {
            Issue.record("unexpected shape")
            return
        }
        #expect(text.unicodeScalars.count == "Hà Nội".precomposedStringWithCanonicalMapping.unicodeScalars.count)
        #expect(test.questionOffset == 0 && test.literalOffsets == [5])
    }

    // MARK: - Evaluation

    private static let answers: [String: AnswerValue] = [
        "q1": .int(4),
        "q2": .strings(["a", "other"]),
        "q3": .string("yes"),
        "q4": .decimal(Decimal(string: "2.5") ?? 0),
        "q5": .date(CalendarDate(year: 2025, month: 1, day: 31)!),
        "q6": .bool(true),
        "q7": .string("Hà Nội"),
        "q9": .string("1"),
    ]

    @Test(arguments: [
        ("q1 >= 4", true), ("q1 > 4", false), ("q1 == 4", true), ("q1 != 4", false), ("q1 < 5", true),
        ("q1 in [1, 4]", true), ("q1 in [1, 2]", false),
        ("q2 contains 'other'", true), ("q2 contains 'b'", false),
        ("q3 == 'yes'", true), ("q3 != 'yes'", false), ("q3 in ['no', 'yes']", true),
        ("q4 < 3", true), ("q4 == 2.5", true), ("q4 >= 2.51", false),
        ("q5 < '2025-02-01'", true), ("q5 == '2025-01-31'", true), ("q5 > '2025-01-31'", false),
        ("q6 == true", true), ("q6 != true", false), ("q6 == false", false),
        ("q7 == 'Ha\u{0300} No\u{0302}\u{0323}i'", true),
        ("q9 == 1", true),
        ("answered(q1)", true), ("answered(q8)", false),
        ("q8 == 1", false), ("q8 != 1", false), ("not q8 == 1", true), ("q8 contains 'a'", false),
        ("q1 >= 4 and (q8 == 1 or q6 == true)", true), ("not (q1 >= 4)", false),
        ("q1 == 'four'", false),
    ])
    func evaluation(source: String, expected: Bool) throws {
        #expect(try Condition.parse(source).evaluate(Self.answers) == expected)
    }

    @Test func emptyAnswersCountAsUnanswered() throws {
        let condition = try Condition.parse("answered(q)")
        #expect(!condition.evaluate(["q": .string("")]))
        #expect(!condition.evaluate(["q": .strings([])]))
        #expect(condition.evaluate(["q": .bool(false)]))
    }

    // MARK: - Checking against the form

    /// A form whose last question (q7, line 45) has `show_if: <expression>`, which starts at column 18.
    private func showIfIssues(_ expression: String) -> [String] {
        issues(in: minimalForm(appending: """
              - id: q2
                type: multiple_choice
                label: {vi: Câu 2}
                options:
                  - {value: a, label: {vi: A}}
                  - {value: other, label: {vi: Khác}}
              - id: q3
                type: single_choice
                label: {vi: Câu 3}
                options:
                  - {value: "yes", label: {vi: Có}}
                  - {value: 1, label: {vi: Một}}
              - id: q4
                type: number
                label: {vi: Câu 4}
              - id: q5
                type: date
                label: {vi: Câu 5}
              - id: q6
                type: yes_no
                label: {vi: Câu 6}
              - id: q7
                type: text
                label: {vi: Câu 7}
                show_if: \(expression)
              - id: q8
                type: yes_no
                label: {vi: Câu 8}

        """))
    }

    @Test func wellTypedExpressionsPass() {
        #expect(showIfIssues("q1 >= 2 and q2 contains 'other' or q3 == 'yes' or q3 in [1] or q4 > 2.5 or q5 < '2025-01-01' or not q6 == true or answered(q1)") == [])
    }

    @Test func namesMustBeEarlierQuestions() {
        #expect(showIfIssues("q9 == 1 or q8 == true or q7 == 'x'") == [
            "t.yaml:45:18: sections[0].questions[6].show_if: unknown question 'q9'; did you mean 'q1'?",
            "t.yaml:45:29: sections[0].questions[6].show_if: 'q8' is asked later; show_if may only use questions asked before this one",
            "t.yaml:45:43: sections[0].questions[6].show_if: a question cannot depend on its own answer",
        ])
    }

    @Test(arguments: [
        ("q1 contains 'a'", 18, "'contains' only applies to multiple_choice questions; 'q1' is scale"),
        ("q2 == 'a'", 18, "'q2' is a multiple_choice question; test it with 'contains'"),
        ("q2 contains 'b'", 30, "'b' is not an option of 'q2' (a, other)"),
        ("q1 == 7", 24, "7 is not a value of scale 's5' (1, 2)"),
        ("q1 == '1'", 24, "'q1' is a scale question; compare it with a whole number"),
        ("q3 < 'yes'", 18, "'<' needs a scale, number or date question; 'q3' is single_choice"),
        ("q3 in ['yes', 'no']", 32, "'no' is not an option of 'q3' (yes, 1)"),
        ("q4 == 'x'", 24, "'q4' is a number question; compare it with a number"),
        ("q5 >= '2025-02-30'", 24, "'q5' is a date question; compare it with a quoted date such as '2025-01-31'"),
        ("q6 == 1", 24, "'q6' is a yes_no question; compare it with true or false"),
    ])
    func operatorsAndValuesMustFitTheQuestionType(expression: String, column: Int, message: String) {
        #expect(showIfIssues(expression) == ["t.yaml:45:\(column): sections[0].questions[6].show_if: \(message)"])
    }

    @Test func syntaxErrorsPointInsideTheExpression() {
        #expect(showIfIssues("q1 = 1") == ["t.yaml:45:21: sections[0].questions[6].show_if: write '==' to compare"])
        // Inside quotes the column moves by one.
        #expect(showIfIssues("\"q1 = 1\"") == ["t.yaml:45:22: sections[0].questions[6].show_if: write '==' to compare"])
    }

    @Test func anExpressionOverSeveralLinesIsPlacedAtItsStart() {
        let expression = ">-\n          q1 == 1 and\n          q1 = 2"
        #expect(showIfIssues(expression) == [
            "t.yaml:45:18: sections[0].questions[6].show_if: write '==' to compare (at character 16 of the expression)",
        ])
    }

    @Test func showIfRoundTripsAsItsSource() throws {
        let showIf = try ShowIf("q1 >= 4")
        let data = try JSONEncoder().encode(["s": showIf])
        #expect(String(decoding: data, as: UTF8.self) == #"{"s":"q1 >= 4"}"#)
        #expect(try JSONDecoder().decode([String: ShowIf].self, from: data)["s"] == showIf)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: ShowIf].self, from: Data(#"{"s":"q1 >="}"#.utf8))
        }
    }
}
