import Foundation
import Yams

extension PlanDefinition {
    static let topLevelKeys = ["year", "unit", "title", "document", "areas"]
    static let areaKeys = ["id", "number", "title", "responsible", "supporting", "targets"]
    static let targetKeys = ["id", "text", "metric", "source", "comparison", "value", "form", "responsible",
                             "supporting", "evidence"]

    /// Target and area ids: safe in URLs and HTML names (`satisfaction`, `reform-initiatives`).
    static let idPattern = IdentifierPattern(
        name: "id", rule: "a lowercase letter, then lowercase letters, digits, '_' or '-'"
    ) { text in
        guard let first = text.first, first.isASCII, first.isLowercase else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Parses one plan file (the format is in Forms/README.md, "Plans").
    ///
    /// Every key is checked and reading goes on after each problem, so an author fixes a whole file
    /// in one pass. `knownForms`, when given, are the form ids a satisfaction target may name.
    /// - Parameter file: the path shown in issues; its name must be `<year>-<unit>.yaml`.
    /// - Throws: ``FormValidationErrors`` with every issue as `file:line:column: keyPath: message`.
    public static func parse(yaml: String, file: String, knownForms: Set<String>? = nil) throws(FormValidationErrors) -> PlanDefinition {
        var issues = IssueCollector(file: file)
        var plan: PlanDefinition?
        if let root = issues.compose(yaml), let document = YAMLMapping(root, path: .root, issues: &issues) {
            plan = parseDocument(document, file: file, knownForms: knownForms, issues: &issues)
        }
        guard issues.isEmpty, let plan else { throw FormValidationErrors(issues.issues) }
        return plan
    }

    private static func parseDocument(_ document: YAMLMapping, file: String, knownForms: Set<String>?,
                                      issues: inout IssueCollector) -> PlanDefinition? {
        document.rejectUnknownKeys(allowed: topLevelKeys, issues: &issues)
        let root = YAMLPath.root
        let yearNode = document.required("year", issues: &issues)
        var year = yearNode.flatMap { issues.integer($0, at: root.appending("year")) }
        if let value = year, !ReportingPeriod.supportedYears.contains(value) {
            issues.add("\(value) is not a plan year; expected \(ReportingPeriod.supportedYears.lowerBound)…\(ReportingPeriod.supportedYears.upperBound)",
                       at: yearNode, path: root.appending("year"))
            year = nil
        }
        let unit = document.required("unit", issues: &issues).flatMap {
            issues.identifier($0, at: root.appending("unit"), pattern: .unitCode)
        }
        let title = document.required("title", issues: &issues).flatMap {
            WorkflowYAML.localizedText($0, at: root.appending("title"), issues: &issues)
        }
        var reference: LocalizedText?
        if let node = document["document"] {
            reference = WorkflowYAML.localizedText(node, at: root.appending("document"), issues: &issues)
        }
        let stem = FormCatalog.SourceFile(path: file, contents: "").stem
        if let year, let unit, stem != PlanDefinition.id(year: year, unitCode: unit) {
            issues.add("a plan for \(year) of \(unit) belongs in \(PlanDefinition.id(year: year, unitCode: unit)).yaml, not \(stem).yaml",
                       at: yearNode, path: root.appending("year"))
        }

        var areas: [PlanArea] = []
        var areaLines: [String: Int] = [:]
        var targetLines: [String: Int] = [:]
        let areasPath = root.appending("areas")
        if let list = document.required("areas", issues: &issues), let entries = issues.sequence(list, at: areasPath) {
            if entries.isEmpty { issues.add("a plan needs at least one area", at: list, path: areasPath) }
            for (index, node) in entries.enumerated() {
                let path = areasPath.appending(index: index)
                guard let area = parseArea(node, at: path, knownForms: knownForms, targetLines: &targetLines,
                                           issues: &issues) else { continue }
                if isFirst(area.id, "area", of: node, at: path, lines: &areaLines, issues: &issues) { areas.append(area) }
            }
        }
        guard let year, let unit, let title else { return nil }
        return PlanDefinition(id: stem, year: year, unitCode: unit, title: title, document: reference, areas: areas)
    }

    private static func parseArea(_ node: Node, at path: YAMLPath, knownForms: Set<String>?,
                                  targetLines: inout [String: Int], issues: inout IssueCollector) -> PlanArea? {
        guard let entry = YAMLMapping(node, path: path, issues: &issues,
                                      expected: "an area {id: …, title: {vi: …}, responsible: UNIT, targets: […]}")
        else { return nil }
        entry.rejectUnknownKeys(allowed: areaKeys, issues: &issues)
        let id = entry.required("id", issues: &issues).flatMap { issues.identifier($0, at: path.appending("id"), pattern: idPattern) }
        let number = entry.required("number", issues: &issues).flatMap { issues.nonEmptyString($0, at: path.appending("number")) }
        let title = entry.required("title", issues: &issues).flatMap {
            WorkflowYAML.localizedText($0, at: path.appending("title"), issues: &issues)
        }
        let responsible = entry.required("responsible", issues: &issues).flatMap {
            issues.identifier($0, at: path.appending("responsible"), pattern: .unitCode)
        }
        let supporting = entry["supporting"].map { unitList($0, at: path.appending("supporting"), issues: &issues) } ?? []

        var targets: [PlanTarget] = []
        let targetsPath = path.appending("targets")
        if let list = entry.required("targets", issues: &issues), let entries = issues.sequence(list, at: targetsPath) {
            if entries.isEmpty { issues.add("an area needs at least one target", at: list, path: targetsPath) }
            for (index, targetNode) in entries.enumerated() {
                let targetPath = targetsPath.appending(index: index)
                guard let target = parseTarget(targetNode, at: targetPath, area: (responsible, supporting),
                                               knownForms: knownForms, issues: &issues) else { continue }
                if isFirst(target.id, "target", of: targetNode, at: targetPath, lines: &targetLines, issues: &issues) {
                    targets.append(target)
                }
            }
        }
        guard let id, let number, let title, let responsible else { return nil }
        return PlanArea(id: id, number: number, title: title, responsibleUnit: responsible, supportingUnits: supporting,
                        targets: targets)
    }

    private static func parseTarget(_ node: Node, at path: YAMLPath, area: (responsible: String?, supporting: [String]),
                                    knownForms: Set<String>?, issues: inout IssueCollector) -> PlanTarget? {
        guard let entry = YAMLMapping(node, path: path, issues: &issues,
                                      expected: "a target {id: …, text: {vi: …}, metric: …, source: …, comparison: \">=\", value: …}")
        else { return nil }
        entry.rejectUnknownKeys(allowed: targetKeys, issues: &issues)
        let id = entry.required("id", issues: &issues).flatMap { issues.identifier($0, at: path.appending("id"), pattern: idPattern) }
        let text = entry.required("text", issues: &issues).flatMap {
            WorkflowYAML.localizedText($0, at: path.appending("text"), issues: &issues)
        }
        let metric = entry.required("metric", issues: &issues).flatMap {
            issues.enumeration(PlanMetric.self, $0, at: path.appending("metric"))
        }
        let sourceNode = entry.required("source", issues: &issues)
        var source = sourceNode.flatMap { issues.enumeration(PlanValueSource.self, $0, at: path.appending("source")) }
        if let metric, let given = source, given != metric.source {
            let names = (metric.isComputed ? PlanMetric.entered : PlanMetric.computed).map(\.rawValue).joined(separator: ", ")
            issues.add("metric '\(metric.rawValue)' is \(metric.source.rawValue), so source must be '\(metric.source.rawValue)'; "
                       + "\(given.rawValue) metrics are: \(names)", at: sourceNode, path: path.appending("source"))
            source = nil
        }
        let comparisonNode = entry.required("comparison", issues: &issues)
        let comparison = comparisonNode.flatMap { parseComparison($0, at: path.appending("comparison"), issues: &issues) }
        let valueNode = entry.required("value", issues: &issues)
        var value: Double?
        if let valueNode, let metric {
            value = targetValue(valueNode, measure: metric.measure, at: path.appending("value"), issues: &issues)
        }
        if metric?.measure == .yesNo, let comparison, comparison != .equal {
            issues.add("a yes_no target is compared with \"=\" (value: true or false)", at: comparisonNode,
                       path: path.appending("comparison"))
        }
        var formID: String?
        if let formNode = entry["form"] {
            if let metric, metric != .satisfaction {
                issues.add("only a satisfaction target counts a form; '\(metric.rawValue)' does not", at: formNode,
                           path: path.appending("form"))
            } else if let form = issues.identifier(formNode, at: path.appending("form"), pattern: .formID) {
                if let knownForms, !knownForms.contains(form) {
                    issues.add("no form has the id '\(form)'; forms: \(knownForms.sorted().joined(separator: ", "))",
                               at: formNode, path: path.appending("form"))
                } else {
                    formID = form
                }
            }
        }
        var responsible = area.responsible
        if let node = entry["responsible"] {
            responsible = issues.identifier(node, at: path.appending("responsible"), pattern: .unitCode)
        }
        let supporting = entry["supporting"].map { unitList($0, at: path.appending("supporting"), issues: &issues) }
            ?? area.supporting
        var evidence: LocalizedText?
        if let node = entry["evidence"] {
            evidence = WorkflowYAML.localizedText(node, at: path.appending("evidence"), issues: &issues)
        }
        guard let id, let text, let metric, source != nil, let comparison, let value, let responsible else { return nil }
        return PlanTarget(id: id, text: text, metric: metric, comparison: comparison, value: value, formID: formID,
                          responsibleUnit: responsible, supportingUnits: supporting, evidence: evidence)
    }

    /// Whether `id` (of an area or target `node`) is the first use of it; a later one is an issue.
    private static func isFirst(_ id: String, _ what: String, of node: Node, at path: YAMLPath, lines: inout [String: Int],
                                issues: inout IssueCollector) -> Bool {
        if let line = lines[id] {
            issues.add("duplicate \(what) id '\(id)'; line \(line) already uses it", at: node["id"], path: path.appending("id"))
            return false
        }
        lines[id] = node["id"]?.mark?.line ?? 1
        return true
    }

    /// `">="`, `"<="` or `"="` (also `≥`, `≤`); YAML needs the quotes, since a bare `>` starts a block.
    private static func parseComparison(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> PlanComparison? {
        guard let text = issues.string(node, at: path) else { return nil }
        switch text.trimmingCharacters(in: .whitespaces) {
        case ">=", "≥": return .atLeast
        case "<=", "≤": return .atMost
        case "=", "==": return .equal
        default:
            issues.add("'\(text)' is not a comparison; expected \">=\", \"<=\" or \"=\" (in quotes)", at: node, path: path)
            return nil
        }
    }

    /// The value to reach in `measure`: a percentage 0…100, a whole count ≥ 0, or true/false.
    private static func targetValue(_ node: Node, measure: PlanMetric.Measure, at path: YAMLPath,
                                    issues: inout IssueCollector) -> Double? {
        switch measure {
        case .yesNo:
            return issues.bool(node, at: path).map { $0 ? 1 : 0 }
        case .count:
            guard let count = issues.integer(node, at: path) else { return nil }
            guard count >= 0 else {
                issues.add("a count cannot be negative", at: node, path: path)
                return nil
            }
            return Double(count)
        case .percent:
            guard let decimal = issues.decimal(node, at: path) else { return nil }
            let percent = NSDecimalNumber(decimal: decimal).doubleValue
            guard (0...100).contains(percent) else {
                issues.add("\(decimal) is not a percentage; write 98 for 98%, within 0…100", at: node, path: path)
                return nil
            }
            return percent
        }
    }

    private static func unitList(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> [String] {
        guard let entries = issues.sequence(node, at: path) else { return [] }
        return entries.enumerated().compactMap { index, entry in
            issues.identifier(entry, at: path.appending(index: index), pattern: .unitCode)
        }
    }
}
