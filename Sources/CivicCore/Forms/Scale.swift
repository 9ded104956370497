/// A named answer scale, such as the five SIPAS satisfaction levels.
///
/// A loaded form guarantees: at least one option, unique values, and `satisfied` a non-empty
/// subset of the option values (for SIPAS, 4 and 5: the "top-2 box").
public struct Scale: Sendable, Hashable, Codable {
    /// One step of the scale, in display order.
    public struct Option: Sendable, Hashable, Codable {
        public let value: Int
        public let label: LocalizedText

        public init(value: Int, label: LocalizedText) {
            self.value = value
            self.label = label
        }
    }

    public let options: [Option]
    /// The values that count as "satisfied", ascending.
    public let satisfied: [Int]

    public init(options: [Option], satisfied: [Int]) {
        self.options = options
        self.satisfied = satisfied.sorted()
    }

    /// The option values in display order.
    public var values: [Int] { options.map(\.value) }

    /// Whether `value` is one of this scale's options.
    public func contains(_ value: Int) -> Bool {
        options.contains { $0.value == value }
    }

    /// Whether an answer of `value` counts as satisfied.
    public func isSatisfied(_ value: Int) -> Bool {
        satisfied.contains(value)
    }
}
