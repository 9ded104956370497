/// Where a target's value comes from.
public enum PlanValueSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// CivicVoice counts it from what it holds.
    case computed
    /// The responsible unit enters it, with a note and evidence.
    case entered
}
