import Yams

extension DeadlinePolicy {
    static let topLevelKeys = ["default", "categories", "units", "classification", "handling_from"]
    static let unitKeys = ["default", "categories"]
    static let classificationKeys = ["default", "categories"]

    /// Parses
    /// ```yaml
    /// default: 15                          # working days, required
    /// categories:                          # optional: category option value → working days
    ///   administrative_procedure: 10
    /// units:                               # optional: unit code → its own numbers
    ///   SO-VHTTDL: {default: 12, categories: {regulation: 20}}
    /// classification:                      # optional: working days from receipt to classify
    ///   default: 3                         # 3 when absent
    ///   categories: {regulation: 5}
    /// handling_from: acceptance            # optional: acceptance (default) or receipt
    /// ```
    /// - Parameter knownCategories: when given (the pakn form's category options), a category
    ///   outside it is reported, with a suggestion for a near miss.
    /// - Throws: ``FormValidationErrors`` with every issue, as `file:line:column: keyPath: message`.
    public static func parse(yaml: String, file: String, knownCategories: Set<String>? = nil) throws(FormValidationErrors) -> DeadlinePolicy {
        var issues = IssueCollector(file: file)
        var defaultDays: Int?
        var categories: [String: Int] = [:]
        var units: [String: UnitRule] = [:]
        var classificationDays = defaultClassificationDays
        var classificationCategories: [String: Int] = [:]
        var handlingStart = HandlingStart.acceptance
        if let root = issues.compose(yaml), let document = YAMLMapping(root, path: .root, issues: &issues) {
            document.rejectUnknownKeys(allowed: topLevelKeys, issues: &issues)
            defaultDays = document.required("default", issues: &issues).flatMap {
                WorkflowYAML.workingDays($0, at: YAMLPath.root.appending("default"), range: allowedRange, issues: &issues)
            }
            if let node = document["categories"], !node.isNull {
                categories = parseCategories(node, at: YAMLPath.root.appending("categories"),
                                             known: knownCategories, issues: &issues)
            }
            if let node = document["units"], !node.isNull,
               let mapping = YAMLMapping(node, path: YAMLPath.root.appending("units"), issues: &issues,
                                         expected: "a mapping of unit codes to {default, categories}") {
                for entry in mapping.entries {
                    let path = mapping.path.appending(entry.key)
                    guard WorkflowYAML.isUnitCode(entry.key) else {
                        issues.add("'\(entry.key)' is not a unit code: a letter or digit, then letters, digits, '.', '_' or '-'",
                                   at: entry.keyNode, path: path)
                        continue
                    }
                    if let rule = parseUnit(entry.value, at: path, known: knownCategories, issues: &issues) {
                        units[entry.key] = rule
                    }
                }
            }
            if let node = document["classification"], !node.isNull {
                let path = YAMLPath.root.appending("classification")
                if let mapping = YAMLMapping(node, path: path, issues: &issues,
                                             expected: "{default: <working days>, categories: {…}}") {
                    mapping.rejectUnknownKeys(allowed: classificationKeys, issues: &issues)
                    if let days = mapping["default"].flatMap({
                        WorkflowYAML.workingDays($0, at: path.appending("default"), range: allowedRange, issues: &issues)
                    }) {
                        classificationDays = days
                    }
                    if let categoriesNode = mapping["categories"], !categoriesNode.isNull {
                        classificationCategories = parseCategories(categoriesNode, at: path.appending("categories"),
                                                                   known: knownCategories, issues: &issues)
                    }
                }
            }
            if let node = document["handling_from"] {
                let path = YAMLPath.root.appending("handling_from")
                let allowed = HandlingStart.allCases.map(\.rawValue)
                if let text = issues.nonEmptyString(node, at: path) {
                    if let start = HandlingStart(rawValue: text) {
                        handlingStart = start
                    } else {
                        issues.add("'\(text)' is not allowed; expected one of: \(allowed.joined(separator: ", "))",
                                   at: node, path: path)
                    }
                }
            }
        }
        guard issues.isEmpty, let defaultDays else { throw FormValidationErrors(issues.issues) }
        return DeadlinePolicy(defaultDays: defaultDays, categories: categories, units: units,
                              classificationDefaultDays: classificationDays,
                              classificationCategories: classificationCategories, handlingStart: handlingStart)
    }

    private static func parseUnit(_ node: Node, at path: YAMLPath, known: Set<String>?,
                                  issues: inout IssueCollector) -> UnitRule? {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "{default: <working days>, categories: {…}}")
        else { return nil }
        mapping.rejectUnknownKeys(allowed: unitKeys, issues: &issues)
        let defaultDays = mapping["default"].flatMap {
            WorkflowYAML.workingDays($0, at: path.appending("default"), range: allowedRange, issues: &issues)
        }
        var categories: [String: Int] = [:]
        if let node = mapping["categories"], !node.isNull {
            categories = parseCategories(node, at: path.appending("categories"), known: known, issues: &issues)
        }
        if mapping["default"] == nil, mapping["categories"] == nil {
            issues.add("a unit needs 'default', 'categories' or both", at: node, path: path)
            return nil
        }
        return UnitRule(defaultDays: defaultDays, categories: categories)
    }

    private static func parseCategories(_ node: Node, at path: YAMLPath, known: Set<String>?,
                                        issues: inout IssueCollector) -> [String: Int] {
        guard let mapping = YAMLMapping(node, path: path, issues: &issues,
                                        expected: "a mapping of categories to working days")
        else { return [:] }
        if let known {
            mapping.rejectUnknownKeys(allowed: known.sorted(), issues: &issues, context: "(not a category of the pakn form)")
        }
        var result: [String: Int] = [:]
        for entry in mapping.entries {
            let entryPath = path.appending(entry.key)
            if let known, !known.contains(entry.key) { continue }
            guard IdentifierPattern.optionValue.matches(entry.key) else {
                issues.add("'\(entry.key)' is not a valid category: \(IdentifierPattern.optionValue.rule)",
                           at: entry.keyNode, path: entryPath)
                continue
            }
            if let days = WorkflowYAML.workingDays(entry.value, at: entryPath, range: allowedRange, issues: &issues) {
                result[entry.key] = days
            }
        }
        return result
    }
}
