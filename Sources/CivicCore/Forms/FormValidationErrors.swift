/// Every problem found while loading forms: loading never stops at the first one, so an author
/// can fix a whole file in one pass.
///
/// Guarantees: `issues` is non-empty when thrown, sorted by file, line and column.
public struct FormValidationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public let issues: [FormIssue]

    public init(_ issues: [FormIssue]) {
        self.issues = issues.sorted(by: FormIssue.isOrderedBefore)
    }

    /// One issue per line, as `file:line:column: keyPath: message`.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

extension FormIssue {
    /// Reading order: by file, then position, then key path and message for a stable result.
    static func isOrderedBefore(_ lhs: FormIssue, _ rhs: FormIssue) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.keyPath, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.keyPath, rhs.message)
    }
}
