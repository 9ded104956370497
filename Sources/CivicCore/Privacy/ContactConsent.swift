import Foundation

/// Proof that a person chose, explicitly, to give their contact details (Luật 91/2025/QH15: consent
/// is explicit, informed and specific; a pre-ticked box is not consent).
///
/// Guarantees: a value exists only when the person's own answer was an affirmative choice; an
/// absent or any other answer gives no value, so contact details cannot be stored without one.
public struct ContactConsent: Sendable, Hashable {
    /// When the person gave it.
    public let givenAt: Date

    /// The answer that counts as consent: a form's unticked-by-default checkbox or radio posts it.
    public static let affirmativeAnswer = "yes"

    /// Consent from the person's answer to the consent question; nil unless it is exactly
    /// ``affirmativeAnswer``.
    public init?(answer: String?, at date: Date) {
        guard answer == Self.affirmativeAnswer else { return nil }
        self.givenAt = date
    }
}
