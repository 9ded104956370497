/// A question's `show_if`: the expression as written and as parsed.
///
/// Encodes as the source text alone (`"overall <= 3"`); decoding parses it again, so stored
/// definitions stay readable and the AST's shape is never part of the stored format.
public struct ShowIf: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The expression as the form's author wrote it.
    public let source: String
    public let condition: Condition

    /// Parses `source`; see ``Condition/parse(_:)``.
    public init(_ source: String) throws(ConditionSyntaxError) {
        self.source = source
        self.condition = try Condition.parse(source)
    }

    /// Whether the question is shown, given the answers so far.
    public func isShown(given answers: [String: AnswerValue]) -> Bool {
        condition.evaluate(answers)
    }

    public var description: String { source }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let source = try container.decode(String.self)
        do {
            try self.init(source)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "show_if: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }

    public static func == (lhs: ShowIf, rhs: ShowIf) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
