/// A titled group of questions, optionally tagged with the SIPAS element it measures.
public struct FormSection: Sendable, Hashable, Codable {
    public let id: String
    /// The SIPAS element this section's scale questions count towards, if any.
    public let element: SatisfactionElement?
    public let title: LocalizedText
    /// At least one question, in the order they are asked.
    public let questions: [Question]

    public init(id: String, element: SatisfactionElement? = nil, title: LocalizedText, questions: [Question]) {
        self.id = id
        self.element = element
        self.title = title
        self.questions = questions
    }
}
