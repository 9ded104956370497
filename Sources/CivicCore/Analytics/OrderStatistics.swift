/// Medians and percentiles of whole numbers (working days to handle a PAKN item).
public enum OrderStatistics {
    /// The median: the middle value of the sorted values, or the mean of the two middle values
    /// when there is an even number of them (so [1, 2, 3, 10] gives 2.5). Nil for no value.
    public static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// The nearest-rank percentile: the smallest value such that at least `percent`% of the
    /// values are no greater than it, i.e. the value at 1-based rank ⌈percent × n / 100⌉ of the
    /// sorted values. Always one of the values (no interpolation), so "90% of items were handled
    /// within p90 working days" reads literally true. Nil for no value.
    ///
    /// Examples: the 90th percentile of 1…10 is 9 (rank 9); of [4, 1, 7] it is 7 (rank ⌈2.7⌉ = 3);
    /// of 1…20 it is 18 (rank 18). The rank is computed in integers, free of rounding.
    /// - Precondition: `percent` in 1...100.
    public static func nearestRank(percent: Int, of values: [Int]) -> Int? {
        precondition((1...100).contains(percent), "a percentile lies in 1...100")
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = (percent * sorted.count + 99) / 100  // ⌈percent·n/100⌉, at least 1
        return sorted[rank - 1]
    }
}
