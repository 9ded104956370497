/// Why an analytics query could not be answered as asked. The HTTP layer answers these with 404 or 422.
public enum AnalyticsQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No unit has this code.
    case unknownUnit(String)
    /// No form has this id.
    case unknownForm(String)
    /// A target outside 0…1.
    case targetOutOfRange(Double)

    public var description: String {
        switch self {
        case .unknownUnit(let code): "no unit has the code '\(code)'"
        case .unknownForm(let id): "no form has the id '\(id)'"
        case .targetOutOfRange(let value): "a target lies between 0 and 1, not \(value)"
        }
    }
}
