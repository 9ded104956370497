import Foundation

/// The PAKN workflow's data, loaded next to the forms from `<forms directory>/workflow/`:
/// `holidays.yaml` (the working calendar), `deadlines.yaml` (working days per category and unit)
/// and `replies.yaml` (the desk's reply templates); and from `<forms directory>/messages/`, the
/// messages the workflow sends to citizens.
///
/// Guarantees: every file parsed without issues; every category named in the deadlines is an
/// option of the pakn form's `category` question whenever that form was loaded.
public struct WorkflowSettings: Sendable, Hashable {
    /// The days off and worked weekend days, as listed.
    public let holidays: HolidayCalendarFile
    /// Working days per category and unit.
    public let deadlines: DeadlinePolicy
    /// The calendar the holidays make, built once.
    public let calendar: WorkingCalendar
    /// Reply templates per category and state.
    public let replies: ReplyTemplates
    /// What citizens who gave an address are written at each step, per language.
    public let messages: MessageTemplates

    public init(holidays: HolidayCalendarFile, deadlines: DeadlinePolicy, replies: ReplyTemplates = ReplyTemplates(templates: []),
                messages: MessageTemplates = MessageTemplates(languages: [:])) {
        self.holidays = holidays
        self.deadlines = deadlines
        self.calendar = holidays.calendar
        self.replies = replies
        self.messages = messages
    }

    /// The subdirectory of the forms directory that holds the workflow files.
    public static let directoryName = "workflow"
    /// The form whose `category` question names the categories of `deadlines.yaml`.
    public static let feedbackFormID = "pakn"

    /// The option values of the pakn form's `category` question; nil when the catalog has no such
    /// form or question (the deadlines are then read without checking their categories).
    public static func knownCategories(in catalog: FormCatalog) -> Set<String>? {
        guard let question = catalog.form(id: feedbackFormID)?.question(id: "category") else { return nil }
        return Set(question.choices.map(\.value))
    }

    /// Reads both files under `formsDirectory/workflow/` and the messages under
    /// `formsDirectory/messages/`, checking the deadlines' categories against `catalog` when given.
    /// - Throws: ``FormValidationErrors`` with every issue in every file.
    public static func load(formsDirectory: URL, catalog: FormCatalog?) throws(FormValidationErrors) -> WorkflowSettings {
        let directory = formsDirectory.appendingPathComponent(directoryName, isDirectory: true)
        var issues: [FormIssue] = []
        var holidays: HolidayCalendarFile?
        var deadlines: DeadlinePolicy?
        var replies: ReplyTemplates?
        do {
            replies = try ReplyTemplates.load(url: directory.appendingPathComponent("replies.yaml"),
                                              knownCategories: catalog.flatMap(knownCategories(in:)))
        } catch {
            issues += error.issues
        }
        do {
            holidays = try HolidayCalendarFile.load(url: directory.appendingPathComponent("holidays.yaml"))
        } catch {
            issues += error.issues
        }
        do {
            deadlines = try DeadlinePolicy.load(url: directory.appendingPathComponent("deadlines.yaml"),
                                                knownCategories: catalog.flatMap(knownCategories(in:)))
        } catch {
            issues += error.issues
        }
        var messages: MessageTemplates?
        do {
            messages = try MessageTemplates.load(formsDirectory: formsDirectory)
        } catch {
            issues += error.issues
        }
        guard issues.isEmpty, let holidays, let deadlines, let replies, let messages else { throw FormValidationErrors(issues) }
        return WorkflowSettings(holidays: holidays, deadlines: deadlines, replies: replies, messages: messages)
    }

    /// Loads the forms, the interface strings and the workflow files of `directory`, as the server
    /// does at start: everything or nothing.
    /// - Throws: ``FormValidationErrors`` with every issue in every file (the workflow files are
    ///   checked even when the forms have issues, so one run lists everything to fix).
    public static func loadWithForms(directory: URL) throws(FormValidationErrors) -> (catalog: FormCatalog, workflow: WorkflowSettings) {
        var issues: [FormIssue] = []
        var catalog: FormCatalog?
        var workflow: WorkflowSettings?
        do {
            catalog = try FormCatalog.load(directory: directory)
        } catch {
            issues += error.issues
        }
        do {
            workflow = try load(formsDirectory: directory, catalog: catalog)
        } catch {
            issues += error.issues
        }
        guard issues.isEmpty, let catalog, let workflow else { throw FormValidationErrors(issues) }
        return (catalog, workflow)
    }

    /// Every issue ``loadWithForms(directory:)`` would throw; empty when the directory is fine.
    public static func lint(directory: URL) -> [FormIssue] {
        do {
            _ = try loadWithForms(directory: directory)
            return []
        } catch {
            return error.issues
        }
    }
}
