/// The environment could not be turned into an ``AppConfiguration``: lists every bad key.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable {
        public let key: String
        public let reason: String
    }

    public let problems: [Problem]

    public var description: String {
        let lines = problems.map { "  \($0.key): \($0.reason)" }
        return (["invalid configuration (\(problems.count) problem\(problems.count == 1 ? "" : "s")):"] + lines)
            .joined(separator: "\n")
    }
}
