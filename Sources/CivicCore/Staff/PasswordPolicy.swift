import Foundation

/// What a staff password set in the browser must be: the rules of ``StaffLogin/passwordProblem(_:)``
/// (length, bcrypt's 72 bytes, no control characters), and not a common password, nor one made of
/// a common password and trailing digits or symbols ("matkhau12345!"), nor one character or the
/// login repeated. Pure: the list of common passwords is given (CivicWeb ships it as a file).
public struct PasswordPolicy: Sendable {
    public enum Problem: String, Sendable, Hashable, CaseIterable {
        case tooShort = "too_short"
        case tooLong = "too_long"
        case controlCharacters = "control_characters"
        case common
        case containsLogin = "contains_login"
        case repetitive
    }

    let common: Set<String>

    public init(commonPasswords: some Sequence<String>) {
        common = Set(commonPasswords.map { $0.lowercased() })
    }

    /// The entries of a list file: one a line, `#` comments and blank lines skipped.
    public static func entries(ofList text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// How many passwords the list holds.
    public var listSize: Int { common.count }

    /// The first problem with `password` for the account `login`, or nil when it may be used.
    public func problem(_ password: String, login: String?) -> Problem? {
        if password.count < StaffLogin.minimumPasswordLength { return .tooShort }
        if password.utf8.count > StaffLogin.maximumPasswordBytes { return .tooLong }
        if StaffLogin.passwordProblem(password) != nil { return .controlCharacters }
        let lowered = password.lowercased()
        var base = Substring(lowered)
        while let last = base.last, !last.isLetter { base = base.dropLast() }
        let candidates = [lowered, String(base)].flatMap { [$0, $0.filter { !$0.isWhitespace }] }
        if candidates.contains(where: common.contains) { return .common }
        if let login, login.count >= 3, lowered.contains(login.lowercased()) { return .containsLogin }
        if Set(lowered).count <= 2 { return .repetitive }
        return nil
    }
}
