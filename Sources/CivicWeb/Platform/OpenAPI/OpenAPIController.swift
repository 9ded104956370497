import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.0 document of the JSON API (public: it describes the
/// API, not its data).
struct OpenAPIController: Sendable {
    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(OpenAPIDocument.path)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
        }
    }
}
