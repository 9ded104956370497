import Testing
@testable import CivicCore

@Suite struct OrderStatisticsTests {
    @Test func median() {
        #expect(OrderStatistics.median([]) == nil)
        #expect(OrderStatistics.median([4]) == 4)
        #expect(OrderStatistics.median([5, 1, 3]) == 3)
        #expect(OrderStatistics.median([10, 1, 3, 2]) == 2.5)   // (2 + 3) / 2
        #expect(OrderStatistics.median([0, 0, 7, 7]) == 3.5)
    }

    @Test func nearestRankPercentile() {
        // rank = ⌈p·n/100⌉ in the sorted values
        #expect(OrderStatistics.nearestRank(percent: 90, of: []) == nil)
        #expect(OrderStatistics.nearestRank(percent: 90, of: [6]) == 6)                     // rank 1
        #expect(OrderStatistics.nearestRank(percent: 90, of: [4, 1, 7]) == 7)               // ⌈2.7⌉ = 3
        #expect(OrderStatistics.nearestRank(percent: 90, of: Array((1...10).reversed())) == 9)  // rank 9
        #expect(OrderStatistics.nearestRank(percent: 90, of: Array(1...11)) == 10)          // ⌈9.9⌉ = 10
        #expect(OrderStatistics.nearestRank(percent: 90, of: Array(1...20)) == 18)          // rank 18
        #expect(OrderStatistics.nearestRank(percent: 50, of: [1, 2, 3, 4]) == 2)            // rank 2
        #expect(OrderStatistics.nearestRank(percent: 100, of: [3, 9, 1]) == 9)
        #expect(OrderStatistics.nearestRank(percent: 1, of: [3, 9, 1]) == 1)
    }

    @Test func nearestRankMeetsItsDefinition() {
        // At least p% of the values are <= the result, and fewer than p% are < it.
        let values = [5, 0, 2, 2, 9, 1, 3, 3, 3, 8, 13, 4, 1]
        for percent in 1...100 {
            let result = OrderStatistics.nearestRank(percent: percent, of: values)!
            #expect(values.filter { $0 <= result }.count * 100 >= percent * values.count)
            #expect(values.filter { $0 < result }.count * 100 < percent * values.count)
        }
    }
}
