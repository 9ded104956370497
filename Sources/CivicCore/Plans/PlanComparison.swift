/// How a target's value is compared with the value to reach: at least, at most, exactly.
public enum PlanComparison: String, Sendable, Hashable, CaseIterable, Codable {
    case atLeast = ">="
    case atMost = "<="
    case equal = "="

    /// Whether `value` satisfies the comparison with `target`.
    public func holds(_ value: Double, _ target: Double) -> Bool {
        switch self {
        case .atLeast: value >= target
        case .atMost: value <= target
        case .equal: value == target
        }
    }

    /// The sign as the report prints it.
    public var symbol: String {
        switch self {
        case .atLeast: "≥"
        case .atMost: "≤"
        case .equal: "="
        }
    }
}
