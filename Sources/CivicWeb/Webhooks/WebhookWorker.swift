import AsyncHTTPClient
import CivicCore
import CivicStore
import Foundation
import Logging
import ServiceLifecycle

/// Sends the webhook deliveries in the background: every ``interval`` (and at once while there
/// is more) it takes the oldest due delivery under a lease (``WebhookDeliveries/take(logger:)``),
/// sends it outside any transaction and records the outcome, so several servers can run it side
/// by side. A server killed mid-send sends that delivery again after the lease, with the same
/// `CivicVoice-Delivery`/`Idempotency-Key`; one recorded as delivered is never sent again.
/// Logs carry delivery ids, event types and status codes, never a URL, a body or a secret.
public struct WebhookWorker: Service {
    let deliveries: WebhookDeliveries
    let sender: WebhookSender
    let interval: Duration
    let logger: Logger
    let startsAfter: (@Sendable () async -> Void)?

    init(deliveries: WebhookDeliveries, sender: WebhookSender, interval: Duration = .seconds(2), logger: Logger,
         startsAfter: (@Sendable () async -> Void)? = nil) {
        self.deliveries = deliveries
        self.sender = sender
        self.interval = interval
        self.logger = logger
        self.startsAfter = startsAfter
    }

    public func run() async throws {
        // Made here and shut down below, so that a server built but never run holds no client.
        let client = WebhookSender.makeClient()
        await cancelWhenGracefulShutdown {
            await startsAfter?()
            while !Task.isCancelled {
                do {
                    _ = try await deliverDue(with: client)
                } catch is CancellationError {
                    break
                } catch {
                    logger.warning("webhook round failed; retrying next round",
                                   metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
        try? await client.shutdown()
    }

    /// Sends every delivery due now; returns how many were tried.
    func deliverDue(with client: HTTPClient, limit: Int = 1000) async throws -> Int {
        var tried = 0
        while tried < limit, !Task.isCancelled, let taken = try await deliveries.take(logger: logger) {
            tried += 1
            let outcome = await sender.deliver(taken, with: client, logger: logger)
            let recorded = try await deliveries.record(taken, outcome, logger: logger)
            let metadata: Logger.Metadata = ["delivery.id": "\(taken.id)", "event": "\(taken.eventType.rawValue)",
                                             "attempt": "\(taken.attempt)"]
            switch recorded {
            case .delivered?:
                CivicMetrics.webhookAttempts("delivered").increment()
                logger.info("webhook delivered", metadata: metadata)
            case .retry(let status, let reason)?:
                CivicMetrics.webhookAttempts("retry").increment()
                logger.warning("webhook not delivered; retrying later",
                               metadata: metadata.merging(["status": "\(status.map(String.init) ?? "-")", "reason": "\(reason)"]) { $1 })
            case .failed(let status, let reason)?:
                CivicMetrics.webhookAttempts("failed").increment()
                logger.warning("webhook given up",
                               metadata: metadata.merging(["status": "\(status.map(String.init) ?? "-")", "reason": "\(reason)"]) { $1 })
            case nil:
                logger.notice("webhook lease lost before the outcome was recorded", metadata: metadata)
            }
        }
        let counts = try await deliveries.counts(logger: logger)
        CivicMetrics.webhookDeliveries("queued").record(counts.queued)
        CivicMetrics.webhookDeliveries("failed").record(counts.failed)
        return tried
    }
}
