import Yams

extension UnitImport {
    static let yamlKeys = ["code", "parent", "kind", "names", "effective_from", "effective_to", "successor", "succession"]

    /// Parses a YAML (or JSON) document `units: [ {code, parent, kind, names, effective_from,
    /// effective_to, successor, succession}, … ]`. `successor` is one code or a list; `succession`
    /// defaults to merger for one successor and split for several.
    /// - Throws: ``FormValidationErrors`` with every problem, each at its line and key path.
    public static func parse(yaml: String, file: String) throws(FormValidationErrors) -> UnitImport {
        var issues = IssueCollector(file: file)
        var drafts: [Unit] = []
        if let root = issues.compose(yaml), let document = YAMLMapping(root, path: .root, issues: &issues) {
            document.rejectUnknownKeys(allowed: ["units"], issues: &issues)
            if let list = document.required("units", issues: &issues),
               let entries = issues.sequence(list, at: YAMLPath.root.appending("units")) {
                for (index, node) in entries.enumerated() {
                    if let unit = parseEntry(node, at: YAMLPath.root.appending("units").appending(index: index), issues: &issues) {
                        drafts.append(unit)
                    }
                }
            }
        }
        return try assemble(drafts, file: file, issues: issues.issues)
    }

    private static func parseEntry(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> Unit? {
        guard let entry = YAMLMapping(node, path: path, issues: &issues) else { return nil }
        entry.rejectUnknownKeys(allowed: yamlKeys, issues: &issues)
        let before = issues.issues.count
        let code = entry.required("code", issues: &issues).flatMap { issues.unitCode($0, at: path.appending("code")) }
        let parent = entry["parent"].flatMap { $0.isNull ? nil : issues.unitCode($0, at: path.appending("parent")) }
        let kind = entry.required("kind", issues: &issues).flatMap { issues.enumeration(Kind.self, $0, at: path.appending("kind")) }
        var names: [String: String] = [:]
        if let namesNode = entry.required("names", issues: &issues),
           let mapping = YAMLMapping(namesNode, path: path.appending("names"), issues: &issues,
                                     expected: "a mapping of language tags to names") {
            for item in mapping.entries {
                let itemPath = path.appending("names").appending(item.key)
                guard LanguageChain.canonicalTag(item.key) == item.key else {
                    issues.add("'\(item.key)' is not a language tag such as vi, en or hmn", at: item.keyNode, path: itemPath)
                    continue
                }
                if let name = issues.nonEmptyString(item.value, at: itemPath) { names[item.key] = name }
            }
            if mapping["vi"] == nil { issues.add("a Vietnamese name (vi) is required", at: namesNode, path: path.appending("names")) }
        }
        let from = entry.required("effective_from", issues: &issues).flatMap { issues.date($0, at: path.appending("effective_from")) }
        let to = entry["effective_to"].flatMap { $0.isNull ? nil : issues.date($0, at: path.appending("effective_to")) }
        var successors: [String] = []
        if let node = entry["successor"], !node.isNull {
            if case .sequence = node {
                for (index, item) in (issues.sequence(node, at: path.appending("successor")) ?? []).enumerated() {
                    if let code = issues.unitCode(item, at: path.appending("successor").appending(index: index)) {
                        successors.append(code)
                    }
                }
            } else if let code = issues.unitCode(node, at: path.appending("successor")) {
                successors.append(code)
            }
        }
        let succession = entry["succession"].flatMap { issues.enumeration(SuccessionKind.self, $0, at: path.appending("succession")) }
        guard issues.issues.count == before, let code, let kind, let from else { return nil }
        let mark = node.mark
        return Unit(code: code, parent: parent, kind: kind, names: names, effectiveFrom: from, effectiveTo: to,
                    successors: successors, succession: succession ?? (successors.count > 1 ? .split : .merger),
                    position: Position(line: mark?.line ?? 1, column: mark?.column ?? 1, keyPath: path.description))
    }

    /// The checks within one file, shared by the YAML and CSV readers; orders parents first.
    static func assemble(_ drafts: [Unit], file: String, issues parseIssues: [FormIssue]) throws(FormValidationErrors) -> UnitImport {
        var issues = parseIssues
        func report(_ unit: Unit, _ field: String, _ message: String) {
            issues.append(FormIssue(file: file, line: unit.position.line, column: unit.position.column,
                                    keyPath: "\(unit.position.keyPath).\(field)", message: message))
        }
        var byCode: [String: Unit] = [:]
        for unit in drafts {
            if let first = byCode[unit.code] {
                report(unit, "code", "duplicate code '\(unit.code)'; line \(first.position.line) already has it")
                continue
            }
            byCode[unit.code] = unit
            if let to = unit.effectiveTo, to <= unit.effectiveFrom {
                report(unit, "effective_to", "must be after effective_from (\(unit.effectiveFrom)); it is the first day the unit no longer exists")
            }
            if !unit.successors.isEmpty, unit.effectiveTo == nil {
                report(unit, "effective_to", "a unit with a successor must end: effective_to is the day of the succession")
            }
            if unit.parent == unit.code { report(unit, "parent", "a unit cannot be its own parent") }
            if unit.successors.contains(unit.code) { report(unit, "successor", "a unit cannot be its own successor") }
            if Set(unit.successors).count != unit.successors.count { report(unit, "successor", "a successor is listed twice") }
            if unit.kind == .province, unit.parent != nil { report(unit, "parent", "a province has no parent") }
        }
        // Parents first: a depth-first walk over the file's own parent links, which also finds loops.
        var ordered: [Unit] = []
        var state: [String: Bool] = [:]  // false: in progress, true: done
        func visit(_ unit: Unit) {
            if state[unit.code] == true { return }
            if state[unit.code] == false {
                report(unit, "parent", "the parent chain of \(unit.code) loops back to it")
                return
            }
            state[unit.code] = false
            if let parentCode = unit.parent, let parent = byCode[parentCode] { visit(parent) }
            state[unit.code] = true
            ordered.append(unit)
        }
        for unit in drafts where byCode[unit.code] == unit { visit(unit) }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        return UnitImport(file: file, units: ordered)
    }
}

extension IssueCollector {
    /// A unit code as the `units` table accepts it: 1–64 letters, digits, `.`, `_` or `-`,
    /// starting with a letter or digit.
    mutating func unitCode(_ node: Node, at path: YAMLPath) -> String? {
        guard let code = identifier(node, at: path, pattern: .unitCode) else { return nil }
        guard UnitImport.isValidCode(code) else {
            add("'\(code)' is not a valid unit code: at most 64 characters, starting with a letter or digit", at: node, path: path)
            return nil
        }
        return code
    }
}

extension UnitImport {
    static func isValidCode(_ code: String) -> Bool {
        guard (1...64).contains(code.count), let first = code.first, first.isASCII, first.isLetter || first.isNumber
        else { return false }
        return IdentifierPattern.unitCode.matches(code)
    }
}
