/// What a plan target measures, and so where its value comes from.
///
/// The computed metrics are figures CivicVoice already holds for the plan's unit and a period:
/// the satisfaction rate (of a form), the share of PAKN handled or forwarded, and the dossier
/// statistics' on-time, apology, online and postal shares. The entered measures are values the
/// responsible unit types in, with a note and evidence.
public enum PlanMetric: String, Sendable, Hashable, CaseIterable, Codable {
    case satisfaction
    case paknHandled = "pakn_handled"
    case dossiersOnTime = "dossiers_on_time"
    case lateDossierApologies = "late_dossier_apologies"
    case onlineShare = "online_share"
    case postalReceivedShare = "postal_received_share"
    case postalReturnedShare = "postal_returned_share"
    /// Entered: a percentage, 0…100.
    case percent
    /// Entered: a whole number.
    case count
    /// Entered: done (1) or not (0).
    case yesNo = "yes_no"

    /// How the value is written and compared.
    public enum Measure: String, Sendable, Hashable, Codable {
        case percent, count, yesNo = "yes_no"
    }

    public var isComputed: Bool {
        switch self {
        case .percent, .count, .yesNo: false
        default: true
        }
    }

    public var measure: Measure {
        switch self {
        case .count: .count
        case .yesNo: .yesNo
        default: .percent
        }
    }

    /// What the value comes from, as the file's `source:` spells it.
    public var source: PlanValueSource { isComputed ? .computed : .entered }

    public static var computed: [PlanMetric] { allCases.filter(\.isComputed) }
    public static var entered: [PlanMetric] { allCases.filter { !$0.isComputed } }
}
