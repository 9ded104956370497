import CivicCore
import CivicStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one-stop desks (issue 16), for a unit's leaders and the admins (the desk-management
/// permission) within their grants:
/// - `GET /staff/desks`: the desks of the units in reach, and a form to register one;
/// - `GET /staff/desks/{desk}`: the desk, its officers (add one, retire one), retiring the desk;
/// - `GET /staff/desks/{desk}/sheet`: the printable A4 or A5 sheet with the desk's QR code (made
///   here, ``QRCode``), leading to the dossier rating with the desk, or one of its officers, filled in;
/// - `GET /staff/desks/{desk}/ratings`: the desk's and each officer's figures, for the leaders of
///   the desk's own unit only (the route table says so), each shown from `MIN_RESPONDENTS` up.
/// - `POST /staff/desks/{desk}/kiosks` and `…/kiosks/revoke`: a kiosk device for the desk, its
///   token (and so its address) shown once on the page that answers, and revoking one.
/// Every change is audited (``DeskStore``, ``KioskStore``).
struct DeskController: Sendable {
    let desks: DeskStore
    let kiosks: KioskStore
    let units: UnitStore
    let pages: StaffPageRenderer
    let clock: ServiceClock
    /// Where citizens reach the service (`PUBLIC_BASE_URL`); nil: the host the staff member's
    /// browser used, which the sheet page shows so that it can be checked before printing.
    let publicBaseURL: String?
    let secureCookies: Bool
    let minimumRespondents: Int

    /// The form a desk's QR code opens.
    static let ratingFormID = "dossier-rating"
    static let maximumLabelLength = 120

    func register(on staff: inout StaffRouter) {
        staff.register(StaffRoutes.desksPage, handler: index)
        staff.register(StaffRoutes.deskCreatePage, handler: create)
        staff.register(StaffRoutes.deskPage, handler: show)
        staff.register(StaffRoutes.deskSheetPage, handler: sheet)
        staff.register(StaffRoutes.deskOfficerAddPage, handler: addOfficer)
        staff.register(StaffRoutes.deskOfficerRetirePage, handler: retireOfficer)
        staff.register(StaffRoutes.deskRetirePage, handler: retire)
        staff.register(StaffRoutes.deskRatingsPage, handler: ratings)
        staff.register(StaffRoutes.deskKioskRegisterPage, handler: registerKiosk)
        staff.register(StaffRoutes.deskKioskRevokePage, handler: revokeKiosk)
    }

    static func deskPath(_ id: Int64) -> String { "/staff/desks/\(id)" }

    /// The dossier rating for `desk` (and `officer`), as the QR code carries it: no citizen identity.
    func ratingURL(_ desk: DeskStore.Desk, officer: DeskStore.Officer?, request: Request) -> String {
        baseURL(request) + "/f/\(Self.ratingFormID)?desk=\(desk.code)" + (officer.map { "&officer=\($0.id)" } ?? "")
    }

    /// Where citizens reach the service: `PUBLIC_BASE_URL`, else the host the browser used.
    func baseURL(_ request: Request) -> String {
        publicBaseURL ?? ((secureCookies ? "https" : "http") + "://" + (request.head.authority ?? "localhost"))
    }

    // MARK: - The list, and registering a desk

    @Sendable func index(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        try await renderIndex(request, access: access, logger: context.logger)
    }

