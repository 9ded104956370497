import CivicCore
import CivicStore
import Foundation

/// `GET /staff/paper/{batch}` (`staff-paper-batch.mustache`): a stack of paper forms being typed
/// in. What each pass has typed, the differences between the passes, the count button, and the
/// form for one paper, made for the keyboard: one field per question in the paper's order, a
/// digit for a scale answer, Enter to store it and go on with the next place of the stack.
struct PaperBatchPage: Sendable {
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// One question's field in the entry form.
    struct Field: Sendable {
        let id: String
        let name: String
        let number: Int
        let label: String
        let lang: String
        let hint: String?
        let value: String
        let autofocus: Bool
        /// A digit or a number typed (scale, number); a choice picked from a list (single choice, yes/no).
        let isTyped: Bool
        let inputMode: String
        let maxLength: Int?
        let isDate: Bool
        let isSelect: Bool
        let isChecks: Bool
        let options: [Option]
    }

    struct Entry: Sendable {
        let action: String
        let csrf: String
        let pass: Int
        let heading: String
        let position: String
        let positionMax: Int
        let fields: [Field]
        let errors: [String]
        let hasErrors: Bool
    }

    struct Fact: Sendable {
        let label: String
        let value: String
    }

    struct Typed: Sendable {
        let position: Int
        let enteredBy: String
        let edit: String
    }

    struct Pass: Sendable {
        let heading: String
        let summary: String
        let typed: [Typed]
        let hasTyped: Bool
        let link: String?
    }

    struct Difference: Sendable {
        let position: Int
        let question: String
        let first: String
        let second: String
        let fixFirst: String
        let fixSecond: String
    }

    let chrome: StaffChrome
    let t: [String: String]
    let heading: String
    let facts: [Fact]
    let notice: String?
    let counted: Bool
    let countedNote: String?
    let passes: [Pass]
    let differences: [Difference]
    let hasDifferences: Bool
    let entry: Entry?
    let cannotType: String?
    let countAction: String?
    let countCSRF: String
    let countErrors: [String]
    let hasCountErrors: Bool

    /// The batch's state: what is missing and where the passes differ.
    static func check(_ batch: PaperBatchStore.Batch, definition: FormDefinition,
                      entries: [PaperBatchStore.Entry]) -> PaperBatchCheck {
        var passes: [Int: [Int: [String: AnswerValue]]] = [:]
        for entry in entries {
            passes[entry.pass, default: [:]][entry.position] = Self.answers(entry)
        }
        return PaperBatchCheck(declaredCount: batch.declaredCount, doubleEntry: batch.doubleEntry, passes: passes,
                               questionOrder: definition.questions.map(\.id))
    }

    static func answers(_ entry: PaperBatchStore.Entry) -> [String: AnswerValue] {
        (try? JSONDecoder().decode([String: AnswerValue].self, from: Data(entry.answersJSON.utf8))) ?? [:]
    }

    /// An answer as the clerk would type it again: `4`, `yes`, `2026-03-05`, a choice's value.
    static func typedText(_ value: AnswerValue?) -> [String] {
        switch value {
        case .int(let number)?: ["\(number)"]
        case .decimal(let number)?: ["\(number)"]
        case .string(let text)?: [text]
        case .strings(let texts)?: texts
        case .bool(let yes)?: [yes ? "yes" : "no"]
        case .date(let day)?: [day.description]
        case nil: []
        }
    }

