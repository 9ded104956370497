import Testing
@testable import CivicCore

@Suite struct SampleSizeTests {
    @Test func yamaneHandValues() {
        // n = N / (1 + N·0.05²) = N / (1 + N/400)
        #expect(SampleSize.yamane(population: 1000) == 286)    // 1000 / 3.5 = 285.71 → 286
        #expect(SampleSize.yamane(population: 36525) == 396)   // 36525 / 92.3125 = 395.67 → 396
        #expect(SampleSize.yamane(population: 0) == 0)
        #expect(SampleSize.yamane(population: 1) == 1)         // 1 / 1.0025 = 0.9975 → 1
    }

    @Test func exactQuotientsAreNotRoundedUpByBinaryError() {
        // 0.05² is 0.0025000000000000005 in binary; these quotients are whole numbers exactly.
        #expect(SampleSize.yamane(population: 100) == 80)      // 100 / 1.25
        #expect(SampleSize.yamane(population: 400) == 200)     // 400 / 2
        #expect(SampleSize.yamane(population: 600) == 240)     // 600 / 2.5
        #expect(SampleSize.yamane(population: 1200) == 300)    // 1200 / 4
    }

    @Test func otherMarginsOfError() {
        #expect(SampleSize.yamane(population: 1000, marginOfError: 0.1) == 91)   // 1000 / 11 = 90.9
        #expect(SampleSize.yamane(population: 1000, marginOfError: 1) == 1)      // 1000 / 1001
    }

    @Test func neverMoreThanThePopulationAndGrowingWithIt() {
        var last = 0
        for population in 0...5000 {
            let size = SampleSize.yamane(population: population)
            #expect(size <= population)
            #expect(size >= last)
            last = size
        }
        #expect(last < 400)  // Yamane's n tends to 1/e² = 400
    }

    @Test func reachesYamane() {
        #expect(SampleSize.reachesYamane(sample: 286, population: 1000))
        #expect(!SampleSize.reachesYamane(sample: 285, population: 1000))
        #expect(SampleSize.reachesYamane(sample: 0, population: 0))
        #expect(!SampleSize.reachesYamane(sample: 395, population: 36525))
    }
}
