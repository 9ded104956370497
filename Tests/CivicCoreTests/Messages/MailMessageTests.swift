import Foundation
import Testing
@testable import CivicCore

/// What an email looks like on the wire, without a server (the outbox tests send real ones).
@Suite struct MailMessageTests {
    static let from = MailAddress(parsing: "Sở Văn hoá <pakn@example.vn>")!

    static func message(subject: String = "Đã tiếp nhận phản ánh PAKN.20261203.0001-ABCDEF",
                        body: String = "Kính gửi Ông/Bà,\n.\nMã tra cứu: PAKN.20261203.0001-ABCDEF") -> MailMessage {
        MailMessage(from: from, to: "hoa@example.vn", subject: subject, body: body, messageID: "m1@example.vn",
                    date: Date(timeIntervalSince1970: 1_796_294_400), language: "vi")
    }

    /// Decodes the `=?UTF-8?B?…?=` words of a header value, joined as RFC 2047 §6.2 says.
    static func decoded(_ value: String) -> String {
        var bytes: [UInt8] = []
        for word in value.split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\n" }) {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                  let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return value }
            bytes += data
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func header(_ name: String, in text: String) -> String? {
        let head = text.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        return head.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func aVietnameseSubjectIsEncodedWordsOfWholeCharactersAndEveryLineFits() throws {
        // act
        let text = Self.message().encoded(eightBit: true)
        // validate
        let subject = try #require(Self.header("Subject", in: text))
        #expect(subject.hasPrefix("=?UTF-8?B?"))
        #expect(Self.decoded(subject) == "Đã tiếp nhận phản ánh PAKN.20261203.0001-ABCDEF")
        #expect(Self.decoded(try #require(Self.header("From", in: text)).replacingOccurrences(of: " <pakn@example.vn>", with: ""))
                == "Sở Văn hoá")
        #expect(Self.header("Date", in: text) == "Thu, 03 Dec 2026 10:40:00 +0000")
        #expect(Self.header("Message-ID", in: text) == "<m1@example.vn>")
        #expect(Self.header("Content-Transfer-Encoding", in: text) == "8bit")
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "only CRLF line ends")
        for line in text.components(separatedBy: "\r\n").prefix(while: { !$0.isEmpty }) {
            #expect(line.utf8.count <= 78, "header line too long: \(line)")
        }
        // The body is sent as written (dot-stuffing is the transport's).
        #expect(text.contains("\r\n\r\nKính gửi Ông/Bà,\r\n.\r\nMã tra cứu: PAKN.20261203.0001-ABCDEF\r\n"))
    }

    @Test func withoutEightBitMIMETheBodyIsQuotedPrintable() throws {
        // setup: a long line too
        let long = String(repeating: "đường hỏng ", count: 20)
        // act
        let text = Self.message(body: "Mã: X\n" + long).encoded(eightBit: false)
        // validate
        #expect(Self.header("Content-Transfer-Encoding", in: text) == "quoted-printable")
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.hasPrefix("M=C3=A3: X\r\n"))
        for line in body.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
            // The text's last character is a space: encoded, as RFC 2045 §6.7 (3) requires.
            #expect(line.last != " " && line.last != "\t", "\(line)")
        }
        // Undone, it is the text again.
        let joined = body.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        var index = joined.utf8.startIndex
        let utf8 = joined.utf8
        while index < utf8.endIndex {
            if utf8[index] == UInt8(ascii: "="), let next = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
               let byte = UInt8(String(decoding: utf8[utf8.index(after: index)..<next], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index = next
            } else {
                bytes.append(utf8[index])
                index = utf8.index(after: index)
            }
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "Mã: X\r\n" + long + "\r\n")
    }

    @Test func anASCIIMessageIsSevenBitAndAnNFDSubjectIsSentNFC() throws {
        let ascii = Self.message(subject: "Received", body: "Code: X").encoded(eightBit: true)
        #expect(Self.header("Subject", in: ascii) == "Received")
        #expect(Self.header("Content-Transfer-Encoding", in: ascii) == "7bit")
        let nfd = "Đa\u{0303} tiê\u{0301}p nhận"
        let text = Self.message(subject: nfd).encoded(eightBit: true)
        #expect(Self.decoded(try #require(Self.header("Subject", in: text))) == "Đã tiếp nhận")
        #expect(Self.message(subject: "A\r\nBcc: x@y.vn").subject == "ABcc: x@y.vn", "no header injection")
    }

    @Test func theSenderSettingIsAnAddressOrANameAndAnAddress() {
        #expect(MailAddress(parsing: "pakn@example.vn")?.address == "pakn@example.vn")
        #expect(MailAddress(parsing: "\"Sở Tư pháp\" <PAKN@Example.vn>")?.displayName == "Sở Tư pháp")
        #expect(MailAddress(parsing: "\"Sở Tư pháp\" <PAKN@Example.vn>")?.address == "pakn@example.vn")
        #expect(MailAddress(parsing: "not an address") == nil)
        #expect(MailAddress(parsing: "A <b@c.vn>\r\nBcc: d@e.vn") == nil)
    }

    @Test func smtpURLs() throws {
        let plain = try SMTPURL(parsing: "smtp://relay.example.vn")
        #expect(plain.port == 25)
        #expect(plain.security == .startTLSWhenOffered)
        let withPassword = try SMTPURL(parsing: "smtp://pakn:s%40cret@relay.example.vn:587")
        #expect(withPassword.security == .startTLSRequired, "a password never goes in clear")
        #expect(withPassword.password == "s@cret")
        #expect(!withPassword.description.contains("cret"))
        #expect(try SMTPURL(parsing: "smtps://relay.example.vn").port == 465)
        #expect(try SMTPURL(parsing: "smtp://relay.example.vn?starttls=required").security == .startTLSRequired)
        #expect(throws: SMTPURL.ParseError.self) { try SMTPURL(parsing: "http://relay.example.vn") }
        #expect(throws: SMTPURL.ParseError.self) { try SMTPURL(parsing: "smtp://relay.example.vn?tls=1") }
    }
}
