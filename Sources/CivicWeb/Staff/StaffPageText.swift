import CivicCore

/// The wording of the staff console's pages (header, home, account, admin console, selectors),
/// from the interface strings `staff.<section>.*` in `Forms/ui/vi.yaml` and `en.yaml`, in one
/// language chain. Staff read Vietnamese or English; a key missing in English falls back to
/// Vietnamese, and a test checks that English defines every `staff.*` key Vietnamese does.
struct StaffPageText: Sendable {
    static let languages = ["vi", "en"]

    let ui: UIStrings
    let chain: LanguageChain

    init(ui: UIStrings, chain: LanguageChain) {
        self.ui = ui
        self.chain = chain
    }

    init(ui: UIStrings, language: String) {
        self.init(ui: ui, chain: LanguageChain(requested: language))
    }

    /// The language the page is written in.
    var language: String { chain.first }

    func text(_ key: String) -> String { ui.text(key, for: chain).text }

    func format(_ key: String, _ parameters: [String: String]) -> String {
        ui.format(key, for: chain, with: parameters).text
    }

    /// Every `<prefix>.<name>` key of the base language resolved in this chain, by `<name>` with
    /// dots made underscores (mustache reads a dot as a path): what templates read as `{{t.name}}`.
    func labels(_ prefixes: String...) -> [String: String] {
        var result: [String: String] = [:]
        let keys = ui.tables[ui.baseLanguage]?.strings.keys ?? [String: String]().keys
        for prefix in prefixes {
            let start = prefix + "."
            for key in keys where key.hasPrefix(start) {
                result[key.dropFirst(start.count).replacingOccurrences(of: ".", with: "_")] = text(key)
            }
        }
        return result
    }

    /// A role's name (`staff.role.<role>`).
    func role(_ role: StaffRole) -> String { text("staff.role.\(role.rawValue)") }

    /// The name of a unit in this language, else in Vietnamese, else its code.
    func unitName(_ names: [String: String], code: String) -> String {
        names[language] ?? names["vi"] ?? code
    }
}
