import Foundation

/// One answer to one question.
///
/// Decoding accepts natural JSON: a whole number is `.int`, another number `.decimal`, text
/// `.string`, `true`/`false` `.bool`, a list of texts or numbers `.strings`. A date therefore
/// arrives as `.string`; ``FormDefinition/validate(answers:)`` turns every answer into the
/// canonical case for its question (see ``QuestionType``), so decode-then-validate is the way in.
public enum AnswerValue: Sendable, Hashable {
    case int(Int)
    case decimal(Decimal)
    case string(String)
    /// The chosen options of a multiple-choice question.
    case strings([String])
    case bool(Bool)
    case date(CalendarDate)

    /// Whether the value says "no answer": empty text or an empty list.
    public var isEmpty: Bool {
        switch self {
        case .string(let text): text.isEmpty
        case .strings(let values): values.isEmpty
        default: false
        }
    }

    /// The value as a number, for `.int` and `.decimal`.
    public var number: Decimal? {
        switch self {
        case .int(let value): Decimal(value)
        case .decimal(let value): value
        default: nil
        }
    }
}

extension AnswerValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool first: some decoders would read `true` as 1.
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let values = try? container.decode([String].self) {
            self = .strings(values)
        } else if let values = try? container.decode([Decimal].self) {
            // Option values may be sent as numbers: [1, 2] means the options "1" and "2".
            self = .strings(values.map(DecimalText.format))
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a number, text, true/false or a list of texts")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .strings(let values): try container.encode(values)
        case .bool(let value): try container.encode(value)
        case .date(let value): try container.encode(value)
        }
    }
}
