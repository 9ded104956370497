import Foundation

extension VietnameseText {
    /// A sort key that orders strings the way a Vietnamese dictionary does.
    ///
    /// Primary level: letters in the Vietnamese alphabet order
    /// a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the Latin letters f j w z,
    /// which Vietnamese words do not use, sit where Latin puts them); spaces and punctuation sort
    /// before digits and digits before letters. Secondary level: tone marks in dictionary order,
    /// none, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ). Tertiary level: lowercase before
    /// uppercase. Digraphs such as `ch` or `ng` are compared letter by letter, as ICU's `vi`
    /// collation does.
    ///
    /// Guarantees: NFC and NFD spellings of a string have equal keys; the order is total.
    public struct CollationKey: Sendable, Hashable, Comparable {
        let primary: [UInt32]
        let secondary: [UInt8]
        let tertiary: [UInt8]
        /// The NFC text, compared last so that distinct strings never compare equal.
        let text: String

        public static func < (lhs: CollationKey, rhs: CollationKey) -> Bool {
            if lhs.primary != rhs.primary { return lhs.primary.lexicographicallyPrecedes(rhs.primary) }
            if lhs.secondary != rhs.secondary { return lhs.secondary.lexicographicallyPrecedes(rhs.secondary) }
            if lhs.tertiary != rhs.tertiary { return lhs.tertiary.lexicographicallyPrecedes(rhs.tertiary) }
            return lhs.text.unicodeScalars.lexicographicallyPrecedes(rhs.text.unicodeScalars)
        }
    }

    /// The Vietnamese collation key of `text`; see ``CollationKey``.
    public static func collationKey(_ text: String) -> CollationKey {
        let composed = nfc(text)
        var primary: [UInt32] = []
        var secondary: [UInt8] = []
        var tertiary: [UInt8] = []
        for character in composed {
            let lower = character.lowercased()
            tertiary.append(String(character) == lower ? 0 : 1)
            // Decomposing one character yields its base letter, then its vowel modifier and tone
            // mark as combining scalars (canonical ordering puts them in a fixed order).
            var base: Unicode.Scalar?
            var modifier: Unicode.Scalar?
            var tone: UInt8 = 0
            for scalar in lower.decomposedStringWithCanonicalMapping.unicodeScalars {
                if base == nil {
                    base = scalar
                } else if let weight = toneWeights[scalar] {
                    tone = weight
                } else if vowelModifiers.contains(scalar) {
                    modifier = scalar
                }
                // Any other combining mark (not used in Vietnamese) is ignored at every level.
            }
            guard let base else { continue }
            primary.append(primaryWeight(base: base, modifier: modifier))
            secondary.append(tone)
        }
        return CollationKey(primary: primary, secondary: secondary, tertiary: tertiary, text: composed)
    }

    /// Compares two strings in Vietnamese alphabetical order.
    public static func compare(_ lhs: String, _ rhs: String) -> ComparisonResult {
        let left = collationKey(lhs)
        let right = collationKey(rhs)
        if left < right { return .orderedAscending }
        if right < left { return .orderedDescending }
        return .orderedSame
    }

    /// `true` when `lhs` sorts before `rhs` in Vietnamese order; usable as `sorted(by:)`'s predicate.
    public static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        collationKey(lhs) < collationKey(rhs)
    }

    // MARK: - Tables

    /// Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (no mark is 0).
    private static let toneWeights: [Unicode.Scalar: UInt8] = [
        "\u{0300}": 1, "\u{0309}": 2, "\u{0303}": 3, "\u{0301}": 4, "\u{0323}": 5,
    ]

    /// Breve (ă), circumflex (â ê ô) and horn (ơ ư): these make separate letters, not accents.
    private static let vowelModifiers: Set<Unicode.Scalar> = ["\u{0306}", "\u{0302}", "\u{031B}"]

    /// The alphabet, with each letter spelled as base scalar + modifier.
    private static let alphabet: [String] = [
        "a", "a\u{0306}", "a\u{0302}", "b", "c", "d", "đ", "e", "e\u{0302}", "f", "g", "h", "i", "j",
        "k", "l", "m", "n", "o", "o\u{0302}", "o\u{031B}", "p", "q", "r", "s", "t", "u", "u\u{031B}",
        "v", "w", "x", "y", "z",
    ]

    private static let letterRanks: [String: UInt32] = {
        var ranks: [String: UInt32] = [:]
        for (index, letter) in alphabet.enumerated() { ranks[letter] = UInt32(index) }
        return ranks
    }()

    private static func primaryWeight(base: Unicode.Scalar, modifier: Unicode.Scalar?) -> UInt32 {
        var spelled = String(base)
        if let modifier { spelled.unicodeScalars.append(modifier) }
        if let rank = letterRanks[spelled] ?? letterRanks[String(base)] {
            return 0x3000 + rank
        }
        if base.properties.isWhitespace { return 0x0001 }
        if let digit = base.properties.numericType.flatMap({ _ in base.properties.numericValue }),
           base.isASCII {
            return 0x2000 + UInt32(digit)
        }
        if base.isASCII { return 0x1000 + base.value }
        // Letters of other scripts sort after the Vietnamese alphabet, by code point.
        return 0x10000 + base.value
    }
}
