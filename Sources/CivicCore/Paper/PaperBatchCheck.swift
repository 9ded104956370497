/// Whether a batch of paper forms may be counted, and if not why: every place of the stack typed in
/// the first pass (and, for double entry, in the second), and the two passes agreeing on every
/// answer of every form. A difference is shown to the clerks, never resolved by the server: one of
/// them looks at the paper and types that form again in the pass that was wrong.
public struct PaperBatchCheck: Sendable, Hashable {
    /// One answer on which the passes disagree (an answer typed in one pass only included).
    public struct Difference: Sendable, Hashable {
        public let position: Int
        public let questionID: String
        public let first: AnswerValue?
        public let second: AnswerValue?

        public init(position: Int, questionID: String, first: AnswerValue?, second: AnswerValue?) {
            self.position = position
            self.questionID = questionID
            self.first = first
            self.second = second
        }
    }

    public let declaredCount: Int
    public let doubleEntry: Bool
    /// The places of the stack not typed yet, by pass (1, and 2 for double entry), in order.
    public let missing: [Int: [Int]]
    /// How many places each pass has typed.
    public let typed: [Int: Int]
    /// For places typed in both passes: every answer that differs, by place, then in form order.
    public let differences: [Difference]

    /// Whether the batch may be counted.
    public var isReady: Bool {
        missing.values.allSatisfy(\.isEmpty) && differences.isEmpty
    }

    /// - Parameters:
    ///   - passes: the answers typed, by pass (1 or 2), then by place in the stack (1…declaredCount).
    ///   - questionOrder: the form's question ids in order, so that differences read as the paper does.
    public init(declaredCount: Int, doubleEntry: Bool, passes: [Int: [Int: [String: AnswerValue]]],
                questionOrder: [String]) {
        self.declaredCount = declaredCount
        self.doubleEntry = doubleEntry
        let expected = doubleEntry ? [1, 2] : [1]
        var missing: [Int: [Int]] = [:]
        var typed: [Int: Int] = [:]
        for pass in expected {
            let places = passes[pass] ?? [:]
            missing[pass] = (1...max(declaredCount, 1)).filter { places[$0] == nil }
            typed[pass] = places.keys.filter { (1...declaredCount).contains($0) }.count
        }
        self.missing = missing
        self.typed = typed
        var differences: [Difference] = []
        if doubleEntry, let first = passes[1], let second = passes[2] {
            let rank = Dictionary(questionOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { lower, _ in lower })
            for position in first.keys.sorted() {
                guard let one = first[position], let two = second[position] else { continue }
                let questions = Set(one.keys).union(two.keys).sorted {
                    (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1)
                }
                for question in questions where one[question] != two[question] {
                    differences.append(Difference(position: position, questionID: question, first: one[question],
                                                  second: two[question]))
                }
            }
        }
        self.differences = differences
    }
}
