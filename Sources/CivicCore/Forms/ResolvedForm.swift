import Foundation

/// A form with every string chosen for one reader's language chain: what a page or the JSON API
/// shows. Each string says which language it is in and whether it fell back.
///
/// JSON shape: `{id, version, kind, language, languageStatus, title: {text, lang, fallback},
/// intro, unit, sections: [{id, element, title, questions: [{id, type, required, label, help,
/// scale, options: [{value, label}], min, max, integer, maxLength, multiline, showIf}]}],
/// fallbacks: ["sections[0].questions[2].label", …]}`; keys without a value are left out.
public struct ResolvedForm: Sendable, Hashable, Codable {
    public let id: String
    public let version: Int
    public let kind: FormKind
    /// The first language of the chain that the form declares: the page's `lang`.
    public let language: String
    /// How far that language can be trusted; a page shows a notice for `draft`.
    public let languageStatus: TranslationStatus
    public let title: ResolvedText
    public let intro: ResolvedText?
    public let unit: UnitRule?
    public let sections: [Section]
    /// The path of every string that is not in the chain's first language, in form order.
    public let fallbacks: [String]

    public struct Section: Sendable, Hashable, Codable {
        public let id: String
        public let element: SatisfactionElement?
        public let title: ResolvedText
        public let questions: [Question]
    }

    public struct Question: Sendable, Hashable, Codable {
        public let id: String
        public let type: QuestionType
        public let required: Bool
        public let label: ResolvedText
        public let help: ResolvedText?
        /// The scale's name, for scale questions.
        public let scale: String?
        /// The scale's steps or the choices, in display order; nil for other types. A yes/no
        /// question has none: its labels are the UI strings `answer.yes` and `answer.no`.
        public let options: [Option]?
        public let min: Bound?
        public let max: Bound?
        public let integer: Bool?
        public let maxLength: Int?
        public let multiline: Bool?
        /// The `show_if` expression as written, for clients that hide questions themselves.
        public let showIf: String?
    }

    public struct Option: Sendable, Hashable, Codable {
        /// The value to send back: a number for a scale step, text for a choice.
        public let value: OptionValue
        public let label: ResolvedText
    }

    /// An option's value as it appears in JSON: a number or text.
    public enum OptionValue: Sendable, Hashable, Codable {
        case int(Int)
        case string(String)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    /// A number question's or a date question's bound: a JSON number or a `YYYY-MM-DD` string.
    public enum Bound: Sendable, Hashable, Codable {
        case number(Decimal)
        case date(CalendarDate)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let date = try? container.decode(CalendarDate.self) {
                self = .date(date)
            } else {
                self = .number(try container.decode(Decimal.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .date(let value): try container.encode(value)
            }
        }
    }
}
