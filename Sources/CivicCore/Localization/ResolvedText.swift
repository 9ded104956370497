/// One string chosen for a reader: the text, the language it is really in, and whether that is
/// a fallback from the reader's first choice (so a page can mark it with `lang` and a notice).
///
/// JSON shape: `{"text": "…", "lang": "vi", "fallback": true}`.
public struct ResolvedText: Sendable, Hashable, Codable {
    public let text: String
    /// The tag of the language `text` is written in.
    public let language: String
    /// `true` when `language` is not the first language of the chain it was resolved for.
    public let fellBack: Bool

    public init(text: String, language: String, fellBack: Bool) {
        self.text = text
        self.language = language
        self.fellBack = fellBack
    }

    private enum CodingKeys: String, CodingKey {
        case text
        case language = "lang"
        case fellBack = "fallback"
    }
}
