import Foundation

/// One question of a form.
///
/// A loaded form guarantees: `id` is unique in the form; a scale question names a scale the form
/// defines; choice questions have at least one option with unique values; `showIf` only refers
/// to questions asked earlier, with operators and values that fit their types.
public struct Question: Sendable, Hashable {
    /// What the question accepts, with the settings that only make sense for that type.
    public enum Input: Sendable, Hashable {
        case scale(name: String)
        case singleChoice([ChoiceOption])
        case multipleChoice([ChoiceOption])
        case yesNo
        /// `maxLength` counts characters (grapheme clusters) after NFC normalisation.
        case text(maxLength: Int, multiline: Bool)
        case number(min: Decimal?, max: Decimal?, integer: Bool)
        case date(min: CalendarDate?, max: CalendarDate?)

        /// The question type this input belongs to.
        public var type: QuestionType {
            switch self {
            case .scale: .scale
            case .singleChoice: .singleChoice
            case .multipleChoice: .multipleChoice
            case .yesNo: .yesNo
            case .text: .text
            case .number: .number
            case .date: .date
            }
        }
    }

    /// The default `max_length` of a text question.
    public static let defaultMaxLength = 2000
    /// The largest `max_length` a form may set: longer answers belong in an attachment.
    public static let maximumMaxLength = 10_000

    public let id: String
    public let label: LocalizedText
    public let help: LocalizedText?
    /// Whether a shown question must be answered; a question hidden by `showIf` never is.
    public let required: Bool
    public let showIf: ShowIf?
    public let input: Input

    public init(id: String, label: LocalizedText, help: LocalizedText? = nil, required: Bool = false,
                showIf: ShowIf? = nil, input: Input) {
        self.id = id
        self.label = label
        self.help = help
        self.required = required
        self.showIf = showIf
        self.input = input
    }

    public var type: QuestionType { input.type }

    /// The scale's name for a scale question, nil otherwise.
    public var scaleName: String? {
        if case .scale(let name) = input { return name }
        return nil
    }

    /// The options of a choice question, empty otherwise.
    public var choices: [ChoiceOption] {
        switch input {
        case .singleChoice(let options), .multipleChoice(let options): options
        default: []
        }
    }
}
