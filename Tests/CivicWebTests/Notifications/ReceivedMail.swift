import CivicTestSupport
import Foundation

/// A message the test SMTP server (aiosmtpd, started by scripts/test) accepted, read back from
/// its Maildir: headers as sent (unfolded; encoded words decoded on request) and the body decoded
/// from its transfer encoding.
struct ReceivedMail: Sendable {
    let headers: [(name: String, value: String)]
    let rawBody: String

    /// Thrown when scripts/test did not start the server, so that a test fails rather than passes.
    struct MissingSetting: Error, CustomStringConvertible {
        let variable: String
        var description: String { "\(variable) is not set: run the tests with scripts/test, which starts the SMTP server" }
    }

    /// The settings of the test server: its URL, the certificate to trust, its Maildir.
    static func environment() throws -> (url: String, caFile: String, maildir: String) {
        let environment = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else { throw MissingSetting(variable: name) }
            return value
        }
        return (try required("TEST_SMTP_URL"), try required("TEST_SMTP_CA_FILE"), try required("TEST_SMTP_MAILDIR"))
    }

    /// The application settings that send through the test server.
    static func appEnvironment() throws -> [String: String] {
        let smtp = try environment()
        return ["SMTP_URL": smtp.url, "SMTP_CA_FILE": smtp.caFile,
                "SMTP_FROM": "Sở Văn hoá và Thể thao <pakn@civicvoice.test>",
                "PUBLIC_BASE_URL": "https://pakn.example.vn", "RATING_LINK_KEYS": ratingLinkKeys]
    }

    /// The keys that sign the rating links in the tests' messages.
    static let ratingLinkKeys = "r1:" + Data(repeating: 7, count: 32).base64EncodedString()

    /// Every message received so far for `recipient` (each test uses an address of its own), in
    /// the order of their Date and Message-ID.
    static func all(to recipient: String) throws -> [ReceivedMail] {
        let maildir = try environment().maildir
        var mails: [ReceivedMail] = []
        for folder in ["new", "cur"] {
            let directory = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names {
                guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
                let mail = ReceivedMail(String(decoding: data, as: UTF8.self))
                if mail.header("X-RcptTo")?.lowercased().contains(recipient.lowercased()) == true { mails.append(mail) }
            }
        }
        return mails.sorted { ($0.header("Date") ?? "", $0.header("Message-ID") ?? "") < ($1.header("Date") ?? "", $1.header("Message-ID") ?? "") }
    }

    init(_ text: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalized.components(separatedBy: "\n\n")
        var headers: [(String, String)] = []
        for line in parts[0].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.0, last.1 + " " + line.trimmingCharacters(in: .whitespaces)))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        self.headers = headers
        rawBody = parts.dropFirst().joined(separator: "\n\n")
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A header with its RFC 2047 `=?UTF-8?B?…?=` words decoded (the space between two words dropped).
    func decodedHeader(_ name: String) -> String? {
        guard let value = header(name) else { return nil }
        var result = ""
        var bytes: [UInt8] = []
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
               let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) {
                bytes += data
            } else {
                if !bytes.isEmpty {
                    result += String(decoding: bytes, as: UTF8.self)
                    bytes = []
                }
                result += (result.isEmpty ? "" : " ") + word
            }
        }
        if !bytes.isEmpty { result += String(decoding: bytes, as: UTF8.self) }
        return result
    }

    /// The body as text, decoded from quoted-printable when it was sent so.
    var body: String {
        guard header("Content-Transfer-Encoding")?.lowercased() == "quoted-printable" else { return rawBody }
        var bytes: [UInt8] = []
        let source = Array(rawBody.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
               let byte = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
