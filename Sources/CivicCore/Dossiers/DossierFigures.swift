/// What the dossier statistics of one period and scope say beside the satisfaction figures:
/// Yamane's required sample and whether the respondents reach it, the on-time rate against 98%,
/// the apology coverage against 100%, and the online and postal (BCCI) shares.
///
/// These are counts of every dossier, not a sample, so no rate here carries a confidence interval.
/// Each rate says what it divides (``Rate/numerator``, ``Rate/denominator`` and their names).
///
/// Guarantees: with no statistics row counted (``rowsCounted`` 0: nothing imported for the period
/// and scope), every rate is nil and the required sample unknown, never 0% or "reached"; a rate
/// with a zero denominator is nil (no late dossier: no apology was owed, coverage has no value).
public struct DossierFigures: Sendable, Hashable, Encodable {
    /// The plan's target for dossiers resolved on time: at least 98%.
    public static let onTimeTarget = 0.98
    /// An apology for every late dossier: 100%.
    public static let apologyTarget = 1.0

    /// A share of whole counts, with the names of its parts (`resolved_on_time` of `resolved`).
    public struct Rate: Sendable, Hashable, Encodable {
        /// numerator ÷ denominator; nil when the denominator is 0.
        public let rate: Double?
        public let numerator: Int
        public let denominator: Int
        /// What is counted above and below the line, as the import's column names.
        public let numeratorName: String
        public let denominatorName: String
        /// The target, when the plan sets one.
        public let target: Double?
        /// `rate >= target`; nil without a rate or a target.
        public let met: Bool?

        public init(_ numerator: Int, of denominator: Int, numeratorName: String, denominatorName: String,
                    target: Double? = nil) {
            self.numerator = numerator
            self.denominator = denominator
            self.numeratorName = numeratorName
            self.denominatorName = denominatorName
            self.rate = denominator > 0 ? Double(numerator) / Double(denominator) : nil
            self.target = target
            self.met = rate.flatMap { rate in target.map { rate >= $0 } }
        }

        private enum CodingKeys: String, CodingKey {
            case rate, numerator, denominator, numeratorName, denominatorName, target, met
        }

        /// Every key, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rate, forKey: .rate)
            try container.encode(numerator, forKey: .numerator)
            try container.encode(denominator, forKey: .denominator)
            try container.encode(numeratorName, forKey: .numeratorName)
            try container.encode(denominatorName, forKey: .denominatorName)
            try container.encode(target, forKey: .target)
            try container.encode(met, forKey: .met)
        }
    }

    /// Yamane's sample for the dossiers resolved (DOMAIN.md: n = N / (1 + N·e²), e = 5%).
    public struct Sample: Sendable, Hashable, Encodable {
        /// N: the dossiers resolved in the period and scope; nil without statistics.
        public let population: Int?
        public let marginOfError: Double
        /// n; nil without statistics.
        public let required: Int?
        /// The satisfaction figure's respondents (forms answered).
        public let respondents: Int
        /// `respondents >= required`; nil without statistics.
        public let reached: Bool?

        private enum CodingKeys: String, CodingKey {
            case population, marginOfError, required, respondents, reached
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(population, forKey: .population)
            try container.encode(marginOfError, forKey: .marginOfError)
            try container.encode(required, forKey: .required)
            try container.encode(respondents, forKey: .respondents)
            try container.encode(reached, forKey: .reached)
        }
    }

    /// The counts of the period and scope, summed.
    public let counts: DossierCounts
    /// How many imported rows were summed; 0 when nothing was imported for the period and scope.
    public let rowsCounted: Int
    public let sample: Sample
    /// resolved_on_time ÷ resolved, target 98%.
    public let onTime: Rate
    /// apologies_sent ÷ resolved_late, target 100%.
    public let apologyCoverage: Rate
    /// online ÷ received.
    public let online: Rate
    /// received_by_post ÷ received.
    public let receivedByPost: Rate
    /// returned_by_post ÷ resolved.
    public let returnedByPost: Rate

    /// - Parameters:
    ///   - counts: the statistics of the period and scope, summed.
    ///   - rowsCounted: how many imported rows they sum; 0 means none was imported.
    ///   - respondents: the satisfaction figure's respondents, compared with Yamane's size.
    ///   - marginOfError: e; 5% by default.
    public init(counts: DossierCounts, rowsCounted: Int, respondents: Int,
                marginOfError: Double = SampleSize.defaultMarginOfError) {
        self.counts = counts
        self.rowsCounted = rowsCounted
        let known = rowsCounted > 0
        let required = known ? SampleSize.yamane(population: counts.resolved, marginOfError: marginOfError) : nil
        sample = Sample(population: known ? counts.resolved : nil, marginOfError: marginOfError, required: required,
                        respondents: respondents, reached: required.map { respondents >= $0 })
        onTime = Rate(counts.resolvedOnTime, of: counts.resolved, numeratorName: "resolved_on_time",
                      denominatorName: "resolved", target: Self.onTimeTarget)
        apologyCoverage = Rate(counts.apologiesSent, of: counts.resolvedLate, numeratorName: "apologies_sent",
                               denominatorName: "resolved_late", target: Self.apologyTarget)
        online = Rate(counts.online, of: counts.received, numeratorName: "online", denominatorName: "received")
        receivedByPost = Rate(counts.receivedByPost, of: counts.received, numeratorName: "received_by_post",
                              denominatorName: "received")
        returnedByPost = Rate(counts.returnedByPost, of: counts.resolved, numeratorName: "returned_by_post",
                              denominatorName: "resolved")
    }

    private enum CodingKeys: String, CodingKey {
        case counts, rowsCounted, sample, onTime, apologyCoverage, online, receivedByPost, returnedByPost
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(counts, forKey: .counts)
        try container.encode(rowsCounted, forKey: .rowsCounted)
        try container.encode(sample, forKey: .sample)
        try container.encode(onTime, forKey: .onTime)
        try container.encode(apologyCoverage, forKey: .apologyCoverage)
        try container.encode(online, forKey: .online)
        try container.encode(receivedByPost, forKey: .receivedByPost)
        try container.encode(returnedByPost, forKey: .returnedByPost)
    }
}
