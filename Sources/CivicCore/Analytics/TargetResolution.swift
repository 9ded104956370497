/// Which satisfaction target a unit is held to for a form, and where it comes from: the same
/// rule as the analytics query (`AnalyticsStore.target`): the unit's own setting, else its
/// parent's and so on up to the root, else the default (no unit), else the built-in
/// ``RateReport/satisfactionTarget``; at each level a setting for the form beats one for every
/// form. The console shows the source, which the query does not give.
public struct TargetResolution: Sendable {
    public enum Source: Sendable, Hashable {
        /// Set on this unit or an ancestor (its code).
        case unit(String)
        /// The default setting for every unit.
        case defaultSetting
        /// Nothing set: the built-in 90%.
        case builtIn
    }

    private struct Key: Hashable {
        let unit: String?
        let form: String?
    }

    private let targets: [Key: Double]
    private let parents: [String: String?]

    /// - Parameters:
    ///   - settings: every setting: unit code (nil: the default), form id (nil: every form), rate.
    ///   - parents: each unit's parent code.
    public init(settings: [(unit: String?, form: String?, target: Double)], parents: [String: String?]) {
        var targets: [Key: Double] = [:]
        for setting in settings { targets[Key(unit: setting.unit, form: setting.form)] = setting.target }
        self.targets = targets
        self.parents = parents
    }

    public func target(unit: String, form: String) -> (target: Double, source: Source) {
        var next: String? = unit
        var seen: Set<String> = []
        while let code = next, seen.insert(code).inserted {
            if let value = targets[Key(unit: code, form: form)] ?? targets[Key(unit: code, form: nil)] {
                return (value, .unit(code))
            }
            next = parents[code] ?? nil
        }
        if let value = targets[Key(unit: nil, form: form)] ?? targets[Key(unit: nil, form: nil)] {
            return (value, .defaultSetting)
        }
        return (RateReport.satisfactionTarget, .builtIn)
    }
}
