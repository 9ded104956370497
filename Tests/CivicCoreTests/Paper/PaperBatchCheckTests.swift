import CivicCore
import Testing

/// When a batch of paper forms may be counted: every place typed in each pass it has, and the
/// passes agreeing answer by answer.
struct PaperBatchCheckTests {
    static let order = ["a1", "a2", "overall"]

    @Test func aSinglePassCountsOnceEveryPlaceIsTyped() {
        let partial = PaperBatchCheck(declaredCount: 3, doubleEntry: false,
                                      passes: [1: [1: ["overall": .int(5)], 3: ["overall": .int(4)]]], questionOrder: Self.order)
        #expect(!partial.isReady)
        #expect(partial.missing == [1: [2]])
        #expect(partial.typed == [1: 2])
        let full = PaperBatchCheck(declaredCount: 2, doubleEntry: false,
                                   passes: [1: [1: ["overall": .int(5)], 2: ["overall": .int(4)]]], questionOrder: Self.order)
        #expect(full.isReady)
        #expect(full.differences.isEmpty)
    }

    @Test func aDoubleEntryListsEveryDifferingAnswerInTheFormsOrder() {
        let first: [Int: [String: AnswerValue]] = [1: ["overall": .int(5), "a1": .int(4)], 2: ["overall": .int(3)]]
        let second: [Int: [String: AnswerValue]] = [1: ["overall": .int(4), "a2": .int(2), "a1": .int(4)], 2: ["overall": .int(3)]]
        let check = PaperBatchCheck(declaredCount: 2, doubleEntry: true, passes: [1: first, 2: second], questionOrder: Self.order)
        #expect(!check.isReady)
        #expect(check.missing == [1: [], 2: []])
        #expect(check.differences == [
            .init(position: 1, questionID: "a2", first: nil, second: .int(2)),
            .init(position: 1, questionID: "overall", first: .int(5), second: .int(4)),
        ])
        let agreed = PaperBatchCheck(declaredCount: 2, doubleEntry: true, passes: [1: first, 2: first], questionOrder: Self.order)
        #expect(agreed.isReady)
    }

    @Test func aDoubleEntryWithoutItsSecondPassIsNotReady() {
        let check = PaperBatchCheck(declaredCount: 1, doubleEntry: true, passes: [1: [1: ["overall": .int(5)]]],
                                    questionOrder: Self.order)
        #expect(check.missing == [1: [], 2: [1]])
        #expect(!check.isReady)
    }
}
