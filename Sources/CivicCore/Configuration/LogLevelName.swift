/// The log levels the server understands, in swift-log's vocabulary.
///
/// CivicCore does not import swift-log; the executable maps this to `Logger.Level`.
public enum LogLevelName: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
