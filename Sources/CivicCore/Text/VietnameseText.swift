import Foundation

/// Helpers for Vietnamese text as it arrives from forms, files and keyboards.
///
/// The same Vietnamese letter can arrive precomposed (NFC, `ộ` as one scalar) or decomposed
/// (NFD, `o` + circumflex + dot below: macOS, some input methods, text pasted from Word).
/// Everything that is stored or compared goes through ``nfc(_:)`` first, so two spellings of
/// one word never count as two words.
public enum VietnameseText {
    /// The canonical composition (NFC) of `text`.
    ///
    /// Guarantees: the result is canonically equivalent to `text`, and `nfc(nfc(x)) == nfc(x)`.
    public static func nfc(_ text: String) -> String {
        // ASCII is already NFC; most values (ids, codes, numbers) are, and Foundation's mapping
        // costs a few microseconds each, which a submission of 25 answers felt (6% of its CPU).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A key for accent- and case-insensitive search: "Hà Nội" → "ha noi", "Đà Nẵng" → "da nang".
    ///
    /// Guarantees: the key is lowercase, has no combining marks, maps `đ`/`Đ` to `d` (which has no
    /// Unicode decomposition, so it needs its own rule), collapses every run of white space to one
    /// space and has no leading or trailing space. NFC and NFD spellings give the same key.
    public static func searchKey(_ text: String) -> String {
        // Lowercase first so that `Đ` becomes `đ`, then decompose so tone and vowel marks become
        // separate combining scalars that can be dropped.
        let decomposed = text.lowercased().decomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in decomposed.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar == "đ" ? "d" : scalar)
        }
        return String(scalars)
    }

    /// Cleans one free-text answer the way every form field is cleaned before it is validated.
    ///
    /// Guarantees: the result is NFC, uses `\n` for every line break (browsers send `\r\n` from a
    /// `<textarea>`; a lone `\r` counts as a break too) and has no leading or trailing white space.
    public static func cleanedInput(_ text: String) -> String {
        let unified = text
            .replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
        return nfc(unified).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `text` holds a control character other than line feed and tab.
    ///
    /// Control characters (Unicode category Cc: NUL, escape, backspace, …) have no place in
    /// a survey answer and can confuse terminals, CSV exports and log viewers downstream.
    public static func containsDisallowedControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t"
        }
    }
}
