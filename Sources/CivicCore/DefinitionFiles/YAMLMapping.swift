import Yams

/// A YAML mapping whose keys are plain strings, kept in file order with each key's node, so that
/// unknown and missing keys can be reported where they are (or where they should be).
struct YAMLMapping {
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let node: Node
    let path: YAMLPath
    let entries: [Entry]

    /// Reads `node` as a mapping; records an issue and returns nil when it is something else.
    init?(_ node: Node, path: YAMLPath, issues: inout IssueCollector, expected: String = "a mapping") {
        guard case .mapping(let mapping) = node else {
            issues.add("expected \(expected), found \(node.kindDescription)", at: node, path: path)
            return nil
        }
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                issues.add("a key must be plain text, found \(keyNode.kindDescription)", at: keyNode, path: path)
                continue
            }
            entries.append(Entry(key: scalar.string, keyNode: keyNode, value: value))
        }
        self.node = node
        self.path = path
        self.entries = entries
    }

    /// The value under `key`, if present.
    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// Records every key not in `allowed` (with a suggestion when one is a near miss).
    func rejectUnknownKeys(allowed: [String], issues: inout IssueCollector, context: String? = nil) {
        for entry in entries where !allowed.contains(entry.key) {
            var message = "unknown key '\(entry.key)'"
            if let context { message += " \(context)" }
            if let suggestion = Self.nearestKey(to: entry.key, among: allowed) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; expected one of: \(allowed.joined(separator: ", "))"
            }
            issues.add(message, at: entry.keyNode, path: path.appending(entry.key))
        }
    }

    /// The value under `key`, or an issue at the mapping's start saying it is missing.
    func required(_ key: String, issues: inout IssueCollector) -> Node? {
        if let value = self[key] { return value }
        issues.add("missing required key '\(key)'", at: node, path: path)
        return nil
    }

    /// The allowed key within edit distance 2 of `key`, so that `lable` suggests `label`.
    static func nearestKey(to key: String, among allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
