/// Why one answer was not accepted, with what a message needs to explain it.
///
/// `code` is stable (it is the API's error code and names the UI string `error.<code>`);
/// `parameters` holds `min`, `max`, `maxLength` or `value` where they apply.
/// JSON shape: `{"field": "q3", "code": "out_of_range", "parameters": {"min": "1", "max": "5"}}`.
public struct AnswerError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A shown, required question has no answer.
        case required
        /// Text where a number was expected.
        case notANumber = "not_a_number"
        /// A fraction where a whole number was expected.
        case notAnInteger = "not_an_integer"
        /// A number, scale value or date outside the question's bounds (`min`, `max`).
        case outOfRange = "out_of_range"
        /// A value that is not one of the question's options (`value`).
        case unknownOption = "unknown_option"
        /// Text longer than `maxLength` characters.
        case tooLong = "too_long"
        /// Not a real `YYYY-MM-DD` date.
        case invalidDate = "invalid_date"
        /// An answer to a question the form does not have.
        case unknownQuestion = "unknown_question"
        /// A value of the wrong shape, e.g. a list for a single-choice question.
        case wrongType = "wrong_type"
        /// Text holding control characters other than line feed and tab.
        case controlCharacters = "control_characters"
    }

    /// The question (and HTML field) the error belongs to.
    public let questionID: String
    public let code: Code
    public let parameters: [String: String]

    public init(questionID: String, code: Code, parameters: [String: String] = [:]) {
        self.questionID = questionID
        self.code = code
        self.parameters = parameters
    }

    /// The UI string that explains this error: `error.<code>`, except that a range with only one
    /// bound uses `error.too_small` (only `min`) or `error.too_large` (only `max`).
    public var messageKey: String {
        if code == .outOfRange {
            switch (parameters["min"], parameters["max"]) {
            case (.some, nil): return "error.too_small"
            case (nil, .some): return "error.too_large"
            default: break
            }
        }
        return "error.\(code.rawValue)"
    }

    public var description: String {
        let details = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return details.isEmpty ? "\(questionID): \(code.rawValue)" : "\(questionID): \(code.rawValue) (\(details))"
    }

    private enum CodingKeys: String, CodingKey {
        case questionID = "field"
        case code
        case parameters
    }
}
