import Crypto

/// What a form or UI file records beside one translation: whether a native speaker checked it
/// (and who), and which Vietnamese text it was made from.
///
/// Written in YAML as `{text: …, status: draft|reviewed, reviewer: …, source: 1a2b3c4d}`. A
/// translation written as plain text has no record: it counts as a draft whose source was not
/// recorded, so it can never be found stale.
public struct TranslationRecord: Sendable, Hashable, Codable {
    /// The review state a file can state; `stale` is never written, it is worked out.
    public enum Review: String, Sendable, Hashable, Codable, CaseIterable {
        case draft, reviewed
    }

    public let review: Review
    /// Who checked the translation; present exactly when `review` is `reviewed`.
    public let reviewer: String?
    /// ``sourceFingerprint(of:)`` of the base-language text this translation was made from.
    public let source: String

    public init(review: Review, reviewer: String?, source: String) {
        self.review = review
        self.reviewer = reviewer
        self.source = source
    }

    /// The first 8 hexadecimal digits of the SHA-256 of `text` (NFC) as UTF-8: enough to notice
    /// that a Vietnamese string changed, short enough to sit on the line of its translation.
    public static func sourceFingerprint(of text: String) -> String {
        String(SHA256.hash(data: Array(VietnameseText.nfc(text).utf8)).hexadecimal.prefix(fingerprintLength))
    }

    public static let fingerprintLength = 8

    /// The longest reviewer's name (or `written_by`) a file may record.
    public static let maximumNameLength = 100

    /// Whether `text` has the shape of a fingerprint: 8 lowercase hexadecimal digits.
    public static func isFingerprint(_ text: String) -> Bool {
        text.count == fingerprintLength && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }
}
