import Foundation

/// The plans of a forms directory (`Forms/plans/*.yaml`), by id (`2022-LC.SVHTT`).
///
/// Loaded with the forms at start-up: the server refuses to start when a plan has a problem, as it
/// does for a form. A forms directory without `plans/` has no plans.
public struct PlanCatalog: Sendable {
    /// The folder inside a forms directory.
    public static let directoryName = "plans"

    public let plans: [String: PlanDefinition]

    public init(plans: [PlanDefinition]) {
        self.plans = Dictionary(plans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The plans sorted by year, then unit.
    public var sorted: [PlanDefinition] {
        plans.values.sorted { ($0.year, $0.unitCode) < ($1.year, $1.unitCode) }
    }

    /// Loads `formsDirectory/plans/*.yaml`; satisfaction targets may name only `knownForms`.
    /// - Throws: ``FormValidationErrors`` with every issue of every plan.
    public static func load(formsDirectory: URL, knownForms: Set<String>?) throws(FormValidationErrors) -> PlanCatalog {
        let directory = formsDirectory.appendingPathComponent(directoryName, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return PlanCatalog(plans: [])
        }
        var issues: [FormIssue] = []
        var plans: [PlanDefinition] = []
        for file in FormCatalog.readYAMLFiles(in: directory, issues: &issues) {
            switch read(file, knownForms: knownForms) {
            case .success(let plan): plans.append(plan)
            case .failure(let errors): issues += errors.issues
            }
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }
        return PlanCatalog(plans: plans)
    }

    /// One plan file, as ``load(formsDirectory:knownForms:)`` reads it.
    public static func load(file url: URL, knownForms: Set<String>?) -> Result<PlanDefinition, FormValidationErrors> {
        FormCatalog.readSourceFile(url).flatMap { read($0, knownForms: knownForms) }
    }

    static func read(_ file: FormCatalog.SourceFile, knownForms: Set<String>?) -> Result<PlanDefinition, FormValidationErrors> {
        Result { () throws(FormValidationErrors) in
            try PlanDefinition.parse(yaml: file.contents, file: file.path, knownForms: knownForms)
        }
    }
}
