import Foundation

/// The sender of the messages (`SMTP_FROM`): an address, with an optional display name, as in
/// `Sở Văn hoá <pakn@example.vn>` or `pakn@example.vn`.
///
/// Guarantees: the address is valid as ``ContactDetails/normalizedEmail(_:)`` checks; the display
/// name is NFC, one line, without `<`, `>` or `"`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    /// Nil when `text` is not an address, or a display name followed by one in angle brackets.
    public init?(parsing text: String) {
        let trimmed = VietnameseText.nfc(text).trimmingCharacters(in: .whitespaces)
        guard !trimmed.contains(where: \.isNewline) else { return nil }
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let rawName = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            if !rawName.isEmpty { name = rawName }
        }
        guard let normalized = ContactDetails.normalizedEmail(address),
              name.map({ !$0.contains(where: { "<>\"".contains($0) }) }) ?? true
        else { return nil }
        self.address = normalized
        self.displayName = name
    }

    /// The domain part, for `Message-ID`s.
    public var domain: String { String(address.split(separator: "@").last ?? "localhost") }

    /// As a header value: the name quoted, or encoded as RFC 2047 words when not ASCII.
    var headerValue: String {
        guard let displayName else { return "<\(address)>" }
        let name = displayName.unicodeScalars.allSatisfy(\.isASCII)
            ? "\"\(displayName)\""
            : MailMessage.encodedWords(displayName, prefix: 1_000)
        return "\(name) <\(address)>"
    }

    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }
}
