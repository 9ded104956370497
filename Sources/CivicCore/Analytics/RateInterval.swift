import Foundation

/// How a rate's 95% interval is made: the method, the design effect and the effective sample size
/// the Wilson formula is taken at. JSON: `{"method": "cluster_wilson", "deff": 3.4, "effectiveN":
/// 142.6, "respondents": 30}`, every key present, `null` where a value does not apply.
///
/// Guarantees: `wilson` has deff 1 and effectiveN the number of trials; `cluster_wilson` has a
/// finite, non-negative deff and effectiveN (both nil with no data); `none` has neither.
public struct RateInterval: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Wilson's score interval on independent trials: a single question (one answer per
        /// respondent), or PAKN items.
        case wilson
        /// Wilson's interval at the effective size of a design with respondents as clusters of
        /// answers (``ClusteredCount/interval``).
        case clusterWilson = "cluster_wilson"
        /// No interval (the mean of element rates: ``MeanOfElementsReport``).
        case none
    }

    public let method: Method
    /// deff: how many times the variance exceeds that of as many independent answers; nil with
    /// no data or no interval.
    public let designEffect: Double?
    /// n_eff = answers ÷ deff: the size the Wilson formula is taken at; nil with no data or no interval.
    public let effectiveSize: Double?
    /// The respondents whose answers the rate counts (the clusters); nil when the counts do not
    /// tell (PAKN items, the mean of elements).
    public let respondents: Int?

    /// - Precondition: `designEffect` and `effectiveSize` are both nil or both finite and not
    ///   negative; `respondents` is not negative.
    public init(method: Method, designEffect: Double?, effectiveSize: Double?, respondents: Int?) {
        precondition((designEffect == nil) == (effectiveSize == nil), "deff and effectiveN go together")
        precondition(designEffect.map { $0.isFinite && $0 >= 0 } ?? true, "deff is finite and not negative")
        precondition(effectiveSize.map { $0.isFinite && $0 >= 0 } ?? true, "effectiveN is finite and not negative")
        precondition(respondents.map { $0 >= 0 } ?? true, "respondents cannot be negative")
        self.method = method
        self.designEffect = designEffect
        self.effectiveSize = effectiveSize
        self.respondents = respondents
    }

    /// For ``ClusteredCount``: `rate` is not kept, only checked to lie in [0, 1].
    init(method: Method, rate: Double, designEffect: Double, effectiveSize: Double, respondents: Int) {
        precondition((0...1).contains(rate), "a rate lies in [0, 1]")
        self.init(method: method, designEffect: designEffect, effectiveSize: effectiveSize, respondents: respondents)
    }

    /// Wilson on `trials` independent trials (deff 1); `respondents` when the trials are respondents.
    public static func wilson(trials: Int, respondents: Int? = nil) -> RateInterval {
        trials == 0 ? RateInterval(method: .wilson, designEffect: nil, effectiveSize: nil, respondents: respondents)
            : RateInterval(method: .wilson, designEffect: 1, effectiveSize: Double(trials), respondents: respondents)
    }

    /// Respondents as clusters, none of whom answered.
    public static let noClusters = RateInterval(method: .clusterWilson, designEffect: nil, effectiveSize: nil,
                                                respondents: 0)

    /// No interval at all.
    public static let none = RateInterval(method: .none, designEffect: nil, effectiveSize: nil, respondents: nil)

    /// The 95% interval for `rate` (Wilson at ``effectiveSize``); nil with no data or method `none`.
    /// - Precondition: `rate` in [0, 1].
    public func bounds(rate: Double) -> ClosedRange<Double>? {
        guard method != .none, let effectiveSize else { return nil }
        return Proportion.wilsonInterval(rate: rate, effectiveSize: effectiveSize)
    }

    private enum CodingKeys: String, CodingKey {
        case method, designEffect = "deff", effectiveSize = "effectiveN", respondents
    }

    /// - Throws: `DecodingError.dataCorrupted` for values the initializer would refuse.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let method = try container.decode(Method.self, forKey: .method)
        let deff = try container.decodeIfPresent(Double.self, forKey: .designEffect)
        let effective = try container.decodeIfPresent(Double.self, forKey: .effectiveSize)
        let respondents = try container.decodeIfPresent(Int.self, forKey: .respondents)
        guard (deff == nil) == (effective == nil), deff.map({ $0.isFinite && $0 >= 0 }) ?? true,
              effective.map({ $0.isFinite && $0 >= 0 }) ?? true, respondents.map({ $0 >= 0 }) ?? true
        else {
            throw DecodingError.dataCorruptedError(forKey: .designEffect, in: container,
                                                   debugDescription: "deff and effectiveN: both null or both >= 0")
        }
        self.init(method: method, designEffect: deff, effectiveSize: effective, respondents: respondents)
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(designEffect, forKey: .designEffect)
        try container.encode(effectiveSize, forKey: .effectiveSize)
        try container.encode(respondents, forKey: .respondents)
    }
}
