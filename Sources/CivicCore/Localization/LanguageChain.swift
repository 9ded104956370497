import Foundation

/// The languages to try, in order, for each string shown to one person: e.g. `[hmn, vi]`.
///
/// Guarantees: never empty, no duplicates, every tag in canonical case (`hmn`, `zh-Hant`, `en-GB`).
/// Built from a request, it always ends with the base language, so every string a valid form
/// defines can be found.
public struct LanguageChain: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The tags, most preferred first.
    public let languages: [String]

    /// Vietnamese, the base language of every form and of the interface.
    public static let baseLanguage = "vi"

    /// A chain of exactly these tags (canonicalised, duplicates dropped); `[vi]` if none is usable.
    public init(_ languages: [String]) {
        var seen: Set<String> = []
        var result: [String] = []
        for tag in languages.compactMap(Self.canonicalTag) where seen.insert(tag).inserted {
            result.append(tag)
        }
        self.languages = result.isEmpty ? [Self.baseLanguage] : result
    }

    /// The chain for one requested tag: the tag itself, then its primary language subtag (unless
    /// the tag has an orthography of its own), then `base`. `hmn-VN` gives `[hmn-VN, hmn, vi]`,
    /// `hmn-Latn-VN` gives `[hmn-Latn-VN, vi]`; nil or a malformed tag gives `[vi]`.
    public init(requested: String?, base: String = LanguageChain.baseLanguage) {
        self.init(Self.expand(requested) + [base])
    }

    /// The chain for an HTTP `Accept-Language` header: tags by descending quality (ties keep
    /// their order), each followed by its primary subtag, then `base`. `*` and `q=0` are skipped.
    public init(acceptLanguage header: String?, base: String = LanguageChain.baseLanguage) {
        var weighted: [(tag: String, quality: Double, position: Int)] = []
        for (position, item) in (header ?? "").split(separator: ",").enumerated() {
            let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first, tag != "*" else { continue }
            var quality = 1.0
            for field in fields.dropFirst() where field.hasPrefix("q=") {
                quality = Double(field.dropFirst(2)) ?? 0
            }
            if quality > 0 { weighted.append((tag, quality, position)) }
        }
        weighted.sort { ($0.quality, -$0.position) > ($1.quality, -$1.position) }
        self.init(weighted.flatMap { Self.expand($0.tag) } + [base])
    }

    /// The most preferred language.
    public var first: String { languages[0] }

    /// This chain, with `language` appended if it is not already in it.
    public func endingWith(_ language: String) -> LanguageChain {
        LanguageChain(languages + [language])
    }

    public var description: String { languages.joined(separator: " → ") }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(languages)
    }

    // MARK: - Tags

    /// Whether `tag` is a well-formed language tag of the simple kind forms use:
    /// a 2–3 letter language subtag, then optional 2–8 character subtags joined by `-`.
    public static func isWellFormedTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// The canonical case of a tag (`HMN_vn` → `hmn-VN`, `zh-hant` → `zh-Hant`): language lowercase,
    /// script titlecase, region uppercase. Nil if it is not well formed.
    public static func canonicalTag(_ tag: String) -> String? {
        let unified = tag.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        guard isWellFormedTag(unified) else { return nil }
        let parts = unified.split(separator: "-")
        var result = [parts[0].lowercased()]
        for part in parts.dropFirst() {
            switch part.count {
            case 2 where part.allSatisfy(\.isLetter): result.append(part.uppercased())
            case 4 where part.allSatisfy(\.isLetter): result.append(part.prefix(1).uppercased() + part.dropFirst().lowercased())
            default: result.append(part.lowercased())
            }
        }
        return result.joined(separator: "-")
    }

    /// Tags written in an orthography of their own, whose reader may not read the one their
    /// primary subtag stands for: they never fall back to it. `hmn-Latn-VN` is Hmong in Vietnam's
    /// 1961 script (Chữ Hmông Việt); plain `hmn` here is RPA, a different spelling of every word
    /// (`Hmôngz` / `Hmoob`). See Forms/README.md, "Languages and drafts".
    public static let ownOrthographies: Set<String> = ["hmn-Latn-VN"]

    /// The tag to try after `tag` before the base language: its primary subtag, or nil when
    /// there is none to try (`tag` is primary already, or has an orthography of its own).
    public static func parentTag(of tag: String) -> String? {
        guard !ownOrthographies.contains(tag) else { return nil }
        let primary = String(tag.split(separator: "-")[0])
        return primary == tag ? nil : primary
    }

    /// `[tag, parent]` for a usable tag, `[]` otherwise.
    private static func expand(_ requested: String?) -> [String] {
        guard let requested, let tag = canonicalTag(requested) else { return [] }
        return [tag] + (parentTag(of: tag).map { [$0] } ?? [])
    }
}
