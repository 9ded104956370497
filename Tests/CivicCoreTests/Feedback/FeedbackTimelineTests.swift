import Testing
@testable import CivicCore

@Suite struct FeedbackTimelineTests {
    @Test func overdueOnlyWhenOpenAndPastTheDueDate() {
        let open = FeedbackTimeline(receivedOn: ymd("2026-02-10"), acceptedOn: ymd("2026-02-11"), dueOn: ymd("2026-03-04"))
        #expect(!open.isOverdue(today: ymd("2026-03-04")))  // due at the end of the day
        #expect(open.isOverdue(today: ymd("2026-03-05")))
        var handled = open
        handled.handledOn = ymd("2026-03-10")
        #expect(!handled.isOverdue(today: ymd("2026-03-20")))
        #expect(!FeedbackTimeline(receivedOn: ymd("2026-02-10")).isOverdue(today: ymd("2027-01-01")))
    }

    @Test func handledOnTimeMeansByTheDueDate() {
        let due = ymd("2026-03-04")
        #expect(FeedbackTimeline(acceptedOn: ymd("2026-02-11"), dueOn: due, handledOn: due).handledOnTime)
        #expect(!FeedbackTimeline(acceptedOn: ymd("2026-02-11"), dueOn: due, handledOn: ymd("2026-03-05")).handledOnTime)
        #expect(!FeedbackTimeline(acceptedOn: ymd("2026-02-11"), dueOn: due).handledOnTime)
        #expect(!FeedbackTimeline(acceptedOn: ymd("2026-02-11"), handledOn: due).handledOnTime)
    }

    @Test func workingDaysToHandleAndLate() throws {
        let calendar = try shippedHolidayFile().calendar
        let timeline = FeedbackTimeline(receivedOn: ymd("2026-02-09"), acceptedOn: ymd("2026-02-12"),
                                        dueOn: ymd("2026-02-24"), handledOn: ymd("2026-02-26"))
        #expect(timeline.workingDaysToHandle(calendar) == 5)  // 13/2, then 23–26/2 after Tết
        #expect(timeline.workingDaysLate(today: ymd("2026-03-31"), calendar: calendar) == 2)
        let fromReceipt = FeedbackTimeline(receivedOn: ymd("2026-02-12"), handledOn: ymd("2026-02-12"))
        #expect(fromReceipt.workingDaysToHandle(calendar) == 0)
        #expect(FeedbackTimeline(receivedOn: ymd("2026-02-12")).workingDaysToHandle(calendar) == nil)
        let open = FeedbackTimeline(acceptedOn: ymd("2026-02-12"), dueOn: ymd("2026-02-24"))
        #expect(open.workingDaysLate(today: ymd("2026-02-27"), calendar: calendar) == 3)
        #expect(open.workingDaysLate(today: ymd("2026-02-20"), calendar: calendar) == 0)
    }
}

@Suite struct Open311MappingTests {
    @Test func statusIsOpenWhileWaitingForAResult() {
        for state in FeedbackState.allCases {
            #expect(Open311Mapping.status(for: state) == (state.isOpen ? "open" : "closed"), "\(state)")
        }
        #expect(Open311Mapping.status(for: .inProgress) == "open")
        #expect(Open311Mapping.status(for: .outOfScope) == "closed")
    }

    @Test func notesAreShortAndPublishedSaysHow() {
        for state in FeedbackState.allCases {
            let note = Open311Mapping.statusNotes(for: state)
            #expect(!note.isEmpty && note.count <= 120, "\(state)")
        }
        #expect(Open311Mapping.statusNotes(for: .published, resolution: .forwarded).contains("Forwarded"))
        #expect(Open311Mapping.statusNotes(for: .published, resolution: .resolved).contains("Resolved"))
        #expect(Open311Mapping.statusNotes(for: .accepted, resolution: .resolved) == Open311Mapping.statusNotes(for: .accepted))
    }
}
