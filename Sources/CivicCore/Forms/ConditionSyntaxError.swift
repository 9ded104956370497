/// Why a `show_if` expression could not be parsed, and where.
public struct ConditionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// 0-based offset, in Unicode scalars, of the offending spot in the expression.
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset + 1))" }
}
