import Foundation

/// A translator's file as read back: which strings it translates into which language, each unit
/// with the line it starts on, before anything is checked against the forms.
public struct SubmittedTranslations: Sendable, Hashable {
    /// What the file says about one string.
    public struct Unit: Sendable, Hashable {
        public let id: String
        /// The Vietnamese text the translator saw, when the file carries it.
        public let source: String?
        /// The translation; nil or empty: the file leaves the string as it is.
        public let text: String?
        public let state: State?
        public let reviewer: String?
        public let line: Int

        public init(id: String, source: String?, text: String?, state: State?, reviewer: String?, line: Int) {
            self.id = id
            self.source = source
            self.text = text
            self.state = state
            self.reviewer = reviewer
            self.line = line
        }
    }

    /// Where the translator left a string: not translated yet (or stale, left alone), translated,
    /// or reviewed.
    public enum State: String, Sendable, Hashable {
        case untouched, draft, reviewed
    }

    /// A form id or ``TranslationSet/interfaceTarget``.
    public let target: String
    public let language: String
    /// The source language the file declares, when it declares one.
    public let sourceLanguage: String?
    public let units: [Unit]
    /// The line that names the target and the language, for issues about them.
    public let headerLine: Int

    public init(target: String, language: String, sourceLanguage: String?, units: [Unit], headerLine: Int) {
        self.target = target
        self.language = language
        self.sourceLanguage = sourceLanguage
        self.units = units
        self.headerLine = headerLine
    }
}

extension SubmittedTranslations {
    /// Reads an XLIFF or a CSV file, told apart by their first characters.
    /// - Throws: ``FormValidationErrors`` naming `file` and the line of each problem.
    public static func read(_ data: Data, file: String) throws(FormValidationErrors) -> SubmittedTranslations {
        guard let text = String(data: data, encoding: .utf8) else {
            throw FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: "",
                                                  message: "not UTF-8 text; save the file as UTF-8")])
        }
        let start = text.drop { $0 == "\u{FEFF}" || $0.isWhitespace }
        return start.hasPrefix("<") ? try readXLIFF(data, file: file) : try readCSV(text, file: file)
    }
}
