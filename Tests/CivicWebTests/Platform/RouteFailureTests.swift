import CivicStore
import CivicTestSupport
import HTTPTypes
import Testing

@testable import CivicWeb

/// How an error out of a route is classified before it is answered (``ErrorResponseMiddleware``
/// draws the page or problem+json from it; ErrorPagesTests walks those through the app).
struct RouteFailureTests {
    @Test func aCancelledRequestIsA503ToRetryAndNoErrorLine() {
        let lines = CapturingLogHandler.Lines()
        let failure = RouteFailure(CancellationError(), requestID: "r-1", logger: CapturingLogHandler.logger(lines))
        #expect(failure.status == .serviceUnavailable)
        #expect(failure.headers[.retryAfter] == "1")
        #expect(failure.reference == nil, "nothing on our side to quote")
        #expect(failure.messageKey == "page.temporarily_unavailable")
        #expect(failure.answerForPrograms.status == .serviceUnavailable)
        #expect(lines.all.count == 1)
        #expect(lines.all.allSatisfy { $0.hasPrefix("notice ") }, "\(lines.all)")
    }

    @Test func anUnexpectedErrorIsA500WithItsReferenceAndAnErrorLine() {
        struct Unexpected: Error {}
        let lines = CapturingLogHandler.Lines()
        let failure = RouteFailure(Unexpected(), requestID: "r-2", logger: CapturingLogHandler.logger(lines))
        #expect(failure.status == .internalServerError)
        #expect(failure.reference == "r-2")
        #expect(lines.all.contains { $0.hasPrefix("error unhandled error") }, "\(lines.all)")
    }
}
