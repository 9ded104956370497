import CivicCore
import CivicStore

/// `GET /staff/desks/{desk}/sheet` (`staff-desk-sheet.mustache`): the sheet taped to the counter.
/// The desk, the QR code (SVG made by ``QRCode``, so no outside service sees the desk's link),
/// the same link written out, and three steps for the citizen; a size (A4, A5) and an officer
/// (a sheet naming who serves) are chosen above it, which printing leaves out.
struct DeskSheetPage: Sendable {
    enum Size: String, Sendable, CaseIterable {
        case a4, a5

        /// The QR code's printed side, in millimetres: about a third of the page's width and more,
        /// so that a phone reads it from an arm's length.
        var codeMillimetres: Int { self == .a4 ? 120 : 85 }
        var pageName: String { rawValue.uppercased() }
    }

    let chrome: StaffChrome
    let t: [String: String]
    let back: String
    let action: String
    let pageSize: String
    let codeSize: String
    let sizes: [SelectOption]
    let officerChoices: [SelectOption]
    let hasOfficers: Bool
    let unitName: String
    let deskLabel: String
    let officerLine: String?
    let svg: String
    let url: String
    let urlNote: String
    let steps: [String]

    init(page: StaffPageRenderer.Page, desk: DeskStore.Desk, unitName: String?, officers: [DeskStore.Officer],
         officer: DeskStore.Officer?, size: Size, url: String, urlFromConfiguration: Bool) throws {
        let text = page.text
        chrome = page.chrome(text.format("staff.desks.sheet_title", ["desk": desk.label]))
        t = text.labels("staff.desks")
        back = DeskController.deskPath(desk.id)
        action = back + "/sheet"
        pageSize = size.pageName
        codeSize = "\(size.codeMillimetres)mm"
        sizes = Size.allCases.map { SelectOption(value: $0.rawValue, label: $0.pageName, selected: $0 == size) }
        officerChoices = [SelectOption(value: "", label: text.text("staff.desks.sheet_whole_desk"), selected: officer == nil)]
            + officers.map { SelectOption(value: "\($0.id)", label: $0.displayName, selected: $0.id == officer?.id) }
        hasOfficers = !officers.isEmpty
        self.unitName = unitName ?? desk.unitCode
        deskLabel = desk.label
        officerLine = officer.map { text.format("staff.desks.sheet_officer", ["name": $0.displayName]) }
        svg = try QRCode(url).svg(label: text.format("staff.desks.sheet_code_label", ["desk": desk.label]))
        self.url = url
        urlNote = text.text(urlFromConfiguration ? "staff.desks.sheet_url_configured" : "staff.desks.sheet_url_from_browser")
        steps = ["staff.desks.sheet_step_scan", "staff.desks.sheet_step_code", "staff.desks.sheet_step_rate"].map(text.text)
    }
}
