import Foundation
import Yams

extension ReplyTemplates {
    static let templateKeys = ["id", "category", "state", "title", "text"]

    /// Parses
    /// ```yaml
    /// replies:
    ///   - id: resolved_procedure          # letters, digits, '_' or '-'; unique
    ///     category: administrative_procedure   # optional: every category when absent
    ///     state: resolved                 # resolved, forwarded or out_of_scope
    ///     title: {vi: …, en: …}
    ///     text: {vi: "… [[ngày]] …", en: "… [[date]] …"}
    /// ```
    /// - Parameter knownCategories: the pakn form's category options, when known.
    /// - Throws: ``FormValidationErrors`` with every issue, as `file:line:column: keyPath: message`.
    public static func parse(yaml: String, file: String, knownCategories: Set<String>? = nil) throws(FormValidationErrors) -> ReplyTemplates {
        var issues = IssueCollector(file: file)
        var templates: [Template] = []
        if let root = issues.compose(yaml), let document = YAMLMapping(root, path: .root, issues: &issues) {
            document.rejectUnknownKeys(allowed: ["replies"], issues: &issues)
            let path = YAMLPath.root.appending("replies")
            if let node = document.required("replies", issues: &issues), let items = issues.sequence(node, at: path) {
                var seen: Set<String> = []
                for (index, item) in items.enumerated() {
                    let itemPath = path.appending(index: index)
                    guard let mapping = YAMLMapping(item, path: itemPath, issues: &issues,
                                                    expected: "{id, category, state, title, text}") else { continue }
                    mapping.rejectUnknownKeys(allowed: templateKeys, issues: &issues)
                    let id = mapping.required("id", issues: &issues).flatMap {
                        issues.identifier($0, at: itemPath.appending("id"), pattern: .optionValue)
                    }
                    if let id, !seen.insert(id).inserted {
                        issues.add("the id '\(id)' is used twice", at: mapping["id"], path: itemPath.appending("id"))
                    }
                    var category: String?
                    if let node = mapping["category"], !node.isNull {
                        category = issues.nonEmptyString(node, at: itemPath.appending("category"))
                        if let category, let knownCategories, !knownCategories.contains(category) {
                            issues.add("'\(category)' is not a category of the pakn form; use one of "
                                       + knownCategories.sorted().joined(separator: ", "),
                                       at: node, path: itemPath.appending("category"))
                        }
                    }
                    var state: FeedbackState?
                    if let node = mapping.required("state", issues: &issues), let name = issues.string(node, at: itemPath.appending("state")) {
                        state = FeedbackState(rawValue: name).flatMap { replyActions[$0] == nil ? nil : $0 }
                        if state == nil {
                            issues.add("'\(name)' is not a state a reply leads to; use resolved, forwarded or out_of_scope",
                                       at: node, path: itemPath.appending("state"))
                        }
                    }
                    let title = mapping.required("title", issues: &issues).flatMap {
                        WorkflowYAML.localizedText($0, at: itemPath.appending("title"), issues: &issues)
                    }
                    let text = mapping.required("text", issues: &issues).flatMap {
                        WorkflowYAML.localizedText($0, at: itemPath.appending("text"), issues: &issues)
                    }
                    if let id, let state, let title, let text {
                        templates.append(Template(id: id, category: category, state: state, title: title, text: text))
                    }
                }
            }
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues.issues) }
        return ReplyTemplates(templates: templates)
    }

    /// Reads and parses the file at `url`.
    public static func load(url: URL, knownCategories: Set<String>?) throws(FormValidationErrors) -> ReplyTemplates {
        try parse(yaml: try WorkflowYAML.read(url), file: url.path, knownCategories: knownCategories)
    }
}
