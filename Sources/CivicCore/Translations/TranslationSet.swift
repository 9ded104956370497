/// The strings of one form (or of the interface) in one target language, as a translator's file
/// carries them: the Vietnamese source, the English for reference, the current translation and
/// where it stands.
public struct TranslationSet: Sendable, Hashable {
    /// The target that names the interface strings (`Forms/ui/`) instead of a form.
    public static let interfaceTarget = "ui"
    /// The language shown beside the source for reference.
    public static let referenceLanguage = "en"

    public struct Unit: Sendable, Hashable {
        public let id: String
        public let role: StringRole
        public let source: String
        public let reference: String?
        /// The current translation, stale or not; nil when missing.
        public let translation: String?
        public let status: StringStatus
        public let reviewer: String?
        public let maximumLength: Int
        /// The `{placeholders}` of the source, sorted: a translation keeps exactly these.
        public let placeholders: [String]

        /// What a translator needs to know beside the text: what it is, its limits, why it is stale.
        public var note: String {
            var parts = [Self.roleDescription[role] ?? role.rawValue, "at most \(maximumLength) characters"]
            if !placeholders.isEmpty {
                parts.append("keep " + placeholders.map { "{\($0)}" }.joined(separator: ", "))
            }
            if status == .stale { parts.append("stale: the Vietnamese changed after this was translated") }
            return parts.joined(separator: "; ")
        }

        private static let roleDescription: [StringRole: String] = [
            .title: "form title", .intro: "form introduction", .sectionTitle: "section title",
            .label: "question", .help: "help under a question", .option: "answer option",
            .interface: "interface text",
        ]
    }

    /// A form id, or ``interfaceTarget``.
    public let target: String
    public let language: String
    public let baseLanguage: String
    public let units: [Unit]

    public var isInterface: Bool { target == Self.interfaceTarget }

    /// The file the strings live in, relative to the forms directory: `pakn.yaml`, `ui/hmn.yaml`.
    public var yamlPath: String { Self.yamlPath(target: target, language: language) }

    /// The file that holds `target`'s strings in `language`, relative to the forms directory.
    public static func yamlPath(target: String, language: String) -> String {
        target == interfaceTarget ? "ui/\(language).yaml" : "\(target).yaml"
    }

    /// The strings of `target` in `language`, in file order (the interface in the order of
    /// `ui/vi.yaml`, given as `interfaceOrder`; keys it lacks come last, sorted).
    /// - Throws: ``TranslationSetError`` for an unknown form or a tag that is not usable.
    public static func make(catalog: FormCatalog, target: String, language: String,
                            interfaceOrder: [String] = []) throws(TranslationSetError) -> TranslationSet {
        guard let tag = LanguageChain.canonicalTag(language), tag == language else {
            throw .badLanguage(language)
        }
        let base = LanguageChain.baseLanguage
        guard language != base else { throw .baseLanguage(language) }
        if target == interfaceTarget {
            let strings = catalog.ui.tables[base]?.strings ?? [:]
            let ordered = interfaceOrder.filter { strings[$0] != nil }
            let keys = ordered + strings.keys.filter { !Set(ordered).contains($0) }.sorted()
            let table = catalog.ui.tables[language]
            let units = keys.map { key in
                let source = strings[key] ?? ""
                return Unit(id: key, role: .interface, source: source,
                            reference: catalog.ui.tables[referenceLanguage]?.strings[key],
                            translation: table?.strings[key], status: catalog.ui.status(of: key, in: language),
                            reviewer: catalog.ui.reviewer(of: key, in: language),
                            maximumLength: StringRole.interfaceLimit(source: source),
                            placeholders: UIStrings.placeholders(in: source).sorted())
            }
            return TranslationSet(target: target, language: language, baseLanguage: base, units: units)
        }
        guard let form = catalog.form(id: target) else { throw .unknownTarget(target) }
        let units = form.translatableStrings.map { string in
            Unit(id: string.id, role: string.role, source: string.source,
                 reference: string.text[referenceLanguage], translation: string.text[language],
                 status: form.status(of: string.text, in: language), reviewer: form.reviewer(of: string.text, in: language),
                 maximumLength: string.maximumLength, placeholders: UIStrings.placeholders(in: string.source).sorted())
        }
        return TranslationSet(target: target, language: language, baseLanguage: form.baseLanguage, units: units)
    }
}

/// Why a translation set cannot be made.
public enum TranslationSetError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTarget(String)
    case badLanguage(String)
    case baseLanguage(String)

    public var description: String {
        switch self {
        case .unknownTarget(let target):
            "no form '\(target)' (or 'ui' for the interface strings)"
        case .badLanguage(let tag):
            "'\(tag)' is not a language tag in canonical case, such as hmn or hmn-Latn-VN"
        case .baseLanguage(let tag):
            "'\(tag)' is the source language: there is nothing to translate into it"
        }
    }
}
