import Hummingbird

/// The only way staff routes are registered: each handler is wrapped by the gate, so it runs only
/// for a request that passed the route's requirement, and receives the checked ``StaffAccess``.
struct StaffRouter {
    let router: Router<AppRequestContext>
    let gate: StaffGate
    let pages: StaffPageRenderer
    private(set) var registered: [StaffRoute] = []

    init(router: Router<AppRequestContext>, gate: StaffGate, pages: StaffPageRenderer) {
        self.router = router
        self.gate = gate
        self.pages = pages
    }

    mutating func register<Output: ResponseGenerator>(
        _ route: StaffRoute,
        handler: @escaping @Sendable (Request, AppRequestContext, StaffAccess) async throws -> Output
    ) {
        registered.append(route)
        let gate = self.gate
        let pages = self.pages
        router.on(RouterPath(route.path), method: route.method) { request, context -> Response in
            switch try await gate.decide(route, request: request, context: context) {
            case .allowed(let access):
                do {
                    return try await handler(request, context, access).response(from: request, context: context)
                } catch let refused as StaffForm.Refused {
                    return refused.response
                }
            case .unauthenticated:
                context.logger.info("staff request without valid credentials", metadata: ["route": "\(route)"])
                switch route.audience {
                case .api:
                    throw Problem(status: .unauthorized, title: "Unauthorized",
                                  detail: "Send a valid API token as Authorization: Bearer cv_….",
                                  headers: [.wwwAuthenticate: #"Bearer realm="civicvoice""#])
                case .page:
                    return pages.signInRequired(request)
                }
            case .forbidden:
                context.logger.notice("staff request outside the caller's grants", metadata: ["route": "\(route)"])
                switch route.audience {
                case .api:
                    throw Problem(status: .forbidden, title: "Forbidden",
                                  detail: "Your grants do not allow this request for this unit.")
                case .page:
                    return pages.forbidden(request)
                }
            case .unknownUnit(let code):
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown unit", detail: "There is no unit with code \(code).")
                case .page:
                    return pages.notFound(request)
                }
            case .invalidQuery(let errors):
                switch route.audience {
                case .api:
                    throw errors
                case .page:
                    return pages.error(request, errors.problem.status, "bad_request", detail: errors.problem.detail)
                }
            case .passwordChangeRequired:
                switch route.audience {
                case .api:
                    throw Problem(status: .forbidden, title: "Password change required",
                                  detail: "This account must choose its own password at /staff/account first.")
                case .page:
                    return Response(status: .seeOther, headers: [.location: StaffRoutes.accountPage.path])
                }
            case .unknownExport:
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown export",
                                  detail: "There is no export with this id; a finished one is deleted once it expires.")
                case .page:
                    return pages.notFound(request)
                }
            case .unknownItem:
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown feedback item",
                                  detail: "There is no feedback item with this id.")
                case .page:
                    return pages.notFound(request)
                }
            case .unknownPaperBatch:
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown paper batch",
                                  detail: "There is no batch of paper forms with this id.")
                case .page:
                    return pages.notFound(request)
                }
            case .unknownDesk:
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown desk", detail: "There is no one-stop desk with this id.")
                case .page:
                    return pages.notFound(request)
                }
            case .unknownPlan(let id):
                switch route.audience {
                case .api:
                    throw Problem(status: .notFound, title: "Unknown plan",
                                  detail: "There is no plan with id \(id) (Forms/plans/\(id).yaml), or its unit is not in the register.")
                case .page:
                    return pages.notFound(request)
                }
            }
        }
    }

    /// Refuses to start unless every route of the table has exactly one handler, every handler is
    /// for a route of the table, each route is well formed, and the router holds no route that is
    /// neither a staff route nor a public one.
    func verify() throws {
        var problems: [String] = []
        let table = Set(StaffRoutes.all.map(\.description))
        let handled = registered.map(\.description)
        for route in StaffRoutes.all {
            if let problem = route.problem { problems.append(problem) }
            let count = handled.filter { $0 == route.description }.count
            if count != 1 { problems.append("\(route) has \(count) handlers, expected 1") }
        }
        for route in handled where !table.contains(route) {
            problems.append("\(route) is registered as a staff route but is not in StaffRoutes.all")
        }
        for route in router.routes {
            let text = Self.normalized("\(route.method.rawValue) \(route.path)")
            if table.contains(text) || PublicRoutes.all.contains(text) { continue }
            problems.append("\(text) is neither in StaffRoutes.all nor in PublicRoutes.all: decide who may use it")
        }
        if !problems.isEmpty { throw RouteTableError(problems: problems) }
    }

    /// The router prints `GET /f/{form}` for a route added as `f/:form`: both become `GET /f/:form`.
    static func normalized(_ text: String) -> String {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return text }
        let segments = parts[1].split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }
        return "\(parts[0]) /\(segments.joined(separator: "/"))"
    }
}

/// The route table and the router disagree: the server does not start.
struct RouteTableError: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { "route table:\n  " + problems.joined(separator: "\n  ") }
}
