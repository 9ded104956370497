import Yams

/// One translation as a file writes it: the text and, when written as a mapping, its record.
struct TranslationEntry {
    let text: String
    let record: TranslationRecord?
}

extension IssueCollector {
    /// The keys of a translation written with its record, in the order the import writes them.
    static let translationKeys = ["text", "status", "reviewer", "source"]

    /// Reads one translation: plain text, or `{text: …, status: draft|reviewed, reviewer: …,
    /// source: 1a2b3c4d}`. The base language is the source and must be plain text.
    mutating func translationEntry(_ node: Node, at path: YAMLPath, isBase: Bool) -> TranslationEntry? {
        guard case .mapping = node else {
            return nonEmptyString(node, at: path).map { TranslationEntry(text: $0, record: nil) }
        }
        if isBase {
            add("the base language is the source text: write it as plain text, without status or source",
                at: node, path: path)
            return nil
        }
        guard let mapping = YAMLMapping(node, path: path, issues: &self) else { return nil }
        mapping.rejectUnknownKeys(allowed: Self.translationKeys, issues: &self)
        let text = mapping.required("text", issues: &self).flatMap { nonEmptyString($0, at: path.appending("text")) }
        var review: TranslationRecord.Review?
        if let node = mapping.required("status", issues: &self) {
            if string(node, at: path.appending("status")) == StringStatus.stale.rawValue {
                add("'stale' is worked out from 'source', not written: write draft or reviewed",
                    at: node, path: path.appending("status"))
            } else {
                review = enumeration(TranslationRecord.Review.self, node, at: path.appending("status"))
            }
        }
        var reviewer: String?
        let reviewerNode = mapping["reviewer"]
        if let reviewerNode {
            reviewer = nonEmptyString(reviewerNode, at: path.appending("reviewer"))
        }
        switch review {
        case .reviewed? where reviewerNode == nil:
            add("a reviewed translation names its reviewer: add 'reviewer: <name>'", at: node, path: path)
        case .draft? where reviewerNode != nil:
            add("a draft has no reviewer: mark it 'status: reviewed' or remove 'reviewer'",
                at: reviewerNode, path: path.appending("reviewer"))
        default:
            break
        }
        var source: String?
        if let node = mapping.required("source", issues: &self), let text = string(node, at: path.appending("source")) {
            if TranslationRecord.isFingerprint(text) {
                source = text
            } else {
                add("'\(text)' is not a source fingerprint: 8 lowercase hexadecimal digits of the SHA-256 of the "
                    + "Vietnamese text (civicvoice translations import writes it)", at: node, path: path.appending("source"))
            }
        }
        guard let text, let review, let source, review == .draft || reviewer != nil else { return nil }
        return TranslationEntry(text: text, record: TranslationRecord(review: review, reviewer: reviewer, source: source))
    }

    /// Reports a text longer than `limit` characters.
    mutating func checkLength(_ text: String, limit: Int, at node: Node, path: YAMLPath) {
        if text.count > limit {
            add("\(text.count) characters long; at most \(limit) fit here", at: node, path: path)
        }
    }
}
