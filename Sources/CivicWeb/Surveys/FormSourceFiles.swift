import CivicCore
import Foundation

/// The text of the form and interface files the server loaded, by their path relative to the
/// forms directory (`pakn.yaml`, `ui/hmn.yaml`), and the interface keys in the order of
/// `ui/vi.yaml`.
///
/// A translator's file is applied to this text (``TranslationImport/apply``), which keeps the
/// YAML's comments and order, and the result goes back to the form's owner to commit: read once,
/// beside the catalog, so that what is edited is what the server serves even if `Forms/` changed
/// on disk since it started.
public struct FormSourceFiles: Sendable, Hashable {
    public let texts: [String: String]
    public let interfaceOrder: [String]

    public init(texts: [String: String]) {
        self.texts = texts
        interfaceOrder = texts["ui/\(LanguageChain.baseLanguage).yaml"].map(UIStrings.keysInFileOrder(yaml:)) ?? []
    }

    /// The current text of the file holding `target`'s strings in `language`; nil for an
    /// interface language that has no file yet (or a form the server does not have).
    public func text(target: String, language: String) -> String? {
        texts[TranslationSet.yamlPath(target: target, language: language)]
    }

    /// Reads the file of every form of `catalog` (named after its id, which loading checked) and
    /// of every interface language.
    static func read(directory: URL, catalog: FormCatalog) -> FormSourceFiles {
        var paths = catalog.formIDs.map { "\($0).yaml" }
        paths += catalog.ui.tables.keys.sorted().map { "ui/\($0).yaml" }
        var texts: [String: String] = [:]
        for path in paths {
            texts[path] = try? String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        }
        return FormSourceFiles(texts: texts)
    }
}
