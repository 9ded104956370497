import Foundation

/// A person's contact details, given with consent to be answered (PAKN).
///
/// Guarantees: every field is NFC, trimmed, free of control characters and within its length
/// limit; at least one field is present; `email` and `phone` are syntactically valid. The value
/// never shows its content in `description`, `debugDescription` or a `Mirror` (so neither string
/// interpolation into a log line nor `dump` can leak it); read the fields explicitly.
public struct ContactDetails: Sendable, Hashable, Codable {
    public let name: String?
    public let phone: String?
    public let email: String?
    public let address: String?

    static let maximumNameLength = 200
    static let maximumAddressLength = 500

    /// Cleans and validates each field; empty fields count as absent.
    /// - Throws: ``ContactDetailsError`` listing every invalid field.
    public init(name: String? = nil, phone: String? = nil, email: String? = nil, address: String? = nil)
        throws(ContactDetailsError) {
        var problems: [ContactDetailsError.Problem] = []
        func clean(_ text: String?, field: String, limit: Int) -> String? {
            guard let text else { return nil }
            let cleaned = VietnameseText.cleanedInput(text)
            if cleaned.isEmpty { return nil }
            if VietnameseText.containsDisallowedControlCharacters(cleaned) {
                problems.append(.init(field: field, code: "control_characters"))
                return nil
            }
            if cleaned.count > limit {
                problems.append(.init(field: field, code: "too_long"))
                return nil
            }
            return cleaned
        }
        let name = clean(name, field: "name", limit: Self.maximumNameLength)
        let address = clean(address, field: "address", limit: Self.maximumAddressLength)
        var normalizedPhone: String?
        if let raw = clean(phone, field: "phone", limit: 40) {
            normalizedPhone = Self.normalizedPhone(raw)
            if normalizedPhone == nil { problems.append(.init(field: "phone", code: "invalid_phone")) }
        }
        var normalizedEmail: String?
        if let raw = clean(email, field: "email", limit: 254) {
            normalizedEmail = Self.normalizedEmail(raw)
            if normalizedEmail == nil { problems.append(.init(field: "email", code: "invalid_email")) }
        }
        if problems.isEmpty, name == nil, normalizedPhone == nil, normalizedEmail == nil, address == nil {
            problems.append(.init(field: "contact", code: "empty"))
        }
        guard problems.isEmpty else { throw ContactDetailsError(problems: problems) }
        self.name = name
        self.phone = normalizedPhone
        self.email = normalizedEmail
        self.address = address
    }

    /// The canonical spelling of an email address, as stored and as blind-indexed: NFC, trimmed,
    /// lower-case. Nil when it is not one local part, one `@` and a dotted domain without spaces.
    public static func normalizedEmail(_ text: String) -> String? {
        let email = VietnameseText.nfc(text).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        return email
    }

    /// The canonical spelling of a phone number: digits only, a Vietnamese number in national form
    /// (`+84 912 345 678` and `0912.345.678` both give `0912345678`), any other country kept with
    /// its `+`. Spaces, dots, dashes and parentheses are dropped. Nil unless 9–11 national digits
    /// starting with 0, or `+` and 8–15 digits.
    public static func normalizedPhone(_ text: String) -> String? {
        var compact = text.filter { !" .-()\u{00A0}".contains($0) }
        if compact.hasPrefix("00") { compact = "+" + compact.dropFirst(2) }
        if compact.hasPrefix("+84") { compact = "0" + compact.dropFirst(3) }
        let international = compact.hasPrefix("+")
        let digits = international ? String(compact.dropFirst()) : compact
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if international {
            return (8...15).contains(digits.count) ? "+" + digits : nil
        }
        return digits.hasPrefix("0") && (9...11).contains(digits.count) ? digits : nil
    }
}

extension ContactDetails: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Which fields are present, never their values.
    public var description: String {
        let present = [("name", name), ("phone", phone), ("email", email), ("address", address)]
            .filter { $0.1 != nil }.map(\.0)
        return "ContactDetails(\(present.joined(separator: ", ")): redacted)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": description], displayStyle: .struct)
    }
}

/// Why contact details were refused: one code per field (`invalid_email`, `invalid_phone`,
/// `too_long`, `control_characters`; `empty` on `contact` when nothing was given).
public struct ContactDetailsError: Error, Sendable, Hashable {
    public struct Problem: Sendable, Hashable {
        public let field: String
        public let code: String
    }

    public let problems: [Problem]
}
