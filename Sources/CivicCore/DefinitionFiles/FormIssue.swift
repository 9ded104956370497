/// One problem found in a form or UI-strings file, located precisely enough to fix it.
///
/// `line` and `column` are 1-based and count Unicode scalars, as libyaml does. `keyPath` names the
/// offending value (`sections[0].questions[2].label.en`); it is empty for a problem with the file
/// as a whole.
public struct FormIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let keyPath: String
    public let message: String

    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `file:line:column: keyPath: message`, the shape compilers use, so editors can jump to it.
    /// The key path part is left out when it is empty.
    public var description: String {
        keyPath.isEmpty
            ? "\(file):\(line):\(column): \(message)"
            : "\(file):\(line):\(column): \(keyPath): \(message)"
    }
}
