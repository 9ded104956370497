import CivicCore
import CivicStore
import Foundation
import Logging
import ServiceLifecycle

/// Sends the outbox's messages in the background: every ``interval`` (and at once while there is
/// more), it takes the oldest due message with `FOR UPDATE SKIP LOCKED`, so that several servers
/// can run it side by side without sending a message twice, and records the outcome (sent;
/// queued again after an exponential backoff; failed with its reason).
///
/// A server killed while a message is handed over rolls its transaction back: the message is sent
/// again by the next round, with the same Message-ID, so a receiver can tell it is the same one.
/// Logs carry message ids and outcomes, never an address, a tracking code or a text.
public struct OutboxWorker: Service {
    let outbox: Outbox
    let sender: MessageSender
    let interval: Duration
    let logger: Logger
    /// Awaited before the first round: the start-up migrations.
    let startsAfter: (@Sendable () async -> Void)?

    init(outbox: Outbox, sender: MessageSender, interval: Duration = .seconds(2), logger: Logger,
         startsAfter: (@Sendable () async -> Void)? = nil) {
        self.outbox = outbox
        self.sender = sender
        self.interval = interval
        self.logger = logger
        self.startsAfter = startsAfter
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await startsAfter?()
            while !Task.isCancelled {
                do {
                    _ = try await deliverDue()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("outbox round failed; retrying next round",
                                   metadata: ["error": "\(String(reflecting: error))"])
                }
                // Cancelled at graceful shutdown: return, do not throw (see CountsCompactor).
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Tries every message due now, one transaction each; returns how many were tried.
    func deliverDue() async throws -> Int {
        var tried = 0
        let sender = sender
        let logger = logger
        while !Task.isCancelled, let outcome = try await outbox.deliverNext(logger: logger, { message in
            let outcome = await sender.deliver(message, logger: logger)
            switch outcome {
            case .sent:
                logger.info("outbox message sent", metadata: ["message.id": "\(message.id)", "kind": "\(message.kind.rawValue)"])
            case .retry(let reason), .failed(let reason):
                logger.warning("outbox message not sent",
                               metadata: ["message.id": "\(message.id)", "kind": "\(message.kind.rawValue)",
                                          "attempt": "\(message.attempts + 1)", "reason": "\(reason)"])
            }
            return outcome
        }) {
            tried += 1
            switch outcome {
            case .sent: CivicMetrics.outboxDeliveries("sent").increment()
            case .retry: CivicMetrics.outboxDeliveries("retry").increment()
            case .failed: CivicMetrics.outboxDeliveries("failed").increment()
            }
        }
        let counts = try await outbox.counts(logger: logger)
        CivicMetrics.outboxMessages("queued").record(counts.queued)
        CivicMetrics.outboxMessages("failed").record(counts.failed)
        return tried
    }
}
