import Yams

/// Gathers issues for one file while it is read; readers keep going after each one.
struct IssueCollector {
    let file: String
    private(set) var issues: [FormIssue] = []

    init(file: String) {
        self.file = file
    }

    /// Records a problem at `node`'s position (1:1 when the node has none).
    mutating func add(_ message: String, at node: Node?, path: YAMLPath) {
        let mark = node?.mark
        add(message, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path)
    }

    mutating func add(_ message: String, line: Int, column: Int, path: YAMLPath) {
        issues.append(FormIssue(file: file, line: line, column: column, keyPath: path.description, message: message))
    }

    var isEmpty: Bool { issues.isEmpty }
}
