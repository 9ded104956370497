import Testing
@testable import CivicCore

@Suite struct FeedbackWorkflowTests {
    /// The twelve legal transitions: the ten of the brief, and staff's two answers to a citizen's
    /// request to reconsider a published result (issue 15).
    static let table: [(FeedbackState, FeedbackAction, FeedbackState)] = [
        (.received, .accept, .accepted),
        (.received, .markOutOfScope, .outOfScope),
        (.accepted, .assign, .assigned),
        (.assigned, .assign, .assigned),
        (.assigned, .start, .inProgress),
        (.inProgress, .assign, .assigned),
        (.inProgress, .resolve, .resolved),
        (.inProgress, .forward, .forwarded),
        (.resolved, .publish, .published),
        (.forwarded, .publish, .published),
        (.reopenRequested, .reopen, .inProgress),
        (.reopenRequested, .closeReopenRequest, .published),
    ]

    static var illegalPairs: [(FeedbackState, FeedbackAction)] {
        FeedbackState.allCases.flatMap { state in
            FeedbackAction.allCases.compactMap { action in
                table.contains { $0.0 == state && $0.1 == action } ? nil : (state, action)
            }
        }
    }

    /// A request carrying everything `action` requires, and nothing else.
    static func validRequest(_ action: FeedbackAction) -> TransitionRequest {
        switch action {
        case .accept, .start, .reopen: TransitionRequest(action: action)
        case .closeReopenRequest: TransitionRequest(action: action, closingReason: "Kết quả đã đúng quy định.")
        case .publish: TransitionRequest(action: action, publicTitle: "Thời hạn trả hồ sơ")
        case .markOutOfScope: TransitionRequest(action: action, outOfScopeReason: .complaint,
                                                redirectTo: "Thanh tra tỉnh Lào Cai")
        case .assign: TransitionRequest(action: action, assigneeUnit: "SO-VHTTDL")
        case .resolve: TransitionRequest(action: action, publicReply: "Đã sửa quy trình.")
        case .forward: TransitionRequest(action: action, publicReply: "Đã kiến nghị.", competentBody: "Bộ Văn hóa, Thể thao và Du lịch")
        }
    }

    private func error(_ request: TransitionRequest, from state: FeedbackState) -> WorkflowError? {
        if case .failure(let error) = FeedbackWorkflow.apply(request, to: state) { return error }
        return nil
    }

