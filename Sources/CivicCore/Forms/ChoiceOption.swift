/// One option of a single- or multiple-choice question.
///
/// `value` is what is stored and posted (`one_stop_desk`); a loaded form guarantees it is unique
/// within its question and made of lowercase letters, digits, `_` and `-`.
public struct ChoiceOption: Sendable, Hashable, Codable {
    public let value: String
    public let label: LocalizedText

    public init(value: String, label: LocalizedText) {
        self.value = value
        self.label = label
    }
}
