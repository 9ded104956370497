import CivicCore

/// The counts behind ``QD766Score`` (QĐ 766/QĐ-TTg's satisfaction group) for one period and unit
/// (see ``AnalyticsStore/qd766Counts(period:convention:unitCode:dossierFormID:logger:)``).
///
/// Guarantees: one statement, one snapshot; every part is at most its whole.
public struct QD766Counts: Sendable, Hashable, Codable {
    /// PAKN received in the period and within the agency's competence (not out of scope).
    public let paknInScope: Int
    /// Of those, handled (resolved or forwarded) no later than their due date.
    public let paknHandledOnTime: Int
    /// PAKN counted for ratio 2: the same items as ``paknInScope`` (an out-of-scope item is never
    /// handled, so it cannot be rated on its handling).
    public let pakn: Int
    /// Of those, rated not satisfied by the citizen. Complaints about a late or poor handling are
    /// not recorded apart from the rating, so the rating is the whole of it.
    public let paknDissatisfiedOrComplained: Int
    /// Distinct dossier codes rated in the period (responses to the dossier-rating form).
    public let dossiers: Int
    /// Of those, dossiers with a rating whose overall question (a scale question outside the five
    /// SIPAS elements) was answered with a value not declared satisfied. A PAKN about a dossier's
    /// handling would count too, but PAKN items do not record a dossier code, so it cannot.
    public let dossiersDissatisfiedOrComplained: Int
    /// Dossiers resolved in the period and subtree, from the imported dossier statistics: ratio 3's
    /// denominator. Nil when no statistics were imported for them (ratio 3 then divides by the
    /// dossiers rated, ``dossiers``).
    public let dossiersResolved: Int?

    public init(paknInScope: Int, paknHandledOnTime: Int, pakn: Int, paknDissatisfiedOrComplained: Int,
                dossiers: Int, dossiersDissatisfiedOrComplained: Int, dossiersResolved: Int? = nil) {
        self.paknInScope = paknInScope
        self.paknHandledOnTime = paknHandledOnTime
        self.pakn = pakn
        self.paknDissatisfiedOrComplained = paknDissatisfiedOrComplained
        self.dossiers = dossiers
        self.dossiersDissatisfiedOrComplained = dossiersDissatisfiedOrComplained
        self.dossiersResolved = dossiersResolved
    }

    /// Ratio 3 with the dossiers resolved as its denominator, the ratings kept apart.
    public var dossierRatio: QD766DossierRatio {
        QD766DossierRatio(resolved: dossiersResolved, rated: dossiers, ratedNotSatisfied: dossiersDissatisfiedOrComplained)
    }

    /// The score out of 18 (or the weights' sum), with CivicCore's maths; ratio 3 over the dossiers
    /// resolved when statistics were imported (``dossierRatio``).
    /// - Throws: ``AnalyticsInputError`` (cannot happen with counts from the store).
    public func score(weights: QD766Score.Weights = .equalThirds) throws(AnalyticsInputError) -> QD766Score {
        let ratio = dossierRatio
        return try QD766Score(paknInScope: paknInScope, paknHandledOnTime: paknHandledOnTime, pakn: pakn,
                              paknDissatisfiedOrComplained: paknDissatisfiedOrComplained, dossiers: ratio.denominator,
                              dossiersDissatisfiedOrComplained: ratio.countedDissatisfied, weights: weights)
    }
}
