import Foundation

/// One plain-text email, as RFC 5322 and MIME (RFC 2045, 2047) want it on the wire.
///
/// Guarantees: ``encoded(eightBit:)`` gives lines ending in CRLF, none longer than 998 octets;
/// header values contain no line break other than folding; a subject or display name that is not
/// plain ASCII is sent as RFC 2047 encoded words of UTF-8 (NFC); the body is sent as 8bit only when
/// the server said 8BITMIME and every line fits, as quoted-printable otherwise (7bit when it is
/// plain ASCII with short lines). Dot-stuffing belongs to the SMTP transport, not here.
public struct MailMessage: Sendable, Hashable {
    public let from: MailAddress
    /// The recipient's address: shown in the `To` header, never logged.
    public let to: String
    public let subject: String
    public let body: String
    /// The `Message-ID` without its angle brackets, e.g. `1c9…@civicvoice.example`.
    public let messageID: String
    public let date: Date
    /// The language the text is in (`Content-Language`).
    public let language: String

    public init(from: MailAddress, to: String, subject: String, body: String, messageID: String, date: Date, language: String) {
        self.from = from
        self.to = to
        self.subject = VietnameseText.nfc(subject).filter { !$0.isNewline }
        self.body = VietnameseText.nfc(body)
        self.messageID = messageID
        self.date = date
        self.language = language
    }

    /// The message's headers and body, CRLF line endings.
    /// - Parameter eightBit: the server announced 8BITMIME (RFC 6152).
    public func encoded(eightBit: Bool) -> String {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let ascii = body.unicodeScalars.allSatisfy(\.isASCII)
        let fits = lines.allSatisfy { $0.utf8.count <= 998 }
        let transfer: String
        let encodedBody: String
        if ascii && fits {
            transfer = "7bit"
            encodedBody = lines.joined(separator: "\r\n")
        } else if eightBit && fits {
            transfer = "8bit"
            encodedBody = lines.joined(separator: "\r\n")
        } else {
            transfer = "quoted-printable"
            encodedBody = lines.map(Self.quotedPrintable).joined(separator: "\r\n")
        }
        let headers = [
            "Date: " + Self.rfc5322Date(date),
            "From: " + from.headerValue,
            "To: <\(to)>",
            Self.folded("Subject: " + Self.encodedWords(subject, prefix: "Subject: ".count)),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: " + transfer,
            "Content-Language: " + language,
            // RFC 3834: automatic replies must not answer it.
            "Auto-Submitted: auto-generated",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encodedBody + "\r\n"
    }

    // MARK: - RFC 2047

    /// `text` itself when it is printable ASCII, otherwise encoded words `=?UTF-8?B?…?=` of whole
    /// characters, separated by a space (folded by ``folded(_:)``), each at most 75 characters.
    static func encodedWords(_ text: String, prefix: Int = 0) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.value >= 0x20 && $0.value < 0x7F) }),
           prefix + text.utf8.count <= 78 {
            return text
        }
        // 39 octets of UTF-8 give 52 characters of base64: with "=?UTF-8?B?" and "?=", 64, so that
        // "Subject: " and the first word fit in one line of 78.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// Folds a header line before a space wherever it would pass 78 characters.
    static func folded(_ line: String) -> String {
        var result: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > 78 {
                result.append(current)
                current = " " + word
            } else {
                current += " " + word
            }
        }
        result.append(current)
        return result.joined(separator: "\r\n")
    }

    // MARK: - RFC 2045 quoted-printable

    /// One line of text as quoted-printable, with soft line breaks so that no line passes 76.
    static func quotedPrintable(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var tokens: [String] = []
        for (index, byte) in bytes.enumerated() {
            let last = index == bytes.count - 1
            switch byte {
            case 0x21...0x3C, 0x3E...0x7E:
                tokens.append(String(UnicodeScalar(byte)))
            // RFC 2045 §6.7 (3): a space or tab ending a line is encoded, or a relay may strip it.
            case 0x20 where !last, 0x09 where !last:
                tokens.append(String(UnicodeScalar(byte)))
            default:
                tokens.append("=" + String(format: "%02X", byte))
            }
        }
        var lines: [String] = []
        var current = ""
        for token in tokens {
            if current.count + token.count > 75 {
                lines.append(current + "=")
                current = ""
            }
            current += token
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    // MARK: - RFC 5322 date

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
