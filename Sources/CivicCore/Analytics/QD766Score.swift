/// The satisfaction group of the real-time indicator set of QĐ 766/QĐ-TTg (23/6/2022): 18 of
/// its 100 points, from three ratios.
///
/// - r1 ``onTime`` = PAKN handled on time ÷ PAKN within the agency's competence (in scope);
/// - r2 ``paknSatisfaction`` = (PAKN − PAKN rated dissatisfied or complained about as late or
///   poor) ÷ PAKN;
/// - r3 ``dossierSatisfaction`` = (dossiers − dossiers rated dissatisfied or with a PAKN about
///   their handling) ÷ dossiers.
///
/// Scoring (judgement calls, each configurable or documented here):
/// - The decision gives 18 points to the group; how they split between the three ratios is an
///   assumption of this service: equal thirds, 6 points each (``Weights/equalThirds``). Other
///   weights can be passed; the maximum is then their sum (``maxScore``).
/// - A ratio with a zero denominator (no PAKN in scope, no PAKN, no dossier) is "not
///   applicable": its ``Ratio/value`` and ``Ratio/points`` are nil, and it neither earns full
///   marks nor scores zero. The ``score`` is the points earned over the applicable weights,
///   scaled to ``maxScore``: `score = maxScore × Σ wᵢrᵢ / Σ wᵢ` over applicable ratios. With all
///   three applicable and the default weights that is simply `6·r1 + 6·r2 + 6·r3`. With none
///   applicable the score is nil.
///
/// Guarantees: every ratio value lies in [0, 1]; `0 <= score <= maxScore`; the counts satisfy the
/// checks of the initializer. JSON carries every key, `null` included.
public struct QD766Score: Sendable, Hashable, Codable {
    /// Points per ratio at 100%.
    public struct Weights: Sendable, Hashable, Codable {
        public let onTime: Double
        public let paknSatisfaction: Double
        public let dossierSatisfaction: Double

        /// - Precondition: each weight finite and not negative, and their sum above 0.
        public init(onTime: Double, paknSatisfaction: Double, dossierSatisfaction: Double) {
            let all = [onTime, paknSatisfaction, dossierSatisfaction]
            precondition(all.allSatisfy { $0.isFinite && $0 >= 0 }, "weights are finite and not negative")
            precondition(all.reduce(0, +) > 0, "at least one weight must be positive")
            self.onTime = onTime
            self.paknSatisfaction = paknSatisfaction
            self.dossierSatisfaction = dossierSatisfaction
        }

        private enum CodingKeys: String, CodingKey {
            case onTime, paknSatisfaction, dossierSatisfaction
        }

