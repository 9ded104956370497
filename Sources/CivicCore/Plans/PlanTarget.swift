/// One target of a plan: what is measured, how it is compared, the value to reach, who answers
/// for it and where its value comes from.
///
/// Guarantees for a target that loaded: a computed target measures a percentage
/// (``PlanMetric/measure``); a percentage target's value is in 0…100, a count's a whole number
/// ≥ 0, a yes/no target's 0 or 1 compared with `=`; ``formID`` is set only for satisfaction.
public struct PlanTarget: Sendable, Hashable {
    /// Unique in the plan; a lowercase letter, then lowercase letters, digits, '_' or '-'.
    public let id: String
    /// The plan's wording (Vietnamese, English where written).
    public let text: LocalizedText
    public let metric: PlanMetric
    public let comparison: PlanComparison
    /// The value to reach, in the metric's measure: percent as 0…100, a count, or 1 for "yes".
    public let value: Double
    /// The survey form a satisfaction target counts (nil: every form, as the dashboard's default).
    public let formID: String?
    /// The unit that answers for the target and enters its value when it is entered.
    public let responsibleUnit: String
    public let supportingUnits: [String]
    /// What the responsible unit should attach as evidence, when the plan says.
    public let evidence: LocalizedText?

    public init(id: String, text: LocalizedText, metric: PlanMetric, comparison: PlanComparison, value: Double,
                formID: String?, responsibleUnit: String, supportingUnits: [String], evidence: LocalizedText?) {
        self.id = id
        self.text = text
        self.metric = metric
        self.comparison = comparison
        self.value = value
        self.formID = formID
        self.responsibleUnit = responsibleUnit
        self.supportingUnits = supportingUnits
        self.evidence = evidence
    }

    /// Whether CivicVoice computes the value (true) or the responsible unit enters it.
    public var isComputed: Bool { metric.isComputed }
}
