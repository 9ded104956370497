import CivicCore

/// The questionnaire a satisfaction figure is about: one form, or every form pooled when asked for
/// (`form=all`). Read from `form=` by ``AnalyticsService/formChoice(_:)``: absent, the form whose
/// file declares `metrics_default: true` (``FormCatalog/metricsDefaultFormID``).
///
/// Guarantees: ``elementsFormID`` is the one form whose answers make the element rates: the form
/// itself, or when pooling the default form (nil when there is none), so that the SIPAS element
/// chart never mixes in another questionnaire's questions.
struct FormChoice: Sendable, Hashable {
    /// The form counted; nil when every form is pooled.
    let formID: String?
    let elementsFormID: String?

    /// The value that names this choice in `form=`: the form's id, or `all`.
    static let allForms = "all"

    static func one(_ id: String) -> FormChoice { FormChoice(formID: id, elementsFormID: id) }

    static func pooled(elementsFormID: String?) -> FormChoice {
        FormChoice(formID: nil, elementsFormID: elementsFormID)
    }

    var isPooled: Bool { formID == nil }

    /// `form=` for links: the id, or `all`.
    var parameter: String { formID ?? Self.allForms }
}
