/// The outcome of checking an answer set against a form.
///
/// Guarantees: `answers` holds only questions that are shown (hidden ones are dropped, not
/// reported) and whose answer is valid, each in its canonical case (see ``QuestionType``);
/// `errors` are in the order the questions are asked, unknown questions last.
public struct AnswerValidation: Sendable, Hashable, Codable {
    public let answers: [String: AnswerValue]
    public let errors: [AnswerError]

    public init(answers: [String: AnswerValue], errors: [AnswerError]) {
        self.answers = answers
        self.errors = errors
    }

    /// True when there is nothing to correct: the answers can be stored.
    public var isValid: Bool { errors.isEmpty }

    /// The errors of one question, for showing next to its field.
    public func errors(for questionID: String) -> [AnswerError] {
        errors.filter { $0.questionID == questionID }
    }
}
