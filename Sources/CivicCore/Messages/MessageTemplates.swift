import Foundation

/// The texts of the messages sent to citizens, per language, from `Forms/messages/<lang>.yaml`,
/// with the fallback the forms use: a kind a language does not define comes from the next
/// language of the chain, finally from Vietnamese.
///
/// A set that loaded without issues guarantees: the base language defines every ``MessageKind``;
/// every template has a subject and a body, uses only its kind's ``MessageKind/placeholders`` and
/// all of its ``MessageKind/requiredPlaceholders``.
public struct MessageTemplates: Sendable, Hashable {
    /// One message's texts, with `{placeholders}`.
    public struct Template: Sendable, Hashable {
        public let subject: String
        public let body: String

        public init(subject: String, body: String) {
            self.subject = subject
            self.body = body
        }
    }

    /// A message ready to send: texts filled in, and the language they are in.
    public struct Rendered: Sendable, Hashable {
        public let subject: String
        public let body: String
        public let language: String
    }

    public let baseLanguage: String
    /// Templates by language tag, then by kind.
    public let languages: [String: [MessageKind: Template]]

    public init(languages: [String: [MessageKind: Template]], baseLanguage: String = LanguageChain.baseLanguage) {
        self.languages = languages
        self.baseLanguage = baseLanguage
    }

    /// The message of `kind` in the first language of `chain` (then the base language) that
    /// defines it, its placeholders filled from `values`; nil only when no language defines it
    /// (which a loaded set rules out).
    public func render(_ kind: MessageKind, for chain: LanguageChain, values: [String: String]) -> Rendered? {
        for language in chain.endingWith(baseLanguage).languages {
            guard let template = languages[language]?[kind] else { continue }
            return Rendered(subject: UIStrings.fill(template.subject, with: values),
                            body: UIStrings.fill(template.body, with: values), language: language)
        }
        return nil
    }
}
