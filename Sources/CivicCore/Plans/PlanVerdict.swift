/// Whether a target was reached in a period.
///
/// A value with a 95% interval (a satisfaction rate from a sample) whose interval holds the value
/// to reach strictly inside is ``inconclusive``: the sample cannot tell met from not met. At an end
/// of the interval the point decides, so that 100% of PAKN handled (interval up to 100%) is met.
public enum PlanVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    case met
    case notMet = "not_met"
    case inconclusive
    /// No value: nothing counted in the period, or nothing entered yet.
    case noValue = "no_value"

    /// The verdict for `value` (and its interval, when it has one) against `target`.
    /// - Parameters: all in the target's measure (percent as 0…100).
    public static func judge(value: Double?, interval: ClosedRange<Double>?, comparison: PlanComparison,
                             target: Double) -> PlanVerdict {
        guard let value else { return .noValue }
        if let interval, interval.lowerBound < target, target < interval.upperBound { return .inconclusive }
        return comparison.holds(value, target) ? .met : .notMet
    }
}
