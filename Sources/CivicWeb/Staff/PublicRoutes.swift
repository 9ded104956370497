/// The routes anyone may call: citizen pages and API, health and metrics, and the staff sign-in
/// forms. Every other route must be in ``StaffRoutes``; the server refuses to start otherwise, so
/// a route cannot be added without deciding who may use it.
enum PublicRoutes {
    static let all: Set<String> = [
        "GET /", "GET /f/:form", "POST /f/:form", "GET /f/:form/thanks",
        "GET /api/v1/forms", "GET /api/v1/forms/:id", "POST /api/v1/responses",
        "POST /api/v1/feedback", "GET /api/v1/feedback/:code",
        "GET /pakn", "GET /pakn/new", "POST /pakn/new", "GET /pakn/public", "GET /pakn/:code", "POST /pakn/:code/rating",
        // A rating link: the signed token in the path is the credential (RatingToken).
        "GET /pakn/rating/:token", "POST /pakn/rating/:token",
        "GET /open311/v2/discovery.json", "GET /open311/v2/services.json", "GET /open311/v2/services/:code",
        "GET /open311/v2/requests.json", "POST /open311/v2/requests.json", "GET /open311/v2/requests/:id",
        "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json",
        "GET /staff/login", "POST /staff/login", "POST /staff/logout",
        // One-time links to set or reset a password: the secret in the path is the credential.
        "GET /staff/password/:secret", "POST /staff/password/:secret",
        // A registered kiosk's pages: its token in the path is the credential (KioskDevices).
        "GET /kiosk/:token", "POST /kiosk/:token", "GET /kiosk/:token/thanks",
    ]
}
