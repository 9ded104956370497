import Foundation

/// Satisfied and answered counts of a rate over many respondents, with the per-respondent sums
/// that its variance needs when each respondent is a cluster of answers (one per question).
///
/// One respondent gives about 23 answers to the SIPAS form, and their answers move together (a
/// pleased citizen ticks "satisfied" throughout), so the answers are not independent trials: an
/// interval that treats them so is several times too narrow. With `s_i` satisfied and `a_i`
/// answered for respondent i, m respondents and p = Σs/Σa (a ratio estimator), the linearised
/// variance is
///
///     v    = m/(m−1) · Σ(s_i − p·a_i)² / (Σa)²
///          = m/(m−1) · (Σs² − 2p·Σs·a + p²·Σa²) / (Σa)²
///     deff = v / (p(1−p)/Σa)
///     n_eff = Σa / deff
///
/// and the 95% interval is Wilson's at n_eff (``interval``). Every field is a plain sum over
/// respondents, so counts of days, units and form versions add up (``+``): the rollups keep them
/// (Migrations/0015) and a year costs the same rows whatever the number of responses.
///
/// Guarantees (checked by the initializer): every field is non-negative; `satisfied <= answered`;
/// `clusters <= answered`, and no clusters exactly when no answers; `satisfiedSquared <= satisfiedAnswered <= answeredSquared` and
/// `answered <= answeredSquared` (each follows from `0 <= s_i <= a_i` for whole numbers).
public struct ClusteredCount: Sendable, Hashable, Codable {
    /// Σ s_i: satisfied answers.
    public let satisfied: Int
    /// Σ a_i: answers.
    public let answered: Int
    /// Σ s_i².
    public let satisfiedSquared: Int
    /// Σ s_i·a_i.
    public let satisfiedAnswered: Int
    /// Σ a_i².
    public let answeredSquared: Int
    /// m: the respondents with at least one answer counted (a_i > 0); a respondent who answered
    /// none of the rate's questions adds nothing to any sum and is not a cluster.
    public let clusters: Int

    /// - Precondition: the guarantees of the type. Counts come from one SQL statement over the
    ///   rollups, so a violation is a programming error.
    public init(satisfied: Int, answered: Int, satisfiedSquared: Int, satisfiedAnswered: Int, answeredSquared: Int,
                clusters: Int) {
        precondition(satisfied >= 0 && satisfied <= answered, "need 0 <= satisfied <= answered")
        precondition(clusters >= 0 && clusters <= answered && (clusters == 0) == (answered == 0),
                     "need 0 <= clusters <= answered, and clusters exactly when answers")
        precondition(satisfiedSquared >= 0 && satisfiedSquared <= satisfiedAnswered
                         && satisfiedAnswered <= answeredSquared && answered <= answeredSquared,
                     "need Σs² <= Σs·a <= Σa² and Σa <= Σa²")
        self.satisfied = satisfied
        self.answered = answered
        self.satisfiedSquared = satisfiedSquared
        self.satisfiedAnswered = satisfiedAnswered
        self.answeredSquared = answeredSquared
        self.clusters = clusters
    }

    /// One respondent's counts: `satisfied` of `answered` answers.
    /// - Precondition: `0 <= satisfied <= answered`.
    public init(respondentSatisfied satisfied: Int, answered: Int) {
        self.init(satisfied: satisfied, answered: answered, satisfiedSquared: satisfied * satisfied,
                  satisfiedAnswered: satisfied * answered, answeredSquared: answered * answered,
                  clusters: answered > 0 ? 1 : 0)
    }

    /// Counts where every respondent gave at most one answer (one question): a_i is 0 or 1, so
    /// Σs² = Σs·a = Σs, Σa² = Σa and m = Σa.
    public init(singleAnswers proportion: Proportion) {
        self.init(satisfied: proportion.successes, answered: proportion.trials,
                  satisfiedSquared: proportion.successes, satisfiedAnswered: proportion.successes,
                  answeredSquared: proportion.trials, clusters: proportion.trials)
    }

    public static let zero = ClusteredCount(satisfied: 0, answered: 0, satisfiedSquared: 0, satisfiedAnswered: 0,
                                            answeredSquared: 0, clusters: 0)

    /// The counts of two disjoint sets of respondents together.
    public static func + (lhs: ClusteredCount, rhs: ClusteredCount) -> ClusteredCount {
        ClusteredCount(satisfied: lhs.satisfied + rhs.satisfied, answered: lhs.answered + rhs.answered,
                       satisfiedSquared: lhs.satisfiedSquared + rhs.satisfiedSquared,
                       satisfiedAnswered: lhs.satisfiedAnswered + rhs.satisfiedAnswered,
                       answeredSquared: lhs.answeredSquared + rhs.answeredSquared,
                       clusters: lhs.clusters + rhs.clusters)
    }

    /// Satisfied out of answered, ignoring the clusters.
    public var proportion: Proportion { Proportion(successes: satisfied, trials: answered) }

    /// The linearised variance of p = Σs/Σa (see the type); nil when it cannot be estimated:
    /// no answer, or fewer than two respondents.
    public var linearisedVariance: Double? {
        guard answered > 0, clusters >= 2 else { return nil }
        let p = Double(satisfied) / Double(answered)
        let m = Double(clusters)
        let total = Double(answered)
        // Σ(s_i − p·a_i)², expanded over the kept sums. It is ≥ 0 mathematically; rounding can
        // leave a hair below zero when every respondent has s_i = p·a_i.
        let squares = Double(satisfiedSquared) - 2 * p * Double(satisfiedAnswered) + p * p * Double(answeredSquared)
        return m / (m - 1) * max(0, squares) / (total * total)
    }

    /// The interval of the rate with respondents as clusters (method
    /// ``RateInterval/Method/clusterWilson``): Wilson's at n_eff = Σa/deff, deff = v / (p(1−p)/Σa).
    ///
    /// Where deff cannot be estimated (p is 0 or 1, so p(1−p) = 0; fewer than two respondents; or
    /// a variance of exactly 0, every respondent at the same rate), n_eff is the number of
    /// respondents (deff = Σa/m): every answer of a respondent counted as one, the most that
    /// clustering can cost when the respondents answer alike. A deff below 1 (answers of one
    /// respondent less alike than answers of different ones) is reported as estimated.
    public var interval: RateInterval {
        guard answered > 0 else { return .noClusters }
        let total = Double(answered)
        let p = Double(satisfied) / total
        let binomial = p * (1 - p) / total
        let deff: Double
        if let variance = linearisedVariance, binomial > 0, variance > 0 {
            deff = variance / binomial
        } else {
            deff = total / Double(clusters)
        }
        return RateInterval(method: .clusterWilson, rate: p, designEffect: deff, effectiveSize: total / deff,
                            respondents: clusters)
    }
}
