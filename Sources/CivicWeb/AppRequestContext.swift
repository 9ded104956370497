import Hummingbird
import Logging

/// The per-request context of every route: the request id travels in `logger` metadata
/// (`hb.request.id`), so every log line of a request, SQL included, carries it.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
