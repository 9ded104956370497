/// A scale question as satisfaction counts see it: which element it measures and which of its
/// values count as satisfied. The store keeps satisfied/answered counts per `questionID` and
/// per `element`.
public struct ScoredQuestion: Sendable, Hashable, Codable {
    public let questionID: String
    public let sectionID: String
    /// The SIPAS element of the question's section; nil for questions outside the five
    /// elements, such as the overall satisfaction question.
    public let element: SatisfactionElement?
    public let scaleName: String
    /// Every value of the scale, in display order.
    public let values: [Int]
    /// The values that count as satisfied, ascending.
    public let satisfiedValues: [Int]

    public init(questionID: String, sectionID: String, element: SatisfactionElement?, scaleName: String,
                values: [Int], satisfiedValues: [Int]) {
        self.questionID = questionID
        self.sectionID = sectionID
        self.element = element
        self.scaleName = scaleName
        self.values = values
        self.satisfiedValues = satisfiedValues
    }

    /// Whether an answer of `value` counts as satisfied.
    public func isSatisfied(_ value: Int) -> Bool {
        satisfiedValues.contains(value)
    }
}
