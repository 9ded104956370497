/// Ratio 3 of QĐ 766/QĐ-TTg, (dossiers − dossiers rated dissatisfied) ÷ dossiers, with the dossiers
/// resolved in the period (imported dossier statistics) as its denominator, and the ratings kept
/// apart: a dossier nobody rated counts as not dissatisfied in the ratio, but it is not
/// "satisfied", so the response-based rate (satisfied ÷ rated) is shown beside it.
///
/// Without statistics for the period and scope, the denominator falls back to the dossiers rated,
/// as before statistics existed, and ``denominatorName`` says so (`rated` instead of `resolved`).
/// A rated dossier is "not satisfied" when one of its ratings answered the overall question with a
/// value its scale does not count as satisfied (neutral included: the cautious reading).
///
/// Guarantees: `ratedSatisfied + ratedNotSatisfied = rated`; with statistics, `notRated =
/// max(0, resolved − rated)`; the ratio lies in [0, 1]: when more dossiers were rated not satisfied
/// than were resolved (ratings of dossiers resolved in an earlier period, or statistics not yet
/// complete), the not-satisfied count is capped at the resolved and ``ratingsExceedResolved`` is true.
public struct QD766DossierRatio: Sendable, Hashable, Encodable {
    /// Dossiers resolved in the period and scope; nil when no statistics were imported.
    public let resolved: Int?
    /// Distinct dossier codes rated.
    public let rated: Int
    public let ratedSatisfied: Int
    public let ratedNotSatisfied: Int
    /// Resolved dossiers without a rating; nil without statistics.
    public let notRated: Int?
    /// The QĐ 766 ratio: (denominator − not satisfied) ÷ denominator.
    public let ratio: DossierFigures.Rate
    /// satisfied ÷ rated: the rate among those who answered.
    public let responseRate: DossierFigures.Rate
    /// More dossiers rated than resolved: the inputs do not describe the same dossiers.
    public let ratingsExceedResolved: Bool

    /// - Precondition: `0 <= ratedNotSatisfied <= rated`, `resolved` nil or not negative.
    public init(resolved: Int?, rated: Int, ratedNotSatisfied: Int) {
        precondition(rated >= 0 && ratedNotSatisfied >= 0 && ratedNotSatisfied <= rated,
                     "need 0 <= ratedNotSatisfied <= rated")
        precondition((resolved ?? 0) >= 0, "resolved cannot be negative")
        self.resolved = resolved
        self.rated = rated
        self.ratedNotSatisfied = ratedNotSatisfied
        ratedSatisfied = rated - ratedNotSatisfied
        notRated = resolved.map { max(0, $0 - rated) }
        ratingsExceedResolved = resolved.map { rated > $0 } ?? false
        let denominator = resolved ?? rated
        let counted = min(ratedNotSatisfied, denominator)
        ratio = DossierFigures.Rate(denominator - counted, of: denominator, numeratorName: "not_rated_dissatisfied",
                                    denominatorName: resolved == nil ? "rated" : "resolved")
        responseRate = DossierFigures.Rate(ratedSatisfied, of: rated, numeratorName: "rated_satisfied",
                                           denominatorName: "rated")
    }

    /// The dossiers ratio 3 divides by: resolved, or rated without statistics.
    public var denominator: Int { ratio.denominator }
    /// The dossiers counted against ratio 3 (rated not satisfied, at most the denominator).
    public var countedDissatisfied: Int { ratio.denominator - ratio.numerator }

    private enum CodingKeys: String, CodingKey {
        case resolved, rated, ratedSatisfied, ratedNotSatisfied, notRated, ratio, responseRate, ratingsExceedResolved
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resolved, forKey: .resolved)
        try container.encode(rated, forKey: .rated)
        try container.encode(ratedSatisfied, forKey: .ratedSatisfied)
        try container.encode(ratedNotSatisfied, forKey: .ratedNotSatisfied)
        try container.encode(notRated, forKey: .notRated)
        try container.encode(ratio, forKey: .ratio)
        try container.encode(responseRate, forKey: .responseRate)
        try container.encode(ratingsExceedResolved, forKey: .ratingsExceedResolved)
    }
}