        /// Decodes the three weights (from configuration, say), refusing what the initializer refuses.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let onTime = try container.decode(Double.self, forKey: .onTime)
            let pakn = try container.decode(Double.self, forKey: .paknSatisfaction)
            let dossier = try container.decode(Double.self, forKey: .dossierSatisfaction)
            let all = [onTime, pakn, dossier]
            guard all.allSatisfy({ $0.isFinite && $0 >= 0 }), all.reduce(0, +) > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .onTime, in: container,
                                                       debugDescription: "weights are finite, not negative, and not all 0")
            }
            self.init(onTime: onTime, paknSatisfaction: pakn, dossierSatisfaction: dossier)
        }

        /// 6 + 6 + 6 = the 18 points QĐ 766 gives the group (the equal split is an assumption).
        public static let equalThirds = Weights(onTime: 6, paknSatisfaction: 6, dossierSatisfaction: 6)

        /// The maximum score: the sum of the weights.
        public var total: Double { onTime + paknSatisfaction + dossierSatisfaction }
    }

    /// One ratio with its counts and the points it earns.
    public struct Ratio: Sendable, Hashable, Codable {
        public let numerator: Int
        public let denominator: Int
        /// numerator ÷ denominator; nil (not applicable) when the denominator is 0.
        public let value: Double?
        /// The ratio's weight: its points at 100%.
        public let weight: Double
        /// weight × value; nil when not applicable.
        public let points: Double?

        init(numerator: Int, denominator: Int, weight: Double) {
            self.numerator = numerator
            self.denominator = denominator
            self.value = denominator == 0 ? nil : Double(numerator) / Double(denominator)
            self.weight = weight
            self.points = value.map { $0 * weight }
        }

        /// Whether the ratio has a denominator and so counts towards the score.
        public var isApplicable: Bool { value != nil }

        private enum CodingKeys: String, CodingKey {
            case numerator, denominator, value, weight, points
        }

        /// Writes every key, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encode(value, forKey: .value)
            try container.encode(weight, forKey: .weight)
            try container.encode(points, forKey: .points)
        }
    }

    /// r1: PAKN handled on time ÷ PAKN in scope.
    public let onTime: Ratio
    /// r2: PAKN not rated dissatisfied nor complained about ÷ PAKN.
    public let paknSatisfaction: Ratio
    /// r3: dossiers not rated dissatisfied nor the subject of a PAKN ÷ dossiers.
    public let dossierSatisfaction: Ratio
    public let weights: Weights
    /// The score out of ``maxScore``; nil when no ratio is applicable.
    public let score: Double?
    /// The sum of the weights: 18 with the default weights.
    public let maxScore: Double
    /// The sum of the weights of the applicable ratios (the points actually at stake).
    public let applicableWeight: Double

    /// - Parameters:
    ///   - paknInScope: PAKN within the agency's competence (r1's denominator).
    ///   - paknHandledOnTime: of those, handled on time (r1's numerator).
    ///   - pakn: PAKN counted for r2. The decision says "PAKN" without qualification; this
    ///     service passes the PAKN in scope, since an out-of-scope item is never handled and so
    ///     cannot be rated on its handling. The caller decides.
    ///   - paknDissatisfiedOrComplained: of those, rated dissatisfied or complained about as late
    ///     or poor (each item once, however many complaints).
    ///   - dossiers: administrative dossiers (hồ sơ) counted for r3.
    ///   - dossiersDissatisfiedOrComplained: of those, rated dissatisfied or with a PAKN about
    ///     their handling (each dossier once).
    ///   - weights: points per ratio; 6/6/6 by default.
    /// - Throws: ``AnalyticsInputError`` for a negative count or a part larger than its whole.
    public init(paknInScope: Int, paknHandledOnTime: Int, pakn: Int, paknDissatisfiedOrComplained: Int,
                dossiers: Int, dossiersDissatisfiedOrComplained: Int,
                weights: Weights = .equalThirds) throws(AnalyticsInputError) {
        try AnalyticsInputCheck.nonNegative([
            "paknInScope": paknInScope, "paknHandledOnTime": paknHandledOnTime, "pakn": pakn,
            "paknDissatisfiedOrComplained": paknDissatisfiedOrComplained, "dossiers": dossiers,
            "dossiersDissatisfiedOrComplained": dossiersDissatisfiedOrComplained,
        ])
        try AnalyticsInputCheck.atMost("paknHandledOnTime", paknHandledOnTime, "paknInScope", paknInScope)
        try AnalyticsInputCheck.atMost("paknDissatisfiedOrComplained", paknDissatisfiedOrComplained, "pakn", pakn)
        try AnalyticsInputCheck.atMost("dossiersDissatisfiedOrComplained", dossiersDissatisfiedOrComplained,
                                       "dossiers", dossiers)
        onTime = Ratio(numerator: paknHandledOnTime, denominator: paknInScope, weight: weights.onTime)
        paknSatisfaction = Ratio(numerator: pakn - paknDissatisfiedOrComplained, denominator: pakn,
                                 weight: weights.paknSatisfaction)
        dossierSatisfaction = Ratio(numerator: dossiers - dossiersDissatisfiedOrComplained, denominator: dossiers,
                                    weight: weights.dossierSatisfaction)
        self.weights = weights
        maxScore = weights.total
        let applicable = [onTime, paknSatisfaction, dossierSatisfaction].filter(\.isApplicable)
        applicableWeight = applicable.reduce(0) { $0 + $1.weight }
        let earned = applicable.reduce(0) { $0 + ($1.points ?? 0) }
        // A weight of 0 on the only applicable ratio leaves nothing at stake: no score.
        score = applicableWeight > 0 ? min(maxScore, earned / applicableWeight * maxScore) : nil
    }

    /// The three ratios in the decision's order: r1, r2, r3.
    public var ratios: [Ratio] { [onTime, paknSatisfaction, dossierSatisfaction] }

    private enum CodingKeys: String, CodingKey {
        case onTime, paknSatisfaction, dossierSatisfaction, weights, score, maxScore, applicableWeight
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(onTime, forKey: .onTime)
        try container.encode(paknSatisfaction, forKey: .paknSatisfaction)
        try container.encode(dossierSatisfaction, forKey: .dossierSatisfaction)
        try container.encode(weights, forKey: .weights)
        try container.encode(score, forKey: .score)
        try container.encode(maxScore, forKey: .maxScore)
        try container.encode(applicableWeight, forKey: .applicableWeight)
    }
}
