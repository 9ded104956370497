import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body arrives too slowly: it must start within `grace` of the
/// request head and then keep coming at `minimumBytesPerSecond` on average (mod_reqtimeout's
/// rule), for at most `maximum` in all.
///
/// Hummingbird's idle timeout closes a connection that sends nothing (and a request head that never
/// ends), but a body trickling a byte before each timeout would hold the connection, and a slot of
/// the body budget, for ever. A rate rather than a fixed time: a citizen on a weak mobile network
/// uploading a few megabytes takes minutes and must not be cut off. Written here because neither
/// Hummingbird nor NIO has a body-read deadline.
final class BodyReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    struct Policy: Sendable {
        var grace: TimeAmount
        var minimumBytesPerSecond: Int64 = 512
        var maximum: TimeAmount = .minutes(15)
    }

    private let policy: Policy
    private var started: NIODeadline?
    private var received: Int64 = 0
    private var check: Scheduled<Void>?

    init(policy: Policy) {
        self.policy = policy
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            started = .now()
            received = 0
            schedule(context)
        case .body(let buffer):
            received += Int64(buffer.readableBytes)
        case .end:
            started = nil
            check?.cancel()
            check = nil
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    /// When the body read so far stops being on time.
    private var deadline: NIODeadline? {
        guard let started else { return nil }
        let earned = TimeAmount.nanoseconds(received * 1_000_000_000 / max(1, policy.minimumBytesPerSecond))
        let allowed = min(policy.maximum, policy.grace + earned)
        return started + allowed
    }

    private func schedule(_ context: ChannelHandlerContext) {
        check?.cancel()
        guard let deadline else { return }
        check = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            check = nil
            guard let due = self.deadline else { return }
            if NIODeadline.now() >= due {
                context.close(promise: nil)
            } else {
                schedule(context)
            }
        }
    }
}
