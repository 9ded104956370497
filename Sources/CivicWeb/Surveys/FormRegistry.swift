import CivicCore
import CivicStore
import Foundation
import Logging
import Synchronization

/// The forms the server offers (the current files of `Forms/`) and every version ever stored
/// (responses to an older version are still checked against the questions they answered).
public final class FormRegistry: Sendable {
    public let catalog: FormCatalog
    /// The PAKN workflow's calendar and deadlines, from `workflow/` beside the forms.
    public let workflow: WorkflowSettings
    /// The text of each form and interface file as loaded with ``catalog``: what the console's
    /// translation import edits and hands back (the server never writes `Forms/`).
    public let sources: FormSourceFiles
    /// The PAR plans of `plans/` beside the forms.
    public let plans: PlanCatalog
    private let storedVersions = Mutex<[FormKey: FormDefinition]>([:])

    struct FormKey: Hashable {
        let id: String
        let version: Int
    }

    public init(catalog: FormCatalog, workflow: WorkflowSettings, sources: FormSourceFiles,
                plans: PlanCatalog = PlanCatalog(plans: [])) {
        self.catalog = catalog
        self.workflow = workflow
        self.sources = sources
        self.plans = plans
        storedVersions.withLock { versions in
            for form in catalog.forms.values { versions[FormKey(id: form.id, version: form.version)] = form }
        }
    }

    /// Loads `Forms/` with its `workflow/` files and `plans/`, and refuses to start on any error,
    /// listing them all.
    public static func load(directory: String) throws(FormValidationErrors) -> FormRegistry {
        let url = URL(fileURLWithPath: directory)
        let loaded = try WorkflowSettings.loadWithForms(directory: url)
        let plans = try PlanCatalog.load(formsDirectory: url, knownForms: Set(loaded.catalog.forms.keys))
        return FormRegistry(catalog: loaded.catalog, workflow: loaded.workflow,
                            sources: FormSourceFiles.read(directory: url, catalog: loaded.catalog), plans: plans)
    }

    /// Stores new versions in PostgreSQL (refusing a changed form under an old version number) and
    /// learns every version stored before.
    func synchronise(with store: FormStore, logger: Logger) async throws {
        let outcomes = try await store.synchronise(Array(catalog.forms.values), logger: logger)
        for (form, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
            switch outcome {
            case .stored: logger.notice("stored form version", metadata: ["form": "\(form)"])
            case .translationsUpdated: logger.notice("updated the translations of a stored form version", metadata: ["form": "\(form)"])
            case .unchanged: break
            }
        }
        let all = try await store.allVersions(logger: logger)
        storedVersions.withLock { versions in
            for form in all { versions[FormKey(id: form.id, version: form.version)] = form }
        }
    }

    /// The current version of a form, as in `Forms/`.
    public func current(_ id: String) -> FormDefinition? { catalog.form(id: id) }

    /// A given version, current or stored earlier.
    public func definition(_ id: String, version: Int) -> FormDefinition? {
        storedVersions.withLock { $0[FormKey(id: id, version: version)] }
    }

    /// The current forms, in a stable order.
    public var currentForms: [FormDefinition] {
        catalog.formIDs.compactMap(catalog.form(id:))
    }
}
