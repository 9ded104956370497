/// A rate against its target, read with its 95% interval: `met` (the point estimate against the
/// target, as the plan words it) says where the estimate lies; the verdict says whether the data
/// settle it.
///
/// - `above`: the whole interval lies above the target;
/// - `below`: the whole interval lies below it;
/// - `inconclusive`: the interval contains the target: the true rate may lie on either side.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    case above, below, inconclusive

    /// The verdict for an interval and a target.
    public init(interval: ClosedRange<Double>, target: Double) {
        if interval.lowerBound > target {
            self = .above
        } else if interval.upperBound < target {
            self = .below
        } else {
            self = .inconclusive
        }
    }
}
