import Foundation
import Testing
@testable import CivicCore

@Suite struct QD766ScoreTests {
    @Test func allThreeRatios() throws {
        // r1 = 36 on time / 40 in scope = 0.90 → 6 × 0.90 = 5.40
        // r2 = (50 − 5) / 50            = 0.90 → 6 × 0.90 = 5.40
        // r3 = (1000 − 20) / 1000       = 0.98 → 6 × 0.98 = 5.88
        // score = 5.40 + 5.40 + 5.88 = 16.68 of 18
        let score = try QD766Score(paknInScope: 40, paknHandledOnTime: 36, pakn: 50, paknDissatisfiedOrComplained: 5,
                                   dossiers: 1000, dossiersDissatisfiedOrComplained: 20)
        #expect(score.onTime.value == 0.9)
        #expect(score.paknSatisfaction.numerator == 45)
        #expect(score.paknSatisfaction.value == 0.9)
        #expect(score.dossierSatisfaction.value == 0.98)
        #expect(abs(score.onTime.points! - 5.4) < 1e-12)
        #expect(abs(score.dossierSatisfaction.points! - 5.88) < 1e-12)
        #expect(abs(score.score! - 16.68) < 1e-12)
        #expect(score.maxScore == 18)
        #expect(score.applicableWeight == 18)
    }

    @Test func aRatioWithoutDenominatorIsNotApplicable() throws {
        // No PAKN at all: r1 and r2 are not applicable. r3 = 980 / 1000 = 0.98 earns 5.88 of the
        // 6 points at stake; scaled to 18: 5.88 / 6 × 18 = 17.64 (not 5.88, and not 5.88 + 12).
        let score = try QD766Score(paknInScope: 0, paknHandledOnTime: 0, pakn: 0, paknDissatisfiedOrComplained: 0,
                                   dossiers: 1000, dossiersDissatisfiedOrComplained: 20)
        #expect(score.onTime.value == nil && score.onTime.points == nil && !score.onTime.isApplicable)
        #expect(score.paknSatisfaction.value == nil)
        #expect(score.applicableWeight == 6)
        #expect(abs(score.score! - 17.64) < 1e-12)
    }

    @Test func nothingApplicableHasNoScore() throws {
        let score = try QD766Score(paknInScope: 0, paknHandledOnTime: 0, pakn: 0, paknDissatisfiedOrComplained: 0,
                                   dossiers: 0, dossiersDissatisfiedOrComplained: 0)
        #expect(score.score == nil)
        #expect(score.applicableWeight == 0)
    }

    @Test func configurableWeights() throws {
        // Weights 8 / 5 / 5 (max 18): 8 × 0.5 + 5 × 1 + 5 × 0.9 = 4 + 5 + 4.5 = 13.5
        let weights = QD766Score.Weights(onTime: 8, paknSatisfaction: 5, dossierSatisfaction: 5)
        let score = try QD766Score(paknInScope: 10, paknHandledOnTime: 5, pakn: 10, paknDissatisfiedOrComplained: 0,
                                   dossiers: 10, dossiersDissatisfiedOrComplained: 1, weights: weights)
        #expect(abs(score.score! - 13.5) < 1e-12)
        #expect(score.maxScore == 18)
        // A zero weight on the only applicable ratio leaves nothing at stake.
        let zero = QD766Score.Weights(onTime: 0, paknSatisfaction: 9, dossierSatisfaction: 9)
        let none = try QD766Score(paknInScope: 10, paknHandledOnTime: 5, pakn: 0, paknDissatisfiedOrComplained: 0,
                                  dossiers: 0, dossiersDissatisfiedOrComplained: 0, weights: zero)
        #expect(none.score == nil)
    }

    @Test func perfectScoreIsTheMaximum() throws {
        let score = try QD766Score(paknInScope: 3, paknHandledOnTime: 3, pakn: 7, paknDissatisfiedOrComplained: 0,
                                   dossiers: 11, dossiersDissatisfiedOrComplained: 0)
        #expect(score.score == 18)
    }

    @Test func inconsistentCountsAreRefused() {
        #expect(throws: AnalyticsInputError.exceeds(part: "paknHandledOnTime", value: 5, whole: "paknInScope", limit: 4)) {
            try QD766Score(paknInScope: 4, paknHandledOnTime: 5, pakn: 4, paknDissatisfiedOrComplained: 0,
                           dossiers: 0, dossiersDissatisfiedOrComplained: 0)
        }
        #expect(throws: AnalyticsInputError.exceeds(part: "dossiersDissatisfiedOrComplained", value: 2, whole: "dossiers", limit: 1)) {
            try QD766Score(paknInScope: 0, paknHandledOnTime: 0, pakn: 0, paknDissatisfiedOrComplained: 0,
                           dossiers: 1, dossiersDissatisfiedOrComplained: 2)
        }
        #expect(throws: AnalyticsInputError.negative(field: "dossiers", value: -1)) {
            try QD766Score(paknInScope: 0, paknHandledOnTime: 0, pakn: 0, paknDissatisfiedOrComplained: 0,
                           dossiers: -1, dossiersDissatisfiedOrComplained: 0)
        }
    }

    @Test func jsonAndWeightsDecoding() throws {
        let score = try QD766Score(paknInScope: 0, paknHandledOnTime: 0, pakn: 0, paknDissatisfiedOrComplained: 0,
                                   dossiers: 0, dossiersDissatisfiedOrComplained: 0)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(score)) as! [String: Any]
        #expect(object["score"] is NSNull)
        #expect((object["onTime"] as! [String: Any])["value"] is NSNull)
        let weights = try JSONDecoder().decode(QD766Score.Weights.self,
                                               from: Data(#"{"onTime":8,"paknSatisfaction":5,"dossierSatisfaction":5}"#.utf8))
        #expect(weights.total == 18)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(QD766Score.Weights.self,
                                     from: Data(#"{"onTime":-1,"paknSatisfaction":5,"dossierSatisfaction":5}"#.utf8))
        }
    }
}
