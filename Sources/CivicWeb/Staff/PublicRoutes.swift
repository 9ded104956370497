/// The routes anyone may call: citizen pages and API, health and metrics, and the staff sign-in
/// forms. Every other route must be in ``StaffRoutes``; the server refuses to start otherwise, so
/// a route cannot be added without deciding who may use it.
enum PublicRoutes {
    static let all: Set<String> = [
        "GET /", "GET /f/:form", "POST /f/:form", "GET /f/:form/thanks",
        "GET /api/v1/forms", "GET /api/v1/forms/:id", "POST /api/v1/responses",
        "GET /healthz", "GET /readyz", "GET /metrics",
        "GET /staff/login", "POST /staff/login", "POST /staff/logout",
    ]
}
