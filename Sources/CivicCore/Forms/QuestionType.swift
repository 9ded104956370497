/// The kinds of question a form can ask; each decides which answer values are valid.
public enum QuestionType: String, Sendable, Hashable, Codable, CaseIterable {
    /// One value of a named scale (e.g. satisfaction 1–5); answer `.int`.
    case scale
    /// One option of a list; answer `.string` (the option's value).
    case singleChoice = "single_choice"
    /// Any number of options; answer `.strings`, in the order the options are listed.
    case multipleChoice = "multiple_choice"
    /// Yes or no; answer `.bool`.
    case yesNo = "yes_no"
    /// Free text; answer `.string`, NFC, trimmed.
    case text
    /// A number within optional bounds; answer `.int` or `.decimal`.
    case number
    /// A calendar date; answer `.date`.
    case date
}
