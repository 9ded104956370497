import Foundation

/// How many working days a PAKN item has, from `Forms/workflow/deadlines.yaml`.
///
/// The law sets no single number for PAKN handling, so the service makes it configurable per
/// category (the options of `Forms/pakn.yaml`'s `category` question) and per unit.
///
/// Guarantees: every number is in ``allowedRange``; the most specific rule wins:
/// unit + category > unit default > category > default. An item also has a classification
/// deadline from its receipt (``DeadlinePolicy+Classification``), 3 working days unless the file
/// says otherwise, so an item nobody triages becomes overdue too.
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

    /// Where the handling deadline's count starts.
    public enum HandlingStart: String, Sendable, Hashable, Codable, CaseIterable {
        /// The day the item is accepted (triaged as in scope): the days to classify do not count.
        case acceptance
        /// The day the item was received: classifying it uses up handling time.
        case receipt
    }

    /// A deadline is at least one working day and at most a working year.
    public static let allowedRange = 1...250
    /// Working days to classify an item from its receipt when `deadlines.yaml` says nothing.
    public static let defaultClassificationDays = 3

    public let defaultDays: Int
    /// By category (option value).
    public let categories: [String: Int]
    /// By unit code.
    public let units: [String: UnitRule]
    /// Working days from receipt to classify an item (accept it or mark it out of scope), unless
    /// its category has its own number.
    public let classificationDefaultDays: Int
    /// Working days to classify, by category.
    public let classificationCategories: [String: Int]
    /// Whether the handling deadline counts from acceptance (the default) or from receipt.
    public let handlingStart: HandlingStart

    public init(defaultDays: Int, categories: [String: Int] = [:], units: [String: UnitRule] = [:],
                classificationDefaultDays: Int = DeadlinePolicy.defaultClassificationDays,
                classificationCategories: [String: Int] = [:], handlingStart: HandlingStart = .acceptance) {
        self.defaultDays = defaultDays
        self.categories = categories
        self.units = units
        self.classificationDefaultDays = classificationDefaultDays
        self.classificationCategories = classificationCategories
        self.handlingStart = handlingStart
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

    /// The handling due date of an item received on `receivedOn` and accepted on `acceptedOn`: the
    /// working days counted from acceptance or from receipt, as ``handlingStart`` says.
    public func dueDate(receivedOn: CalendarDate, acceptedOn: CalendarDate, category: String?, unitCode: String?,
                        calendar: WorkingCalendar) -> CalendarDate {
        dueDate(acceptedOn: handlingStart == .receipt ? receivedOn : acceptedOn, category: category,
                unitCode: unitCode, calendar: calendar)
    }

    /// Reads `Forms/workflow/deadlines.yaml` at `url`; see ``parse(yaml:file:knownCategories:)``.
    /// - Throws: ``FormValidationErrors`` with every issue.
    public static func load(url: URL, knownCategories: Set<String>? = nil) throws(FormValidationErrors) -> DeadlinePolicy {
        try parse(yaml: try WorkflowYAML.read(url), file: url.path, knownCategories: knownCategories)
    }
}
