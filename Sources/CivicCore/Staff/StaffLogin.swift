/// Rules for login names and passwords, shared by the command line, the admin API and sign-in.
public enum StaffLogin {
    public static let minimumPasswordLength = 12
    /// bcrypt reads only the first 72 bytes: a longer password would be silently truncated.
    public static let maximumPasswordBytes = 72

    /// The canonical login (lower-case, trimmed), or nil when it is not 2–64 characters of
    /// `a-z`, `0-9`, `.`, `_`, `-` starting with a letter or digit (the database's own check).
    public static func normalized(_ text: String) -> String? {
        let login = VietnameseText.nfc(text).trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...64).contains(login.count), let first = login.first, first.isASCII,
              first.isLetter || first.isNumber,
              login.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else { return nil }
        return login
    }

    /// Why `password` cannot be used, or nil when it can.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "the password must have at least \(minimumPasswordLength) characters"
        }
        if password.utf8.count > maximumPasswordBytes {
            return "the password must be at most \(maximumPasswordBytes) bytes in UTF-8 (bcrypt ignores the rest)"
        }
        if VietnameseText.containsDisallowedControlCharacters(password) || password.contains("\n") {
            return "the password must not contain control characters or line breaks"
        }
        return nil
    }
}
