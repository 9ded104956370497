/// Which responses and PAKN items a figure counts, by their unit.
///
/// Guarantees: the three scopes of one period fit together: `.everything` is the sum of the root
/// units' subtrees and `.unitless`; a unit whose subtree holds every root unit of the period
/// counts the unitless items too (``AnalyticsStore/unitScope(_:)``), so each item counts once in
/// any breakdown whose rows are the children of a unit and "unit not stated".
public enum UnitScope: Sendable, Hashable {
    /// The whole service: every response and item, with or without a unit.
    case everything
    /// A unit's subtree over the period (predecessors merged into it included), and what names no
    /// unit when that subtree covers the whole register.
    case unit(String)
    /// Only what names no unit: the breakdown row "unit not stated".
    case unitless

    /// `.unit(code)`, or `.everything` for nil.
    public init(unitCode: String?) {
        self = unitCode.map(UnitScope.unit) ?? .everything
    }

    /// The unit's code; nil for the other scopes.
    public var unitCode: String? {
        if case .unit(let code) = self { code } else { nil }
    }

    var isUnitless: Bool { self == .unitless }
}
