/// Which satisfaction target a unit is held to for a form on a day, and where it comes from: the
/// same rule as the analytics query (`AnalyticsStore.targets`):
/// - a setting is keyed by unit (nil: the default for every unit) and form (nil: every form) and
///   takes effect from the 1st of a month (nil: every period, the settings made before targets
///   had an effective period); for a key, the setting in force on the day is the latest that took
///   effect on or before it, and one with no target means the key has none from then on;
/// - the unit's own setting wins, else its parent's and so on up to the root, else the default,
///   else the built-in ``RateReport/satisfactionTarget``; at each level a setting for the form
///   beats one for every form.
/// A report holds a unit to the target in force on its period's last day, so a change leaves the
/// periods that ended before it as they were. The console shows the source, which the query does
/// not give.
public struct TargetResolution: Sendable {
    /// One row of the settings: who, which form, from when, and the rate (nil: the key's own target
    /// ends from `from`).
    public struct Setting: Sendable, Hashable {
        public let unit: String?
        public let form: String?
        public let from: YearMonth?
        public let target: Double?

        public init(unit: String?, form: String?, from: YearMonth?, target: Double?) {
            self.unit = unit
            self.form = form
            self.from = from
            self.target = target
        }
    }

    public enum Source: Sendable, Hashable {
        /// Set on this unit or an ancestor (its code), in force since `since` (nil: every period).
        case unit(String, since: YearMonth?)
        /// The default setting for every unit, in force since `since`.
        case defaultSetting(since: YearMonth?)
        /// Nothing set: the built-in 90%.
        case builtIn
    }

    private struct Key: Hashable {
        let unit: String?
        let form: String?
    }

    /// Each key's settings, latest first (nil `from`, every period, last).
    private let history: [Key: [Setting]]
    private let parents: [String: String?]

    /// - Parameters:
    ///   - settings: every setting.
    ///   - parents: each unit's parent code.
    public init(settings: [Setting], parents: [String: String?]) {
        var history: [Key: [Setting]] = [:]
        for setting in settings { history[Key(unit: setting.unit, form: setting.form), default: []].append(setting) }
        self.history = history.mapValues { list in
            list.sorted { ($0.from.map { ($0.year, $0.month) } ?? (0, 0)) > ($1.from.map { ($0.year, $0.month) } ?? (0, 0)) }
        }
        self.parents = parents
    }

    /// The target of `unit` for `form` on `day`.
    public func target(unit: String, form: String, on day: CalendarDate) -> (target: Double, source: Source) {
        var next: String? = unit
        var seen: Set<String> = []
        while let code = next, seen.insert(code).inserted {
            if let found = inForce(Key(unit: code, form: form), on: day) ?? inForce(Key(unit: code, form: nil), on: day) {
                return (found.target, .unit(code, since: found.since))
            }
            next = parents[code] ?? nil
        }
        if let found = inForce(Key(unit: nil, form: form), on: day) ?? inForce(Key(unit: nil, form: nil), on: day) {
            return (found.target, .defaultSetting(since: found.since))
        }
        return (RateReport.satisfactionTarget, .builtIn)
    }

    /// The key's setting in force on `day`, when it has a target.
    private func inForce(_ key: Key, on day: CalendarDate) -> (target: Double, since: YearMonth?)? {
        let month = YearMonth(day)
        guard let latest = history[key]?.first(where: { $0.from.map { $0 <= month } ?? true }),
              let target = latest.target
        else { return nil }
        return (target, latest.from)
    }
}
