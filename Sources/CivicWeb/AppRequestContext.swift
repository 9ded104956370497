import Hummingbird
import Logging
import NIOCore

/// The per-request context of every route: the request id travels in `logger` metadata
/// (`hb.request.id`), so every log line of a request, SQL included, carries it.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address: used only through a keyed hash (rate limits), never stored or logged.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
