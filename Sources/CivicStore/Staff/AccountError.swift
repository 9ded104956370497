import CivicCore

/// Why an account, grant or token change was refused. Messages name the login or code given,
/// never a password or token.
public enum AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidLogin(String)
    case invalidPassword(String)
    case invalidDisplayName
    case loginTaken(String)
    case unknownUser(String)
    case unknownUnit(String)
    /// Analyst and handler grants need a unit: their permissions reach that unit's subtree.
    case unitRequired(StaffRole)
    case unknownToken
    case invalidExpiry

    public var description: String {
        switch self {
        case .invalidLogin(let login): "'\(login)' is not a valid login: 2-64 characters, a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
        case .invalidPassword(let reason): reason
        case .invalidDisplayName: "the display name must be 1-200 characters"
        case .loginTaken(let login): "the login '\(login)' is taken"
        case .unknownUser(let login): "no user '\(login)'"
        case .unknownUnit(let code): "no unit with code '\(code)'"
        case .unitRequired(let role): "a \(role.rawValue) grant needs a unit (--unit CODE): the role reaches that unit's subtree"
        case .unknownToken: "no such token"
        case .invalidExpiry: "the expiry must be 1 to 3650 days"
        }
    }
}