    init(page: StaffPageRenderer.Page, batch: PaperBatchStore.Batch, definition: FormDefinition, unitName: String?,
         entries: [PaperBatchStore.Entry], userID: Int64, requestedPass: Int?, requestedPosition: Int?,
         refused: PaperEntryController.Refused?, countErrors: [String], notice: String?, entryCSRF: String,
         countCSRF: String) {
        let text = page.text
        let path = PaperEntryController.batchPath(batch.id)
        let form = definition.resolved(for: text.chain)
        chrome = page.chrome(text.format("staff.paper.batch_title", ["id": "\(batch.id)"]))
        t = text.labels("staff.paper")
        heading = text.format("staff.paper.batch_title", ["id": "\(batch.id)"])
            + (batch.label.isEmpty ? "" : ": \(batch.label)")
        facts = [
            Fact(label: text.text("staff.paper.form"), value: form.title.text),
            Fact(label: text.text("staff.paper.unit"), value: "\(unitName ?? batch.unitCode) (\(batch.unitCode))"),
            Fact(label: text.text("staff.paper.paper_date"), value: batch.paperDate.description),
            Fact(label: text.text("staff.paper.count"), value: "\(batch.declaredCount)"),
            Fact(label: text.text("staff.paper.double_entry"),
                 value: text.text(batch.doubleEntry ? "staff.paper.yes" : "staff.paper.no")),
            Fact(label: text.text("staff.paper.opened_by"), value: batch.createdBy),
        ]
        self.notice = switch notice {
        case "entered"?: text.text("staff.paper.done_entered")
        case "counted"?: text.text("staff.paper.done_counted")
        default: nil
        }
        counted = batch.isCounted
        countedNote = batch.countedAt.map { _ in
            text.format("staff.paper.counted_note", ["by": batch.countedBy ?? "", "count": "\(batch.declaredCount)"])
        }
        let check = Self.check(batch, definition: definition, entries: entries)
        let passNumbers = batch.doubleEntry ? [1, 2] : [1]
        let typedBy = Dictionary(grouping: entries, by: \.pass).mapValues { Set($0.compactMap(\.enteredByID)) }
        func mayType(_ pass: Int) -> Bool {
            passNumbers.contains(pass) && !batch.isCounted
                && !(typedBy[pass == 1 ? 2 : 1]?.contains(userID) ?? false)
        }
        passes = passNumbers.map { pass in
            let typed = entries.filter { $0.pass == pass }
            return Pass(heading: text.format("staff.paper.pass", ["pass": "\(pass)"]),
                        summary: text.format("staff.paper.pass_summary", ["typed": "\(check.typed[pass] ?? 0)",
                                                                         "count": "\(batch.declaredCount)"]),
                        typed: typed.map { entry in
                            Typed(position: entry.position, enteredBy: entry.enteredBy,
                                  edit: path + "?pass=\(pass)&position=\(entry.position)#entry")
                        },
                        hasTyped: !typed.isEmpty,
                        link: mayType(pass) ? path + "?pass=\(pass)#entry" : nil)
        }
        let questionLabel = Dictionary(form.sections.flatMap(\.questions).map { ($0.id, $0.label.text) },
                                       uniquingKeysWith: { first, _ in first })
        differences = check.differences.map { difference in
            Difference(position: difference.position, question: questionLabel[difference.questionID] ?? difference.questionID,
                       first: Self.typedText(difference.first).joined(separator: ", "),
                       second: Self.typedText(difference.second).joined(separator: ", "),
                       fixFirst: path + "?pass=1&position=\(difference.position)#entry",
                       fixSecond: path + "?pass=2&position=\(difference.position)#entry")
        }
        hasDifferences = !differences.isEmpty

        // The pass to type: the one asked for when allowed, else the first one this clerk may type
        // that still has places missing, else any they may type.
        let pass = requestedPass.flatMap { mayType($0) ? $0 : nil }
            ?? passNumbers.first { mayType($0) && !(check.missing[$0] ?? []).isEmpty }
            ?? passNumbers.first(where: mayType)
        if let pass {
            let position = requestedPosition.flatMap { (1...batch.declaredCount).contains($0) ? $0 : nil }
                ?? check.missing[pass]?.first ?? batch.declaredCount
            let stored = entries.first { $0.pass == pass && $0.position == position }.map(Self.answers) ?? [:]
            var number = 0
            let fields = form.sections.flatMap(\.questions).map { question -> Field in
                number += 1
                let values = refused.map { $0.fields[question.id] ?? [] } ?? Self.typedText(stored[question.id])
                let value = values.first ?? ""
                let options: [Option]
                switch question.type {
                case .yesNo:
                    options = [Option(value: "", label: "", selected: value.isEmpty),
                               Option(value: "yes", label: text.ui.text("answer.yes", for: text.chain).text, selected: value == "yes"),
                               Option(value: "no", label: text.ui.text("answer.no", for: text.chain).text, selected: value == "no")]
                default:
                    // A list to pick from starts with "not answered"; scale hints and check boxes do not.
                    options = (question.type == .singleChoice ? [Option(value: "", label: "", selected: value.isEmpty)] : [])
                        + (question.options ?? []).map { option in
                            let optionValue: String = switch option.value {
                            case .int(let step): "\(step)"
                            case .string(let choice): choice
                            }
                            return Option(value: optionValue, label: option.label.text, selected: values.contains(optionValue))
                        }
                }
                // A scale's hint names its steps, as the paper does: "1 Rất không hài lòng … 5 Rất hài lòng".
                let hint: String? = question.type == .scale
                    ? options.map { "\($0.value) \($0.label)" }.joined(separator: " · ")
                    : question.help?.text
                return Field(id: "q-\(question.id)", name: question.id, number: number, label: question.label.text,
                             lang: question.label.language, hint: hint, value: value, autofocus: number == 1,
                             isTyped: [.scale, .number, .text].contains(question.type),
                             inputMode: question.type == .text ? "text" : (question.type == .scale ? "numeric" : "decimal"),
                             maxLength: question.type == .scale ? 2 : question.maxLength,
                             isDate: question.type == .date,
                             isSelect: [.singleChoice, .yesNo].contains(question.type),
                             isChecks: question.type == .multipleChoice, options: options)
            }
            let errors = refused?.errors ?? []
            entry = Entry(action: path + "/entries", csrf: entryCSRF, pass: pass,
                          heading: text.format("staff.paper.entry_heading", ["pass": "\(pass)"]),
                          position: refused?.position ?? "\(position)", positionMax: batch.declaredCount, fields: fields,
                          errors: errors, hasErrors: !errors.isEmpty)
            cannotType = nil
        } else {
            entry = nil
            cannotType = batch.isCounted ? nil : text.text("staff.paper.cannot_type")
        }
        countAction = batch.isCounted ? nil : path + "/count"
        self.countCSRF = countCSRF
        self.countErrors = countErrors
        hasCountErrors = !countErrors.isEmpty
    }
}
