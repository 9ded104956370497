import Logging
import Synchronization

/// A LogHandler that keeps every line in memory, for tests that check what reaches the logs.
/// Passed explicitly as a `logger:` (LoggingSystem.bootstrap is process-wide).
public struct CapturingLogHandler: LogHandler {
    public final class Lines: Sendable {
        private let lines = Mutex<[String]>([])

        public init() {}

        func append(_ line: String) { lines.withLock { $0.append(line) } }

        /// Every line so far, message and metadata.
        public var all: [String] { lines.withLock { $0 } }
    }

    public let lines: Lines
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(lines: Lines) {
        self.lines = lines
    }

    /// A logger at trace level writing into `lines`.
    public static func logger(_ lines: Lines) -> Logger {
        Logger(label: "civicvoice.capture") { _ in CapturingLogHandler(lines: lines) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.append("\(event.level) \(event.message) \(merged)")
    }
}
