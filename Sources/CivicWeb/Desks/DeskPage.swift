import CivicCore
import CivicStore
import Foundation

/// `GET /staff/desks/{desk}` (`staff-desk.mustache`): one desk, the link its QR code carries, its
/// printable sheets, the officers serving there (add, retire), and taking the desk out of use.
struct DeskPage: Sendable {
    struct Fact: Sendable {
        let label: String
        let value: String
    }

    struct Officer: Sendable {
        let id: Int64
        let name: String
        let addedBy: String
        let state: String
        let serving: Bool
        let sheet: String
    }

    struct Kiosk: Sendable {
        let id: Int64
        let label: String
        let createdBy: String
        let lastSeen: String
        let state: String
        let inUse: Bool
    }

    let chrome: StaffChrome
    let t: [String: String]
    let heading: String
    let facts: [Fact]
    let notice: String?
    let retired: Bool
    let ratingURL: String
    let sheetA4: String
    let sheetA5: String
    let ratingsLink: String?
    let officers: [Officer]
    let hasOfficers: Bool
    let errors: [String]
    let hasErrors: Bool
    let typedName: String
    let addAction: String
    let addCSRF: String
    let retireOfficerAction: String
    let retireOfficerCSRF: String
    let retireAction: String
    let retireCSRF: String
    let kiosks: [Kiosk]
    let hasKiosks: Bool
    /// The kiosk just registered: its address and token, shown on this page only.
    let newKioskURL: String?
    let newKioskToken: String?
    let typedKiosk: String
    let kioskErrors: [String]
    let hasKioskErrors: Bool
    let registerKioskAction: String
    let registerKioskCSRF: String
    let revokeKioskAction: String
    let revokeKioskCSRF: String

    init(page: StaffPageRenderer.Page, desk: DeskStore.Desk, unitName: String?, officers: [DeskStore.Officer],
         ratingURL: String, readsFigures: Bool, notice: String?, typedName: String, errors: [String], addCSRF: String,
         retireOfficerCSRF: String, retireCSRF: String, kiosks: [KioskStore.Kiosk], newKiosk: (url: String, token: String)?,
         typedKiosk: String, kioskErrors: [String], registerKioskCSRF: String, revokeKioskCSRF: String) {
        let text = page.text
        let path = DeskController.deskPath(desk.id)
        chrome = page.chrome(desk.label)
        t = text.labels("staff.desks")
        heading = text.format("staff.desks.desk_title", ["desk": desk.label])
        facts = [
            Fact(label: text.text("staff.desks.unit"), value: "\(unitName ?? desk.unitCode) (\(desk.unitCode))"),
            Fact(label: text.text("staff.desks.code"), value: desk.code),
            Fact(label: text.text("staff.desks.created_by"), value: desk.createdBy),
            Fact(label: text.text("staff.desks.state"),
                 value: text.text(desk.isRetired ? "staff.desks.state_retired" : "staff.desks.state_active")),
        ]
        self.notice = switch notice {
        case "created"?: text.text("staff.desks.done_created")
        case "officer_added"?: text.text("staff.desks.done_officer_added")
        case "officer_retired"?: text.text("staff.desks.done_officer_retired")
        case "retired"?: text.text("staff.desks.done_retired")
        case "kiosk_registered"?: text.text("staff.desks.done_kiosk_registered")
        case "kiosk_revoked"?: text.text("staff.desks.done_kiosk_revoked")
        default: nil
        }
        retired = desk.isRetired
        self.ratingURL = ratingURL
        sheetA4 = path + "/sheet?size=a4"
        sheetA5 = path + "/sheet?size=a5"
        ratingsLink = readsFigures ? path + "/ratings" : nil
        self.officers = officers.map { officer in
            Officer(id: officer.id, name: officer.displayName, addedBy: officer.addedBy,
                    state: text.text(officer.isRetired ? "staff.desks.state_retired" : "staff.desks.state_serving"),
                    serving: !officer.isRetired && !desk.isRetired, sheet: path + "/sheet?size=a5&officer=\(officer.id)")
        }
        hasOfficers = !officers.isEmpty
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.typedName = typedName
        addAction = path + "/officers"
        self.addCSRF = addCSRF
        retireOfficerAction = path + "/officers/retire"
        self.retireOfficerCSRF = retireOfficerCSRF
        retireAction = path + "/retire"
        self.retireCSRF = retireCSRF
        self.kiosks = kiosks.map { kiosk in
            Kiosk(id: kiosk.id, label: kiosk.label, createdBy: kiosk.createdBy,
                  lastSeen: kiosk.lastSeenAt.map(AnalyticsChrome.localTime) ?? text.text("staff.desks.kiosk_never"),
                  state: kiosk.isRevoked
                      ? text.format("staff.desks.kiosk_revoked", ["by": kiosk.revokedBy ?? "",
                                                                  "at": kiosk.revokedAt.map(AnalyticsChrome.localTime) ?? ""])
                      : text.text("staff.desks.kiosk_in_use"),
                  inUse: !kiosk.isRevoked && !desk.isRetired)
        }
        hasKiosks = !kiosks.isEmpty
        newKioskURL = newKiosk?.url
        newKioskToken = newKiosk?.token
        self.typedKiosk = typedKiosk
        self.kioskErrors = kioskErrors
        hasKioskErrors = !kioskErrors.isEmpty
        registerKioskAction = path + "/kiosks"
        self.registerKioskCSRF = registerKioskCSRF
        revokeKioskAction = path + "/kiosks/revoke"
        self.revokeKioskCSRF = revokeKioskCSRF
    }
}
