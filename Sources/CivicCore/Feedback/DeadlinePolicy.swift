import Foundation

/// How many working days a PAKN item has, from `Forms/workflow/deadlines.yaml`.
///
/// The law sets no single number for PAKN handling, so the service makes it configurable per
/// category (the options of `Forms/pakn.yaml`'s `category` question) and per unit.
///
/// Guarantees: every number is in ``allowedRange``; the most specific rule wins:
/// unit + category > unit default > category > default.
public struct DeadlinePolicy: Sendable, Hashable, Codable {
    /// What one unit changes.
    public struct UnitRule: Sendable, Hashable, Codable {
        /// Replaces the category and global numbers for this unit, where it has no category rule.
        public let defaultDays: Int?
        /// By category.
        public let categories: [String: Int]

        public init(defaultDays: Int? = nil, categories: [String: Int] = [:]) {
            self.defaultDays = defaultDays
            self.categories = categories
        }
    }

    /// A deadline is at least one working day and at most a working year.
    public static let allowedRange = 1...250

    public let defaultDays: Int
    /// By category (option value).
    public let categories: [String: Int]
    /// By unit code.
    public let units: [String: UnitRule]

    public init(defaultDays: Int, categories: [String: Int] = [:], units: [String: UnitRule] = [:]) {
        self.defaultDays = defaultDays
        self.categories = categories
        self.units = units
    }

    /// The working days an item of `category` handled by `unitCode` has.
    ///
    /// Precedence: the unit's rule for the category, the unit's default, the category's rule, the
    /// default. A nil or unknown category or unit simply matches no rule.
    public func workingDays(category: String?, unitCode: String?) -> Int {
        let unit = unitCode.flatMap { units[$0] }
        if let unit, let category, let days = unit.categories[category] { return days }
        if let days = unit?.defaultDays { return days }
        if let category, let days = categories[category] { return days }
        return defaultDays
    }

    /// The due date of an item accepted on `acceptedOn`:
    /// `calendar.addingWorkingDays(workingDays(category:unitCode:), to: acceptedOn)`.
    public func dueDate(acceptedOn: CalendarDate, category: String?, unitCode: String?,
                        calendar: WorkingCalendar) -> CalendarDate {
        calendar.addingWorkingDays(workingDays(category: category, unitCode: unitCode), to: acceptedOn)
    }

    /// Reads `Forms/workflow/deadlines.yaml` at `url`; see ``parse(yaml:file:knownCategories:)``.
    /// - Throws: ``FormValidationErrors`` with every issue.
    public static func load(url: URL, knownCategories: Set<String>? = nil) throws(FormValidationErrors) -> DeadlinePolicy {
        try parse(yaml: try WorkflowYAML.read(url), file: url.path, knownCategories: knownCategories)
    }
}
