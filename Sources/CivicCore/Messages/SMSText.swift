import Foundation

/// An SMS body as a gateway sends it: its text, the encoding it needs and how many segments
/// (concatenated parts, each billed) it takes.
///
/// Why here: Vietnamese with its marks is outside GSM 03.38's 7-bit alphabet, so a body with one
/// "ơ" is sent in UCS-2, 70 characters a part instead of 160; the gateways of the province bill per
/// part, so a notification is usually sent without marks ("đ" becomes "d", as people write on
/// phones). The count follows 3GPP TS 23.038 / 23.040: GSM-7 160 septets in one part or 153 per
/// part when concatenated (the UDH takes 7), an extension character (`^{}\[~]|€`) two septets and
/// never split across parts; UCS-2 70 UTF-16 units or 67 per part, a surrogate pair never split.
public struct SMSText: Sendable, Hashable, Codable {
    public enum Encoding: String, Sendable, Hashable, Codable {
        case gsm7 = "gsm-7"
        case ucs2 = "ucs-2"
    }

    public let text: String
    public let encoding: Encoding
    public let segments: Int
    /// Septets (GSM-7) or UTF-16 units (UCS-2) the text takes.
    public let units: Int

    /// `text` as an SMS: NFC, and with `foldingMarks` every Vietnamese mark stripped (đ→d, Đ→D),
    /// so that a Vietnamese text fits GSM-7 (other characters outside it keep the body in UCS-2).
    public init(_ text: String, foldingMarks: Bool = true) {
        let body = foldingMarks ? Self.withoutMarks(text) : VietnameseText.nfc(text)
        self.text = body
        if let septets = Self.septets(body) {
            encoding = .gsm7
            units = septets.reduce(0, +)
            segments = Self.segments(septets, single: 160, part: 153)
        } else {
            encoding = .ucs2
            // One entry per scalar: 2 for those outside the BMP (a surrogate pair, kept in one part).
            let widths = body.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }
            units = widths.reduce(0, +)
            segments = Self.segments(widths, single: 70, part: 67)
        }
    }

    /// The text without Vietnamese marks: decomposed, combining marks (U+0300–U+036F) removed,
    /// đ/Đ mapped to d/D (they are letters of their own, not d with a mark), recomposed.
    public static func withoutMarks(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0111: scalars.append("d")
            case 0x0110: scalars.append("D")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// Parts needed for units of these widths, none split across two parts.
    private static func segments(_ widths: [Int], single: Int, part: Int) -> Int {
        let total = widths.reduce(0, +)
        if total == 0 { return 1 }
        if total <= single { return 1 }
        var parts = 1
        var used = 0
        for width in widths {
            if used + width > part {
                parts += 1
                used = 0
            }
            used += width
        }
        return parts
    }

    /// Each character's septets in GSM-7 (1, or 2 for the extension table), or nil when one is
    /// outside the alphabet.
    static func septets(_ text: String) -> [Int]? {
        var result: [Int] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if basic.contains(scalar) {
                result.append(1)
            } else if extended.contains(scalar) {
                result.append(2)
            } else {
                return nil
            }
        }
        return result
    }

    /// GSM 03.38's default alphabet.
    private static let basic: Set<Unicode.Scalar> = Set((
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    ).unicodeScalars).subtracting(["\u{1B}"])
    /// Its extension table, reached through an escape septet.
    private static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
