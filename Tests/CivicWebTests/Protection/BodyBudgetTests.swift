import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CivicWeb

/// The global cap on large request bodies held in memory at once (issue 13).
@Suite(.timeLimit(.minutes(1)))
struct BodyBudgetTests {
    @Test func whatIsCountedAndHowMuch() {
        func head(_ method: HTTPRequest.Method, _ length: String?) -> HTTPRequest {
            var fields = HTTPFields()
            if let length { fields[.contentLength] = length }
            return HTTPRequest(method: method, scheme: "http", authority: "x", path: "/", headerFields: fields)
        }
        typealias Budget = BodyBudgetMiddleware<BasicRequestContext>
        #expect(Budget.reservation(for: head(.get, nil)) == nil)
        #expect(Budget.reservation(for: head(.post, "1000")) == nil, "a small form is never refused")
        #expect(Budget.reservation(for: head(.post, "\(5 * 1024 * 1024)")) == 5 * 1024 * 1024)
        #expect(Budget.reservation(for: head(.post, "999999999999")) == Budget.largestBody)
        #expect(Budget.reservation(for: head(.post, nil)) == Budget.largestBody, "an unknown length counts as the largest")
        #expect(Budget.reservation(for: head(.put, "garbage")) == Budget.largestBody)
    }

    @Test func aLargeBodyPastTheBudgetIs503WithRetryAfterAndTheBudgetComesBack() async throws {
        // setup: a route that holds its request until told to finish, behind a budget of 12 MiB
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        let (entered, enter) = AsyncStream.makeStream(of: Void.self)
        let router = Router()
        router.add(middleware: BodyBudgetMiddleware(bytes: 12 * 1024 * 1024))
        router.post("/upload") { request, _ -> String in
            enter.yield()
            for await _ in release { break }
            return "\(try await request.body.collect(upTo: 10 * 1024 * 1024).readableBytes)"
        }
        let app = Application(router: router)
        try await app.test(.router) { client in
            let body = ByteBuffer(repeating: 7, count: 8 * 1024 * 1024)
            let headers: HTTPFields = [.contentLength: "\(body.readableBytes)"]
            // act: one upload holds 8 MiB of the budget; a second one does not fit
            async let first = client.execute(uri: "/upload", method: .post, headers: headers, body: body)
            for await _ in entered { break }
            let second = try await client.execute(uri: "/upload", method: .post, headers: headers, body: body)
            // validate
            #expect(second.status == .serviceUnavailable)
            #expect(second.headers[.retryAfter] == "5")
            releaser.yield()
            #expect(try await first.status == .ok)
            // The first gave its share back: another fits now.
            releaser.yield()
            let third = try await client.execute(uri: "/upload", method: .post, headers: headers, body: body)
            #expect(third.status == .ok)
            #expect(String(buffer: third.body) == "\(8 * 1024 * 1024)")
        }
    }
}