    private func validated(_ request: TransitionRequest, from state: FeedbackState,
                           sourceLocation: SourceLocation = #_sourceLocation) -> ValidatedTransition? {
        switch FeedbackWorkflow.validate(request, from: state) {
        case .success(let transition): return transition
        case .failure(let error):
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: - The state machine

    @Test(arguments: table.indices)
    func everyLegalTransition(index: Int) {
        // setup
        let (from, action, to) = Self.table[index]
        // act
        let result = FeedbackWorkflow.apply(Self.validRequest(action), to: from)
        // validate
        #expect(result == .success(to))
        #expect(FeedbackWorkflow.target(of: action, from: from) == to)
        #expect(FeedbackWorkflow.allowedActions(from: from).contains(action))
    }

    @Test func exactlyTheTwelveTransitionsAreLegal() {
        let listed = FeedbackWorkflow.transitions.map { "\($0.from.rawValue) --\($0.action.rawValue)--> \($0.to.rawValue)" }
        let expected = Self.table.map { "\($0.0.rawValue) --\($0.1.rawValue)--> \($0.2.rawValue)" }
        #expect(listed == expected)
        #expect(Self.illegalPairs.count == FeedbackState.allCases.count * FeedbackAction.allCases.count - 12)
    }

    @Test(arguments: illegalPairs.indices)
    func everyIllegalTransitionListsTheAllowedActions(index: Int) {
        // setup
        let (state, action) = Self.illegalPairs[index]
        let allowed = Self.table.filter { $0.0 == state }.map(\.1)
        // act
        let result = FeedbackWorkflow.apply(Self.validRequest(action), to: state)
        // validate
        #expect(result == .failure(.illegalTransition(from: state, action: action, allowed: allowed)))
        #expect(FeedbackWorkflow.target(of: action, from: state) == nil)
    }

    @Test func allowedActionsComeInAStableOrder() {
        #expect(FeedbackWorkflow.allowedActions(from: .received) == [.accept, .markOutOfScope])
        #expect(FeedbackWorkflow.allowedActions(from: .accepted) == [.assign])
        #expect(FeedbackWorkflow.allowedActions(from: .assigned) == [.assign, .start])
        #expect(FeedbackWorkflow.allowedActions(from: .inProgress) == [.assign, .resolve, .forward])
        #expect(FeedbackWorkflow.allowedActions(from: .resolved) == [.publish])
        #expect(FeedbackWorkflow.allowedActions(from: .forwarded) == [.publish])
        #expect(FeedbackWorkflow.allowedActions(from: .outOfScope) == [])
        #expect(FeedbackWorkflow.allowedActions(from: .published) == [])
        #expect(FeedbackWorkflow.allowedActions(from: .reopenRequested) == [.reopen, .closeReopenRequest])
    }

    @Test func closingARequestToReconsiderNeedsItsReason() {
        #expect(error(TransitionRequest(action: .closeReopenRequest), from: .reopenRequested) == .missingField("closingReason"))
        #expect(error(TransitionRequest(action: .closeReopenRequest, closingReason: " \n "), from: .reopenRequested)
            == .missingField("closingReason"))
        let long = String(repeating: "ư", count: 2001)
        #expect(error(TransitionRequest(action: .closeReopenRequest, closingReason: long), from: .reopenRequested)
            == .invalidField("closingReason", reason: "must be at most 2000 characters (it has 2001)"))
        // Only the close takes it: nothing typed is dropped silently.
        #expect(error(TransitionRequest(action: .reopen, closingReason: "x"), from: .reopenRequested)
            == .invalidField("closingReason", reason: "not used by reopen; leave it empty"))
        // NFC, trimmed, line breaks kept.
        let decomposed = "Ke\u{0302}\u{0301}t qua\u{0309} \u{0111}u\u{0301}ng.\r\nGiữ nguyên.  "
        #expect(validated(TransitionRequest(action: .closeReopenRequest, closingReason: decomposed), from: .reopenRequested)?
            .closingReason == "Kết quả đúng.\nGiữ nguyên.")
    }

    @Test func theIllegalTransitionIsReportedBeforeAnyField() {
        let empty = TransitionRequest(action: .resolve)
        #expect(error(empty, from: .assigned) == .illegalTransition(from: .assigned, action: .resolve, allowed: [.assign, .start]))
        #expect(error(TransitionRequest(action: .accept), from: .published)
            == .illegalTransition(from: .published, action: .accept, allowed: []))
    }

    @Test func stateClassification() {
        let open: Set<FeedbackState> = [.received, .accepted, .assigned, .inProgress]
        let handled: Set<FeedbackState> = [.resolved, .forwarded, .published, .reopenRequested]
        for state in FeedbackState.allCases {
            #expect(state.isOpen == open.contains(state), "\(state)")
            #expect(state.isClosed == !open.contains(state), "\(state)")
            #expect(state.isHandled == handled.contains(state), "\(state)")
            #expect(state.isFinal == [.outOfScope, .published].contains(state), "\(state)")
        }
    }

    @Test func rawValuesAreTheStoredNames() {
        #expect(FeedbackState.allCases.map(\.rawValue)
            == ["received", "accepted", "out_of_scope", "assigned", "in_progress", "resolved", "forwarded", "published",
                "reopen_requested"])
        #expect(FeedbackAction.allCases.map(\.rawValue)
            == ["accept", "mark_out_of_scope", "assign", "start", "resolve", "forward", "publish", "reopen",
                "close_reopen_request"])
        #expect(OutOfScopeReason.allCases.map(\.rawValue)
            == ["complaint", "denunciation", "not_administrative", "duplicate", "other"])
    }

    @Test func resolutionFollowsTheAction() {
        #expect(FeedbackResolution(action: .resolve) == .resolved)
        #expect(FeedbackResolution(action: .forward) == .forwarded)
        #expect(FeedbackAction.allCases.compactMap(FeedbackResolution.init(action:)).count == 2)
        #expect(FeedbackResolution(state: .forwarded) == .forwarded)
        #expect(FeedbackResolution(state: .published) == nil)
        #expect(validated(Self.validRequest(.forward), from: .inProgress)?.resolution == .forwarded)
        #expect(validated(Self.validRequest(.publish), from: .resolved)?.resolution == nil)
    }

    // MARK: - Payloads

    @Test func resolveNeedsAPublicReply() {
        #expect(error(TransitionRequest(action: .resolve), from: .inProgress) == .missingField("publicReply"))
        #expect(error(TransitionRequest(action: .resolve, publicReply: "  \r\n "), from: .inProgress) == .missingField("publicReply"))
    }

    @Test func forwardNeedsACompetentBodyAndAPublicReply() {
        #expect(error(TransitionRequest(action: .forward, publicReply: "Đã chuyển."), from: .inProgress)
            == .missingField("competentBody"))
        #expect(error(TransitionRequest(action: .forward, competentBody: "Sở Nội vụ"), from: .inProgress)
            == .missingField("publicReply"))
        let transition = validated(Self.validRequest(.forward), from: .inProgress)
        #expect(transition?.competentBody == "Bộ Văn hóa, Thể thao và Du lịch")
    }

    @Test(arguments: OutOfScopeReason.allCases)
    func markOutOfScopeNeedsAReasonAndARedirectForComplaintsAndDenunciations(reason: OutOfScopeReason) {
        // act
        let withoutRedirect = FeedbackWorkflow.apply(
            TransitionRequest(action: .markOutOfScope, outOfScopeReason: reason), to: .received)
        let withRedirect = FeedbackWorkflow.apply(
            TransitionRequest(action: .markOutOfScope, outOfScopeReason: reason, redirectTo: "Ban tiếp công dân tỉnh"), to: .received)
        // validate
        if reason == .complaint || reason == .denunciation {
            #expect(withoutRedirect == .failure(.missingField("redirectTo")))
        } else {
            #expect(withoutRedirect == .success(.outOfScope))
        }
        #expect(withRedirect == .success(.outOfScope))
    }

    @Test func markOutOfScopeWithoutAReason() {
        #expect(error(TransitionRequest(action: .markOutOfScope, redirectTo: "Thanh tra tỉnh"), from: .received)
            == .missingField("outOfScopeReason"))
        let reply = validated(TransitionRequest(action: .markOutOfScope, publicReply: "Đây là khiếu nại.",
                                                outOfScopeReason: .complaint, redirectTo: "Thanh tra tỉnh"), from: .received)
        #expect(reply?.publicReply == "Đây là khiếu nại.")
        #expect(reply?.outOfScopeReason == .complaint)
    }

    @Test func assignNeedsAUnitCodeAndTakesALogin() {
        #expect(error(TransitionRequest(action: .assign), from: .accepted) == .missingField("assigneeUnit"))
        #expect(error(TransitionRequest(action: .assign, assigneeUnit: "Sở VH"), from: .accepted)
            == .invalidField("assigneeUnit", reason: "'Sở VH' is not a unit code: a letter or digit, then letters, digits, '.', '_' or '-'"))
        #expect(error(TransitionRequest(action: .assign, assigneeUnit: "-SO"), from: .accepted) != nil)
        #expect(error(TransitionRequest(action: .assign, assigneeUnit: String(repeating: "A", count: 65)), from: .accepted) != nil)
        #expect(error(TransitionRequest(action: .assign, assigneeUnit: "SO", assigneeLogin: "a b"), from: .accepted)
            == .invalidField("assigneeLogin", reason: "'a b' is not a staff login"))
        let transition = validated(TransitionRequest(action: .assign, assigneeUnit: " SO-VHTTDL ", assigneeLogin: "Nguyen.An"),
                                   from: .inProgress)
        #expect(transition?.assigneeUnit == "SO-VHTTDL")
        #expect(transition?.assigneeLogin == "nguyen.an")
        #expect(transition?.to == .assigned)
    }

    @Test func anInvalidLoginIsRejected() {
        #expect(error(TransitionRequest(action: .assign, assigneeUnit: "SO", assigneeLogin: "an@lao-cai"), from: .accepted)
            == .invalidField("assigneeLogin", reason: "'an@lao-cai' is not a staff login"))
    }

    @Test func textIsCleanedToNFCAndTrimmed() throws {
        // setup: "Việt" typed decomposed, with a Windows line break and surrounding space
        let decomposed = "  Vie\u{0302}\u{0323}t\r\nNam \n"
        // act
        let transition = try #require(validated(TransitionRequest(action: .resolve, note: decomposed, publicReply: decomposed),
                                                from: .inProgress))
        // validate
        #expect(transition.publicReply == "Việt\nNam")
        #expect(transition.publicReply?.unicodeScalars.count == 8)
        #expect(transition.note == "Việt\nNam")
    }

    @Test(arguments: [
        (TransitionRequest.Field.note, 2000),
        (.publicReply, 10_000),
        (.publicTitle, 500),
        (.competentBody, 300),
        (.redirectTo, 300),
    ])
    func lengthLimits(field: TransitionRequest.Field, limit: Int) {
        // setup: Vietnamese letters, to count characters rather than bytes
        func request(_ length: Int) -> (TransitionRequest, FeedbackState) {
            let text = String(repeating: "ệ", count: length)
            switch field {
            case .note: return (TransitionRequest(action: .accept, note: text), .received)
            case .publicReply: return (TransitionRequest(action: .resolve, publicReply: text), .inProgress)
            case .competentBody: return (TransitionRequest(action: .forward, publicReply: "x", competentBody: text), .inProgress)
            case .publicTitle: return (TransitionRequest(action: .publish, publicTitle: text), .resolved)
            default: return (TransitionRequest(action: .markOutOfScope, outOfScopeReason: .complaint, redirectTo: text), .received)
            }
        }
        // act
        let (fits, fitsState) = request(limit)
        let (long, longState) = request(limit + 1)
        // validate
        #expect(field.maximumLength == limit)
        #expect(error(fits, from: fitsState) == nil)
        #expect(error(long, from: longState)
            == .invalidField(field.rawValue, reason: "must be at most \(limit) characters (it has \(limit + 1))"))
    }

    @Test func publishingNeedsAPublicTitleOnOneLine() {
        #expect(error(TransitionRequest(action: .publish), from: .resolved) == .missingField("publicTitle"))
        #expect(error(TransitionRequest(action: .publish, publicTitle: " \n "), from: .forwarded) == .missingField("publicTitle"))
        #expect(error(TransitionRequest(action: .publish, publicTitle: "Hai\ndòng"), from: .resolved)
            == .invalidField("publicTitle", reason: "must be one line, without tabs"))
        #expect(error(TransitionRequest(action: .resolve, publicReply: "x", publicTitle: "y"), from: .inProgress)
            == .invalidField("publicTitle", reason: "not used by resolve; leave it empty"))
        let transition = validated(TransitionRequest(action: .publish, publicTitle: "  Thời hạn trả hồ sơ "), from: .resolved)
        #expect(transition?.publicTitle == "Thời hạn trả hồ sơ")
    }

    @Test func controlCharactersAreRejected() {
        #expect(error(TransitionRequest(action: .accept, note: "a\u{0007}b"), from: .received)
            == .invalidField("note", reason: "must not contain control characters"))
        #expect(error(TransitionRequest(action: .resolve, publicReply: "a\u{001B}[31m"), from: .inProgress)
            == .invalidField("publicReply", reason: "must not contain control characters"))
        #expect(error(TransitionRequest(action: .forward, publicReply: "x", competentBody: "Sở\nNội vụ"), from: .inProgress)
            == .invalidField("competentBody", reason: "must be one line, without tabs"))
        #expect(error(TransitionRequest(action: .accept, note: "dòng 1\n\tdòng 2"), from: .received) == nil)
    }

    @Test func fieldsTheActionDoesNotUseAreRejectedUnlessEmpty() {
        #expect(error(TransitionRequest(action: .accept, publicReply: "Xin chào"), from: .received)
            == .invalidField("publicReply", reason: "not used by accept; leave it empty"))
        #expect(error(TransitionRequest(action: .accept, outOfScopeReason: .duplicate), from: .received)
            == .invalidField("outOfScopeReason", reason: "not used by accept; leave it empty"))
        #expect(error(TransitionRequest(action: .resolve, publicReply: "ok", assigneeUnit: "SO"), from: .inProgress)
            == .invalidField("assigneeUnit", reason: "not used by resolve; leave it empty"))
        #expect(error(TransitionRequest(action: .start, note: "bắt đầu", publicReply: " ", competentBody: ""), from: .assigned) == nil)
    }

    @Test func errorsDescribeThemselves() {
        #expect(WorkflowError.illegalTransition(from: .inProgress, action: .publish, allowed: [.assign, .resolve, .forward]).description
            == "cannot publish an item that is in_progress; allowed: assign, resolve, forward")
        #expect(WorkflowError.illegalTransition(from: .published, action: .accept, allowed: []).description
            == "cannot accept an item that is published; no action is possible in that state")
        #expect(WorkflowError.missingField("publicReply").description == "publicReply is required")
        #expect(WorkflowError.invalidField("note", reason: "too long").description == "note: too long")
    }
}
