import CivicCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A webhook receiver on loopback, as a province's integration platform would run one: it
/// verifies every delivery's `CivicVoice-Signature` with the subscription's secret (rejecting a
/// bad or stale one with 401), keeps the idempotency keys it acknowledged (a second delivery of
/// one is answered 200 and not processed again), and can answer 500 to the first attempt of each.
actor WebhookReceiver {
    struct Received: Sendable {
        let path: String
        let headers: [String: String]
        let body: [UInt8]
        let verified: Bool
        let status: Int
        /// A key it had already acknowledged: a duplicate it does not process.
        let duplicate: Bool

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var key: String { headers["idempotency-key"] ?? "" }
    }

    private(set) var received: [Received] = []
    private var acknowledged: Set<String> = []
    private var failedOnce: Set<String> = []
    /// Secrets by path (`/a`, `/b`).
    private var secrets: [String: String] = [:]
    var failFirstAttempt = false

    func setSecret(_ secret: String, for path: String) { secrets[path] = secret }
    func setFailFirstAttempt(_ value: Bool) { failFirstAttempt = value }

    func handle(path: String, headers: [String: String], body: [UInt8]) -> Int {
        let key = headers["idempotency-key"] ?? ""
        let verified = secrets[path].map { secret in
            (try? WebhookSignature.verify(header: headers["civicvoice-signature"] ?? "", body: body, secret: secret,
                                          now: Int(Date().timeIntervalSince1970)).get()) != nil
        } ?? false
        let status: Int
        var duplicate = false
        if !verified {
            status = 401
        } else if acknowledged.contains(key) {
            duplicate = true
            status = 200
        } else if failFirstAttempt, !failedOnce.contains(key) {
            failedOnce.insert(key)
            status = 500
        } else {
            acknowledged.insert(key)
            status = 200
        }
        received.append(Received(path: path, headers: headers, body: body, verified: verified, status: status,
                                 duplicate: duplicate))
        return status
    }

    /// Runs the receiver on a free loopback port for `body`, which gets its base URL.
    static func run<Result: Sendable>(_ receiver: WebhookReceiver,
                                      _ body: @Sendable (String) async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("/:hook") { request, context -> Response in
            var collected = try await request.body.collect(upTo: 1 << 20)
            let bytes = collected.readBytes(length: collected.readableBytes) ?? []
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = await receiver.handle(path: request.uri.path, headers: headers, body: bytes)
            return Response(status: .init(code: status))
        }
        let (ports, portKnown) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  portKnown.yield(channel.localAddress?.port ?? 0)
                                  portKnown.finish()
                              },
                              logger: Logger(label: "test.webhook-receiver"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                             logger: Logger(label: "test.webhook-receiver")))
            group.addTask { try await services.run() }
            var port = 0
            for await value in ports { port = value }
            let result = try await body("http://127.0.0.1:\(port)")
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        }
    }
}
