import Foundation
import Testing
@testable import CivicCore

@Suite struct ClassificationDeadlineTests {
    static let workflow = try! WorkflowSettings.load(formsDirectory: formsDirectory(), catalog: nil)

    @Test func theShippedFileGivesThreeDaysFromReceiptAndCountsHandlingFromAcceptance() {
        let policy = Self.workflow.deadlines
        #expect(policy.classificationDays(category: "regulation") == 3)
        #expect(policy.handlingStart == .acceptance)
        // The README's example: received Thu 12/2/2026, Tết 16–20/2.
        let due = policy.classificationDueDate(receivedOn: CalendarDate("2026-02-12")!, category: nil,
                                               calendar: Self.workflow.calendar)
        #expect(due == CalendarDate("2026-02-24"))
    }

    @Test func cutoffsAgreeWithCountingEachDay() {
        let calendar = Self.workflow.calendar
        for days in [1, 3, 10] {
            var today = CalendarDate("2026-01-01")!
            while today < CalendarDate("2026-06-01")! {
                let cutoff = DeadlinePolicy.lastOverdueReceipt(days: days, today: today, calendar: calendar)
                for offset in 0..<40 {
                    let received = today.adding(days: -offset)
                    let overdue = calendar.addingWorkingDays(days, to: received) < today
                    #expect(overdue == (received <= cutoff), "received \(received), today \(today), \(days) days")
                }
                today = today.adding(days: 1)
            }
        }
    }

    @Test func classificationAndHandlingStartAreReadFromTheFile() throws {
        let policy = try DeadlinePolicy.parse(yaml: """
            default: 15
            classification: {default: 2, categories: {regulation: 5}}
            handling_from: receipt
            """, file: "d.yaml", knownCategories: ["regulation", "official_conduct"])
        #expect(policy.classificationDays(category: "regulation") == 5)
        #expect(policy.classificationDays(category: "official_conduct") == 2)
        #expect(policy.handlingStart == .receipt)
        let received = CalendarDate("2026-03-02")!, accepted = CalendarDate("2026-03-05")!
        #expect(policy.dueDate(receivedOn: received, acceptedOn: accepted, category: nil, unitCode: nil,
                               calendar: .weekendsOnly) == CalendarDate("2026-03-23"))
        do {
            _ = try DeadlinePolicy.parse(yaml: """
                default: 15
                classification: {default: 0, categories: {regulaton: 5}, later: 1}
                handling_from: tomorrow
                """, file: "d.yaml", knownCategories: ["regulation"])
            Issue.record("the file has three mistakes")
        } catch {
            let paths = error.issues.map(\.keyPath)
            #expect(paths.contains("classification.default"))
            #expect(paths.contains("classification.later"))
            #expect(paths.contains("handling_from"))
            #expect(paths.contains { $0.hasPrefix("classification.categories") })
        }
    }
}
