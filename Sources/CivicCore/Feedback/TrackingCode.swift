import Foundation

/// The reference a citizen gets for a PAKN item: `PAKN.20260216.0012-7K3QX9`.
///
/// - `PAKN.YYYYMMDD.NNNN` has the shape of national PAKN codes (`PAKN.20200812.0012`): the date of
///   receipt in Vietnam (``CalendarDate/vietnamTimeZone``) and that day's sequence number, zero
///   padded to at least four digits.
/// - `-XXXXXX` is six random characters of Crockford's base 32 (digits and letters without I, L,
///   O, U): 30 bits, so that knowing one code (or a day's count) does not let anyone guess
///   another and read someone else's item.
///
/// Guarantees: `description` is canonical (upper case, minimal padding) and
/// `TrackingCode(parsing: code.description) == code`. Encodes as its description.
public struct TrackingCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Crockford's base-32 digits, in value order.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let suffixLength = 6
    public static let prefix = "PAKN"

    public let date: CalendarDate
    public let sequence: Int
    /// Six canonical (upper-case) Crockford base-32 characters.
    public let suffix: String

    /// A code from its parts. The suffix is normalised as ``init(parsing:)`` does (lower case,
    /// O → 0, I and L → 1).
    /// - Precondition: `sequence` is in 0...999_999_999 and `suffix` is six Crockford base-32
    ///   characters.
    public init(date: CalendarDate, sequence: Int, suffix: String) {
        precondition((0...Self.maximumSequence).contains(sequence), "sequence \(sequence) is out of range")
        guard let canonical = Self.canonicalSuffix(suffix) else {
            preconditionFailure("'\(suffix)' is not \(Self.suffixLength) Crockford base-32 characters")
        }
        self.date = date
        self.sequence = sequence
        self.suffix = canonical
    }

    /// Reads a code as a citizen may type it: any case, surrounding white space ignored, and in
    /// the suffix O read as 0 and I or L as 1 (Crockford's rule). Nil for anything else: another
    /// prefix, an impossible date, a sequence with fewer than four digits or extra leading zeros,
    /// a suffix of the wrong length or with U, a non-alphabet or a non-ASCII character.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // ASCII only: upper-casing would turn look-alikes such as 'ı' or 'ſ' into alphabet letters.
        guard trimmed.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        let upper = trimmed.uppercased()
        let parts = upper.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix else { return nil }
        let datePart = parts[1]
        let tail = parts[2].split(separator: "-", omittingEmptySubsequences: false)
        guard datePart.count == 8, datePart.allSatisfy(\.isASCIIDigit),
              tail.count == 2
        else { return nil }
        let digits = Array(datePart)
        guard let date = CalendarDate("\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))")
        else { return nil }
        let sequencePart = tail[0]
        guard (4...9).contains(sequencePart.count), sequencePart.allSatisfy(\.isASCIIDigit),
              let sequence = Int(sequencePart),
              sequencePart.count == 4 || sequencePart.first != "0",
              let suffix = Self.canonicalSuffix(String(tail[1]))
        else { return nil }
        self.date = date
        self.sequence = sequence
        self.suffix = suffix
    }

    /// `PAKN.YYYYMMDD.NNNN-XXXXXX`.
    public var description: String {
        let day = date.description.replacingOccurrences(of: "-", with: "")
        let number = String(sequence)
        let padded = String(repeating: "0", count: max(0, 4 - number.count)) + number
        return "\(Self.prefix).\(day).\(padded)-\(suffix)"
    }

    /// Six random Crockford base-32 characters, drawn uniformly from `generator`.
    public static func randomSuffix(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<suffixLength).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// By date, then sequence, then suffix: the order items were received.
    public static func < (lhs: TrackingCode, rhs: TrackingCode) -> Bool {
        (lhs.date, lhs.sequence, lhs.suffix) < (rhs.date, rhs.sequence, rhs.suffix)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = TrackingCode(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a PAKN tracking code")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Nine digits at most, so that a sequence always fits and parsing cannot overflow.
    static let maximumSequence = 999_999_999

    /// The canonical spelling of a suffix, or nil when it is not six Crockford characters.
    static func canonicalSuffix(_ text: String) -> String? {
        guard text.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        var result = ""
        for character in text.uppercased() {
            let mapped: Character = switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
            guard alphabet.contains(mapped) else { return nil }
            result.append(mapped)
        }
        return result.count == suffixLength ? result : nil
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
