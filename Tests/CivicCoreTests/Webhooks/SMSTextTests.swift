import Foundation
import Testing
@testable import CivicCore

/// SMS bodies for the gateways: Vietnamese without marks fits GSM-7 (160 a part), with them it
/// needs UCS-2 (70 a part).
@Suite struct SMSTextTests {
    @Test func vietnameseMarksAreStrippedAndDBecomesD() {
        #expect(SMSText.withoutMarks("Đường hỏng ở bản Cát Cát") == "Duong hong o ban Cat Cat")
        #expect(SMSText.withoutMarks("đã được thụ lý; Ưu tiên; Ơn; Ê; ỹ") == "da duoc thu ly; Uu tien; On; E; y")
        // Decomposed input (NFD, as macOS sends it) gives the same result.
        let decomposed = "Phản ánh, kiến nghị".decomposedStringWithCanonicalMapping
        #expect(SMSText.withoutMarks(decomposed) == "Phan anh, kien nghi")
    }

    @Test func aFoldedVietnameseMessageIsOneGSMPart() {
        let sms = SMSText("Đã tiếp nhận phản ánh, kiến nghị PAKN.20261203.0001-7KQ2MX https://pakn.example.vn/pakn/PAKN.20261203.0001-7KQ2MX")
        #expect(sms.text == "Da tiep nhan phan anh, kien nghi PAKN.20261203.0001-7KQ2MX https://pakn.example.vn/pakn/PAKN.20261203.0001-7KQ2MX")
        #expect(sms.encoding == .gsm7)
        #expect(sms.units == sms.text.count)
        #expect(sms.segments == 1)
    }

    @Test func theSameTextWithMarksNeedsUCS2AndMoreParts() {
        let sms = SMSText("Đã tiếp nhận phản ánh, kiến nghị PAKN.20261203.0001-7KQ2MX https://pakn.example.vn/pakn/PAKN.20261203.0001-7KQ2MX",
                          foldingMarks: false)
        #expect(sms.encoding == .ucs2)
        #expect(sms.units == 113)
        #expect(sms.segments == 2)   // 113 > 70: parts of 67
    }

    @Test func segmentBoundaries() {
        #expect(SMSText(String(repeating: "a", count: 160)).segments == 1)
        #expect(SMSText(String(repeating: "a", count: 161)).segments == 2)
        #expect(SMSText(String(repeating: "a", count: 306)).segments == 2)
        #expect(SMSText(String(repeating: "a", count: 307)).segments == 3)
        #expect(SMSText("").segments == 1)
        // Extension characters take two septets, and are never split across parts.
        let braces = SMSText(String(repeating: "{", count: 80))
        #expect(braces.encoding == .gsm7)
        #expect(braces.units == 160)
        #expect(braces.segments == 1)
        // 306 septets would fit two parts of 153, but the € would straddle them: three.
        #expect(SMSText(String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)).segments == 3)
        #expect(SMSText(String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 10)).units == 164)
        // UCS-2: 70 in one part, 67 per part beyond.
        #expect(SMSText(String(repeating: "ơ", count: 70), foldingMarks: false).segments == 1)
        #expect(SMSText(String(repeating: "ơ", count: 71), foldingMarks: false).segments == 2)
        #expect(SMSText(String(repeating: "ơ", count: 134), foldingMarks: false).segments == 2)
        #expect(SMSText(String(repeating: "ơ", count: 135), foldingMarks: false).segments == 3)
        // A character outside GSM-7 that is not a Vietnamese mark keeps the body in UCS-2.
        #expect(SMSText("Hẹn gặp 😀").encoding == .ucs2)
        #expect(SMSText("Hẹn gặp 😀").units == 10)   // the emoji is a surrogate pair
    }
}