    private func renderIndex(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                             typed: DesksPage.Typed = .init(), errors: [String] = [], logger: Logger) async throws -> Response {
        let page = pages.page(request, access: access, path: StaffRoutes.desksPage.path)
        let list = try await desks.desks(unitIDs: access.scopeUnitIDs, logger: logger)
        let choices = try await StaffScope(units: units, today: clock.today())
            .unitsInScope(identity: access.identity, permission: .manageDesks, logger: logger)
        let model = DesksPage(page: page, desks: list, units: choices, typed: typed, errors: errors,
                              csrf: page.token(StaffRoutes.deskCreatePage.path))
        return pages.render(model, template: "staff-desks", page: page, status: status)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: StaffRoutes.desksPage.path)
        let text = pages.page(request, access: access).text
        let typed = DesksPage.Typed(unit: fields.text("unit") ?? "", label: fields.text("label") ?? "")
        var errors: [String] = []
        let unit = try await units.unit(code: typed.unit, logger: context.logger)
        if let unit, !access.reaches(unitID: unit.id) { return pages.forbidden(request) }
        if unit == nil { errors.append(text.text("staff.desks.error_unit")) }
        if typed.label.isEmpty || typed.label.count > Self.maximumLabelLength {
            errors.append(text.format("staff.desks.error_label", ["max": "\(Self.maximumLabelLength)"]))
        }
        guard errors.isEmpty, let unit else {
            return try await renderIndex(request, access: access, status: .unprocessableContent, typed: typed, errors: errors,
                                         logger: context.logger)
        }
        let desk = try await desks.create(unitID: unit.id, label: typed.label, by: access.actor, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: Self.deskPath(desk.id) + "?done=created"])
    }

    // MARK: - One desk

    private func resolve(_ access: StaffAccess, logger: Logger) async throws -> DeskStore.Desk? {
        guard let id = access.deskID else { return nil }
        return try await desks.desk(id: id, logger: logger)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        return try await renderDesk(request, access: access, desk: desk, notice: request.uri.queryParameters.get("done"),
                                    logger: context.logger)
    }

    private func renderDesk(_ request: Request, access: StaffAccess, status: HTTPResponse.Status = .ok,
                            desk: DeskStore.Desk, notice: String?, typedName: String = "", errors: [String] = [],
                            newKiosk: (url: String, token: String)? = nil, typedKiosk: String = "", kioskErrors: [String] = [],
                            logger: Logger) async throws -> Response {
        let path = Self.deskPath(desk.id)
        let page = pages.page(request, access: access, path: path)
        let officers = try await desks.officers(deskID: desk.id, logger: logger)
        let unit = try await units.unit(code: desk.unitCode, logger: logger)
        // The figures' link only for whom the route table lets read them: a leader of this very unit.
        let readsFigures = access.identity.grants.contains { grant in
            grant.role.permissions.contains(.readOfficerRatings) && grant.unitID == desk.unitID
        }
        let model = DeskPage(page: page, desk: desk, unitName: unit.map { page.text.unitName($0.names, code: $0.code) },
                             officers: officers, ratingURL: ratingURL(desk, officer: nil, request: request),
                             readsFigures: readsFigures, notice: notice, typedName: typedName, errors: errors,
                             addCSRF: page.token(path + "/officers"), retireOfficerCSRF: page.token(path + "/officers/retire"),
                             retireCSRF: page.token(path + "/retire"),
                             kiosks: try await kiosks.kiosks(deskID: desk.id, logger: logger), newKiosk: newKiosk,
                             typedKiosk: typedKiosk, kioskErrors: kioskErrors, registerKioskCSRF: page.token(path + "/kiosks"),
                             revokeKioskCSRF: page.token(path + "/kiosks/revoke"))
        return pages.render(model, template: "staff-desk", page: page, status: status)
    }

    @Sendable func addOfficer(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let path = Self.deskPath(desk.id)
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: path)
        let text = pages.page(request, access: access).text
        let name = fields.text("name") ?? ""
        var errors: [String] = []
        if desk.isRetired { errors.append(text.text("staff.desks.error_retired")) }
        if name.isEmpty || name.count > Self.maximumLabelLength {
            errors.append(text.format("staff.desks.error_officer", ["max": "\(Self.maximumLabelLength)"]))
        }
        if errors.isEmpty, try await desks.addOfficer(deskID: desk.id, displayName: name, by: access.actor,
                                                      logger: context.logger) != nil {
            return Response(status: .seeOther, headers: [.location: path + "?done=officer_added"])
        }
        if errors.isEmpty { errors.append(text.text("staff.desks.error_retired")) }
        return try await renderDesk(request, access: access, status: .unprocessableContent, desk: desk, notice: nil,
                                    typedName: name, errors: errors, logger: context.logger)
    }

    @Sendable func retireOfficer(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let path = Self.deskPath(desk.id)
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: path)
        let text = pages.page(request, access: access).text
        guard let officer = fields.text("officer").flatMap({ Int64($0) }),
              try await desks.retireOfficer(deskID: desk.id, officerID: officer, by: access.actor, logger: context.logger)
        else {
            return try await renderDesk(request, access: access, status: .unprocessableContent, desk: desk, notice: nil,
                                        errors: [text.text("staff.desks.error_officer_unknown")], logger: context.logger)
        }
        return Response(status: .seeOther, headers: [.location: path + "?done=officer_retired"])
    }

    @Sendable func retire(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let path = Self.deskPath(desk.id)
        _ = try await StaffForm.read(request, access: access, pages: pages, back: path)
        // Retiring a retired desk changes nothing: the page says it is out of use either way.
        _ = try await desks.retire(deskID: desk.id, by: access.actor, logger: context.logger)
        return Response(status: .seeOther, headers: [.location: path + "?done=retired"])
    }

    // MARK: - Kiosks

    /// The page again with the new kiosk's address (its token) shown this once; 422 with the reason.
    @Sendable func registerKiosk(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: Self.deskPath(desk.id))
        let text = pages.page(request, access: access).text
        let label = fields.text("label") ?? ""
        var errors: [String] = []
        if desk.isRetired { errors.append(text.text("staff.desks.error_retired")) }
        if label.isEmpty || label.count > Self.maximumLabelLength {
            errors.append(text.format("staff.desks.error_kiosk_label", ["max": "\(Self.maximumLabelLength)"]))
        }
        let token = KioskToken.generate()
        if errors.isEmpty, try await kiosks.register(deskID: desk.id, label: label, tokenHash: KioskToken.hash(token),
                                                     by: access.actor, logger: context.logger) != nil {
            return try await renderDesk(request, access: access, desk: desk, notice: "kiosk_registered",
                                        newKiosk: (baseURL(request) + "/kiosk/" + token, token), logger: context.logger)
        }
        if errors.isEmpty { errors.append(text.text("staff.desks.error_retired")) }
        return try await renderDesk(request, access: access, status: .unprocessableContent, desk: desk, notice: nil,
                                    typedKiosk: label, kioskErrors: errors, logger: context.logger)
    }

    @Sendable func revokeKiosk(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let path = Self.deskPath(desk.id)
        let fields = try await StaffForm.read(request, access: access, pages: pages, back: path)
        let text = pages.page(request, access: access).text
        guard let kiosk = fields.text("kiosk").flatMap({ Int64($0) }),
              try await kiosks.revoke(deskID: desk.id, kioskID: kiosk, by: access.actor, logger: context.logger)
        else {
            return try await renderDesk(request, access: access, status: .unprocessableContent, desk: desk, notice: nil,
                                        kioskErrors: [text.text("staff.desks.error_kiosk_unknown")], logger: context.logger)
        }
        return Response(status: .seeOther, headers: [.location: path + "?done=kiosk_revoked"])
    }

    // MARK: - The sheet

    @Sendable func sheet(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let path = Self.deskPath(desk.id) + "/sheet"
        let page = pages.page(request, access: access, path: path)
        let query = request.uri.queryParameters
        let serving = try await desks.officers(deskID: desk.id, logger: context.logger).filter { !$0.isRetired }
        // An unknown size or officer is shown as the default (A4, the whole desk), never refused:
        // the choice is made again on the page.
        let size: DeskSheetPage.Size = query.get("size").flatMap(DeskSheetPage.Size.init(rawValue:)) ?? .a4
        let officer = query.get("officer").flatMap { Int64($0) }.flatMap { id in serving.first { $0.id == id } }
        let unit = try await units.unit(code: desk.unitCode, logger: context.logger)
        let url = ratingURL(desk, officer: officer, request: request)
        let model = try DeskSheetPage(page: page, desk: desk, unitName: unit.map { page.text.unitName($0.names, code: $0.code) },
                                      officers: serving, officer: officer, size: size, url: url,
                                      urlFromConfiguration: publicBaseURL != nil)
        return pages.render(model, template: "staff-desk-sheet", page: page)
    }

    // MARK: - The figures

    @Sendable func ratings(_ request: Request, context: AppRequestContext, access: StaffAccess) async throws -> Response {
        guard let desk = try await resolve(access, logger: context.logger) else { return pages.notFound(request, access: access) }
        let page = pages.page(request, access: access, path: Self.deskPath(desk.id) + "/ratings")
        let today = clock.today()
        // A year's figures: this year unless another (from 2000 on) is asked for.
        let year = request.uri.queryParameters.get("year").flatMap { Int($0) }.flatMap { (2000...today.year).contains($0) ? $0 : nil }
            ?? today.year
        let from = CalendarDate(year: year, month: 1, day: 1)!
        let to = year == today.year ? today : CalendarDate(year: year, month: 12, day: 31)!
        let figures = try await desks.figures(deskID: desk.id, from: from, to: to, logger: context.logger)
        let officers = try await desks.officers(deskID: desk.id, logger: context.logger)
        let model = DeskRatingsPage(page: page, desk: desk, officers: officers, figures: figures, year: year,
                                    thisYear: today.year, from: from, to: to, minimum: minimumRespondents)
        return pages.render(model, template: "staff-desk-ratings", page: page)
    }
}
