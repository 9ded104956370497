import CivicCore
import Testing

@Suite struct DossierFiguresTests {
    static let counts = DossierCounts(received: 1250, resolved: 1200, resolvedOnTime: 1170, resolvedLate: 30,
                                      apologiesSent: 24, online: 500, receivedByPost: 125, returnedByPost: 240)

    @Test func yamaneOnTheDossiersResolvedAndTheTargets() {
        let figures = DossierFigures(counts: Self.counts, rowsCounted: 21, respondents: 300)
        // n = 1200 / (1 + 1200 · 0.0025) = 1200 / 4 = 300 exactly
        #expect(figures.sample.population == 1200)
        #expect(figures.sample.required == 300)
        #expect(figures.sample.reached == true)
        #expect(DossierFigures(counts: Self.counts, rowsCounted: 21, respondents: 299).sample.reached == false)
        // 1170 / 1200 = 97.5% < 98%; 24 / 30 = 80% < 100%
        #expect(figures.onTime.rate == 0.975)
        #expect(figures.onTime.met == false)
        #expect(figures.onTime.numeratorName == "resolved_on_time")
        #expect(figures.onTime.denominator == 1200)
        #expect(figures.apologyCoverage.rate == 0.8)
        #expect(figures.apologyCoverage.met == false)
        #expect(figures.online.rate == 0.4)
        #expect(figures.online.target == nil && figures.online.met == nil)
        #expect(figures.receivedByPost.rate == 0.1)
        #expect(figures.returnedByPost.rate == 0.2)
    }

    @Test func withoutStatisticsNothingIsKnownNorReached() {
        let figures = DossierFigures(counts: DossierCounts(), rowsCounted: 0, respondents: 500)
        #expect(figures.sample.required == nil)
        #expect(figures.sample.reached == nil)
        #expect(figures.onTime.rate == nil && figures.onTime.met == nil)
        #expect(figures.apologyCoverage.rate == nil)
    }

    @Test func noLateDossierOwesNoApology() {
        let counts = DossierCounts(received: 10, resolved: 10, resolvedOnTime: 10)
        let figures = DossierFigures(counts: counts, rowsCounted: 1, respondents: 3)
        #expect(figures.onTime.rate == 1 && figures.onTime.met == true)
        #expect(figures.apologyCoverage.rate == nil && figures.apologyCoverage.met == nil)
        #expect(figures.sample.required == 10)   // 10 / 1.025 = 9.76 → 10
    }

    @Test func countsAddUpAndSayWhatIsWrong() {
        #expect(Self.counts.problems.isEmpty)
        var wrong = Self.counts
        wrong.resolvedLate = 31
        #expect(wrong.problems.map(\.field) == ["resolved"])
        #expect((Self.counts + Self.counts).resolved == 2400)
    }

    @Test func qd766RatioThreeKeepsNoRatingApartFromSatisfied() {
        // 1200 resolved, 300 rated: 285 satisfied, 15 not; 900 never rated.
        let ratio = QD766DossierRatio(resolved: 1200, rated: 300, ratedNotSatisfied: 15)
        #expect(ratio.ratio.rate == 1185.0 / 1200)           // 98.75%: no rating is not dissatisfied
        #expect(ratio.ratio.denominatorName == "resolved")
        #expect(ratio.responseRate.rate == 0.95)              // 285 / 300 among those who answered
        #expect(ratio.notRated == 900)
        #expect(ratio.ratedSatisfied == 285)
        #expect(ratio.ratingsExceedResolved == false)
    }

    @Test func qd766RatioThreeWithoutStatisticsOrWithTooFewResolved() {
        let fallback = QD766DossierRatio(resolved: nil, rated: 40, ratedNotSatisfied: 4)
        #expect(fallback.ratio.rate == 0.9)
        #expect(fallback.ratio.denominatorName == "rated")
        #expect(fallback.notRated == nil)
        let inconsistent = QD766DossierRatio(resolved: 3, rated: 10, ratedNotSatisfied: 5)
        #expect(inconsistent.ratio.rate == 0)
        #expect(inconsistent.countedDissatisfied == 3)
        #expect(inconsistent.ratingsExceedResolved)
        #expect(inconsistent.notRated == 0)
    }
}
