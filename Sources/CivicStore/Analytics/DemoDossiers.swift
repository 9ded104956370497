import CivicCore

/// Dossier statistics for the demo database, consistent with its responses: for each unit and
/// month that received responses, a one-stop export row in which the dossiers resolved are more
/// than the responses (each rating is of a resolved dossier; a unit's citizens answer for between
/// a quarter and 60% of their dossiers, so Yamane's sample is reached by some units and not by
/// others), about 1–4% resolved late with an apology for most, a third to a half received online
/// and a tenth or so through the post. Deterministic for a seed. The rows are written as the CSV
/// an office would import, so the demo goes through the same import as `civicvoice dossiers import`.
public enum DemoDossiers {
    /// Responses of one unit in one month, from the rollups.
    public struct Month: Sendable, Hashable {
        public let unitCode: String
        public let month: YearMonth
        public let responses: Int

        public init(unitCode: String, month: YearMonth, responses: Int) {
            self.unitCode = unitCode
            self.month = month
            self.responses = responses
        }
    }

    /// The CSV of one row per unit and month.
    public static func csv(_ months: [Month], seed: UInt64) -> String {
        var lines = ["unit,period,received,resolved,resolved_on_time,resolved_late,apologies_sent,online,received_by_post,returned_by_post"]
        var shares: [String: Double] = [:]
        var rng = SplitMix64(seed: seed ^ 0x646F_7373)
        for month in months.sorted(by: { ($0.unitCode, $0.month) < ($1.unitCode, $1.month) }) where month.responses > 0 {
            let share = shares[month.unitCode] ?? 0.25 + 0.35 * rng.unit()
            shares[month.unitCode] = share
            let resolved = Int((Double(month.responses) / share).rounded(.up))
            let late = Int((Double(resolved) * (0.005 + 0.035 * rng.unit())).rounded())
            let apologies = late - Int((Double(late) * 0.3 * rng.unit()).rounded(.down))
            let received = Int((Double(resolved) * (0.95 + 0.13 * rng.unit())).rounded())
            let online = Int((Double(received) * (0.3 + 0.2 * rng.unit())).rounded(.down))
            let byPost = Int((Double(received) * (0.05 + 0.07 * rng.unit())).rounded(.down))
            let returned = Int((Double(resolved) * (0.1 + 0.15 * rng.unit())).rounded(.down))
            lines.append([month.unitCode, month.month.description, "\(received)", "\(resolved)", "\(resolved - late)",
                          "\(late)", "\(apologies)", "\(online)", "\(byPost)", "\(returned)"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
