import CivicCore
import Crypto
import Foundation
import NIOCore

/// One batch of demo responses, ready to write: the rows for `COPY responses FROM STDIN` (text
/// format) and their counts, already summed per rollup key, so that the loader adds them to the
/// rollups in the same transaction instead of queueing every response for the compactor.
///
/// Guarantees: the counts are exactly what the compactor would add for these rows: a scale answer
/// is counted on the Vietnamese day of `submitted_at`, satisfied when its value is one of the
/// scale's satisfied values (the same rule as the `scored_answers` view).
struct DemoBatch: Sendable {
    /// Tab-separated rows in the order of ``copyColumns``.
    var copyText: ByteBuffer
    /// The same responses' rows for `COPY response_ids FROM STDIN`, in the order of ``idColumns``:
    /// every stored id is claimed there too (Migrations/0025).
    var idsText = ByteBuffer()
    var responses: Int
    /// The last response's day, for the progress line.
    var lastDay: CalendarDate?

    var daily = SatisfactionRows()
    var halves = SatisfactionRows()
    var responseDays = ResponseRows()
    var responseHalves = ResponseRows()
    var summaryDays = SummaryRows()
    var summaryHalves = SummaryRows()

    static let copyColumns = ["id", "form_id", "form_version", "unit_id", "language", "channel", "dossier_code",
                              "answers", "content_digest", "submitted_at"]
    static let idColumns = ["id", "content_digest", "submitted_at"]

    /// Rows for the satisfaction rollups, as parallel arrays for `unnest`. `day` is the day or the
    /// half-month's first day; a unit of 0 means none.
    struct SatisfactionRows: Sendable {
        var day: [String] = []
        var unit: [Int64] = []
        var form: [String] = []
        var version: [Int] = []
        var question: [String] = []
        var language: [String] = []
        var channel: [String] = []
        var satisfied: [Int] = []
        var answered: [Int] = []
    }

    /// Rows for the response rollups, as parallel arrays for `unnest`: `counts[i]` holds column
    /// ``CountsCompactor/responseCounts``[i] of every row.
    struct ResponseRows: Sendable {
        var day: [String] = []
        var unit: [Int64] = []
        var form: [String] = []
        var version: [Int] = []
        var language: [String] = []
        var channel: [String] = []
        var responses: [Int] = []
        var counts: [[Int]] = Array(repeating: [], count: CountsCompactor.responseCounts.count)
    }

    /// Rows for the summary rollups (Migrations/0005, 0015), as parallel arrays for `unnest`:
    /// `counts[i]` holds column ``CountsCompactor/summaryCounts``[i] of every row.
    struct SummaryRows: Sendable {
        var day: [String] = []
        var unit: [Int64] = []
        var form: [String] = []
        var version: [Int] = []
        var responses: [Int] = []
        var counts: [[Int]] = Array(repeating: [], count: CountsCompactor.summaryCounts.count)

        mutating func append(day: String, unit: Int64, form: String, version: Int, responses: Int, counts row: [Int]) {
            self.day.append(day)
            self.unit.append(unit)
            self.form.append(form)
            self.version.append(version)
            self.responses.append(responses)
            for (index, value) in row.enumerated() { counts[index].append(value) }
        }
    }

    /// Summary counts of one (day or half, unit, form version) key while a batch is summed.
    private struct SummaryEntry {
        var responses = 0
        var counts = [Int](repeating: 0, count: CountsCompactor.summaryCounts.count)
    }

    /// Where a prefix's six sums (``CountsCompactor/clusteredColumns(_:)``) start in a summary's
    /// counts: the pool at 0, then each element.
    private static func clusteredIndex(_ element: SatisfactionElement?) -> Int {
        element.map { 6 * (1 + SatisfactionElement.allCases.firstIndex(of: $0)!) } ?? 0
    }

    /// Where the dossier counts start in a summary's counts: after every prefix's six sums.
    private static let dossierIndex = CountsCompactor.summaryCounts.firstIndex(of: CountsCompactor.dossierCounts[0])!

    static let languages: [(tag: String, share: Double, shift: Double)] = [("vi", 0.88, 0), ("hmn", 0.08, -0.03),
                                                                          ("en", 0.04, 0.01)]
    static let channels: [(name: String, share: Double, shift: Double)] = [("web", 0.5, 0), ("kiosk", 0.25, 0.01),
                                                                         ("paper", 0.2, 0.02), ("api", 0.05, 0)]
    /// How each element differs from a unit's tendency: waiting rooms and feedback handling are
    /// where citizens are least pleased, the civil servants where they are most.
    static func shift(_ element: SatisfactionElement?) -> Double {
        switch element {
        case .access: -0.04
        case .procedure: -0.02
        case .civilServant: 0.03
        case .result: 0.01
        case .feedbackHandling: -0.05
        case nil: 0.01
        }
    }

    /// Batch `index` of `plan`: responses `index × size` up to the next batch's first, in order of
    /// submission, with an RNG seeded from the plan's seed and the index.
    static func generate(plan: DemoPlan, index: Int, size: Int) -> DemoBatch {
        let start = index * size
        let end = min(plan.total, start + size)
        var rng = SplitMix64(seed: plan.seed &* 0x9E37_79B9 &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        var batch = DemoBatch(copyText: ByteBuffer(), responses: end - start)
        guard start < end else { return batch }
        var buffer = ByteBufferAllocator().buffer(capacity: (end - start) * 420)
        var ids = ByteBufferAllocator().buffer(capacity: (end - start) * 130)

        // Counts per (day, unit, form, language, channel), each with one pair of counters per question.
        let maxQuestions = plan.forms.map(\.questions.count).max() ?? 0
        var slots: [Int: Int] = [:]
        var slotKeys: [(day: Int, unit: Int, form: Int, language: Int, channel: Int)] = []
        var slotResponses: [Int] = []
        var slotSatisfied: [Int32] = []
        var slotAnswered: [Int32] = []
        // Per slot, the summary counts (CountsCompactor.summaryCounts): six sums per prefix, then the dossiers.
        let summaryWidth = CountsCompactor.summaryCounts.count
        var slotSummary: [Int] = []
        // Each question's prefix among CountsCompactor.prefixes: its element's, or 0 for none.
        let elementPrefixes = plan.forms.map { form in
            form.questions.map { question in question.element.map { clusteredIndex($0) / 6 } ?? 0 }
        }
        var respondentSatisfied = [Int](repeating: 0, count: CountsCompactor.prefixes.count)
        var respondentAnswered = [Int](repeating: 0, count: CountsCompactor.prefixes.count)

        let formWeights = cumulative(plan.forms.map(\.weight))
        let languageWeights = cumulative(languages.map(\.share))
        let channelWeights = cumulative(channels.map(\.share))
        let formColumns = plan.forms.map { Array("\($0.id)\t\($0.version)\t".utf8) }
        let unitColumns = plan.units.map { Array("\($0.id)\t".utf8) }
        let languageColumns = languages.map { Array("\($0.tag)\t".utf8) }
        let channelColumns = channels.map { Array("\($0.name)\t".utf8) }
        let dossierPrefix = Array("\"dossier_code\": ".utf8)
        var dayIndex = plan.dayIndex(ofResponse: start)
        var today = units(of: plan, onDay: dayIndex)
        var dayStart = plan.days[dayIndex].startInVietnam.timeIntervalSince1970
        var dayText = Array("\(plan.days[dayIndex]) ".utf8)
        var answers: [UInt8] = []
        answers.reserveCapacity(512)
        for number in start..<end {
            while dayIndex + 1 < plan.dayStarts.count && plan.dayStarts[dayIndex + 1] <= number {
                dayIndex += 1
                today = units(of: plan, onDay: dayIndex)
                dayStart = plan.days[dayIndex].startInVietnam.timeIntervalSince1970
                dayText = Array("\(plan.days[dayIndex]) ".utf8)
            }
            // Office hours, 07:00 to 17:30, in order of submission within the day.
            let withinDay = Double(number - plan.dayStarts[dayIndex]) + rng.unit()
            let seconds = 7 * 3600 + Int(withinDay / Double(plan.dayCounts[dayIndex]) * 37_800)
            let unit = today.indices.isEmpty ? nil : today.indices[pick(today.weights, using: &rng)]
            let formIndex = pick(formWeights, using: &rng)
            let form = plan.forms[formIndex]
            let language = pick(languageWeights, using: &rng)
            let channel = pick(channelWeights, using: &rng)

            let key = dayIndex << 24 | (unit.map { $0 + 1 } ?? 0) << 12 | formIndex << 8 | language << 4 | channel
            let slot: Int
            if let existing = slots[key] {
                slot = existing
            } else {
                slot = slotKeys.count
                slots[key] = slot
                slotKeys.append((dayIndex, unit ?? -1, formIndex, language, channel))
                slotResponses.append(0)
                slotSatisfied.append(contentsOf: repeatElement(0, count: maxQuestions))
                slotAnswered.append(contentsOf: repeatElement(0, count: maxQuestions))
                slotSummary.append(contentsOf: repeatElement(0, count: summaryWidth))
            }
            slotResponses[slot] += 1

            // One respondent's answers move together: a mood shared by all their answers.
            let mood = (rng.unit() + rng.unit() + rng.unit() - 1.5) * 0.1
            let tendency = (unit.map { plan.unitRates[$0] } ?? 0.85) + mood + languages[language].shift
                + channels[channel].shift
            answers.removeAll(keepingCapacity: true)
            answers.append(UInt8(ascii: "{"))
            var dossier: [UInt8]?
            if form.asksDossier {
                // Unique per response: each dossier is rated once.
                let code = Array("000.00.\(unit.map { $0 + 10 } ?? 99).H37-\(compact(plan.days[dayIndex]))-\(number)".utf8)
                dossier = code
                answers.append(contentsOf: dossierPrefix)
                answers.append(UInt8(ascii: "\""))
                answers.append(contentsOf: code)
                answers.append(UInt8(ascii: "\""))
            }
            for index in respondentSatisfied.indices {
                respondentSatisfied[index] = 0
                respondentAnswered[index] = 0
            }
            var overallDissatisfied = false
            for (position, question) in form.questions.enumerated() {
                if !question.required && rng.unit() < 0.04 { continue }  // "not applicable": skipped
                let p = min(0.99, max(0.05, tendency + shift(question.element)))
                let value: Int
                if rng.unit() < p {
                    let values = question.satisfiedValues
                    value = values.count == 1 || rng.unit() < 0.45
                        ? values[values.count - 1] : values[Int(rng.next() % UInt64(values.count - 1))]
                } else if question.otherValues.isEmpty {
                    value = question.satisfiedValues[0]
                } else {
                    let draw = rng.unit()
                    let others = question.otherValues
                    value = draw < 0.6 || others.count == 1 ? others[0]
                        : draw < 0.9 || others.count == 2 ? others[1]
                        : others[2 + Int(rng.next() % UInt64(others.count - 2))]
                }
                if answers.count > 1 {
                    answers.append(UInt8(ascii: ","))
                    answers.append(UInt8(ascii: " "))
                }
                answers.append(contentsOf: question.jsonPrefix)
                if (0...9).contains(value) {
                    answers.append(UInt8(ascii: "0") + UInt8(value))
                } else {
                    answers.append(contentsOf: String(value).utf8)
                }
                slotAnswered[slot * maxQuestions + position] += 1
                let satisfied = question.satisfiedValues.contains(value)
                if satisfied { slotSatisfied[slot * maxQuestions + position] += 1 }
                if !satisfied && question.element == nil { overallDissatisfied = true }
                respondentAnswered[0] += 1
                if satisfied { respondentSatisfied[0] += 1 }
                let prefix = elementPrefixes[formIndex][position]
                if prefix > 0 {
                    respondentAnswered[prefix] += 1
                    if satisfied { respondentSatisfied[prefix] += 1 }
                }
            }
            // This respondent's six sums per prefix, as response_summaries defines them.
            for prefix in respondentSatisfied.indices {
                let s = respondentSatisfied[prefix], a = respondentAnswered[prefix]
                let base = slot * summaryWidth + 6 * prefix
                slotSummary[base] += s
                slotSummary[base + 1] += a
                slotSummary[base + 2] += s * s
                slotSummary[base + 3] += s * a
                slotSummary[base + 4] += a * a
                slotSummary[base + 5] += a > 0 ? 1 : 0
            }
            // Its dossier counts (Migrations/0026), after the sums.
            if dossier != nil {
                slotSummary[slot * summaryWidth + Self.dossierIndex] += 1
                if overallDissatisfied { slotSummary[slot * summaryWidth + Self.dossierIndex + 1] += 1 }
            }
            answers.append(UInt8(ascii: "}"))

            let milliseconds = UInt64((dayStart + Double(seconds)) * 1000) + rng.next() % 1000
            let idStart = buffer.writerIndex
            writeUUIDv7(milliseconds: milliseconds, using: &rng, to: &buffer)
            ids.writeImmutableBuffer(buffer.getSlice(at: idStart, length: buffer.writerIndex - idStart)!)
            ids.writeInteger(UInt8(ascii: "\t"))
            buffer.writeInteger(UInt8(ascii: "\t"))
            buffer.writeBytes(formColumns[formIndex])
            if let unit { buffer.writeBytes(unitColumns[unit]) } else { buffer.writeStaticString("\\N\t") }
            buffer.writeBytes(languageColumns[language])
            buffer.writeBytes(channelColumns[channel])
            if let dossier { buffer.writeBytes(escapeCopyText(dossier)) } else { buffer.writeStaticString("\\N") }
            buffer.writeInteger(UInt8(ascii: "\t"))
            buffer.writeBytes(escapeCopyText(answers))
            buffer.writeInteger(UInt8(ascii: "\t"))
            // Marked as demo data (a real digest is bare hex), so that --truncate can tell them apart.
            let digestStart = buffer.writerIndex
            buffer.writeStaticString(DemoLoader.digestPrefix)
            for byte in SHA256.hash(data: answers) { writeHex(byte, to: &buffer) }
            buffer.writeInteger(UInt8(ascii: "\t"))
            buffer.writeBytes(dayText)
            writeTwoDigits(seconds / 3600, to: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
            writeTwoDigits(seconds / 60 % 60, to: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
            writeTwoDigits(seconds % 60, to: &buffer)
            buffer.writeStaticString("+07\n")
            // The digest, the instant and the newline, as they are in the response's row.
            ids.writeImmutableBuffer(buffer.getSlice(at: digestStart, length: buffer.writerIndex - digestStart)!)
        }
        batch.copyText = buffer
        batch.idsText = ids
        batch.lastDay = plan.days[dayIndex]

        // Sum the slots into the six rollups' keys.
        var summaryDays: [String: (day: String, unit: Int64, form: Int, entry: SummaryEntry)] = [:]
        var summaryHalves: [String: (day: String, unit: Int64, form: Int, entry: SummaryEntry)] = [:]
        var halfSatisfaction: [String: (unit: Int64, form: Int, question: Int, half: String, satisfied: Int, answered: Int)] = [:]
        var halfResponses: [String: (unit: Int64, form: Int, language: Int, channel: Int, half: String,
                                     responses: Int, counts: [Int])] = [:]
        for (slot, key) in slotKeys.enumerated() {
            let day = plan.days[key.day]
            let dayText = day.description
            let half = CountsWindow.halfStart(of: day).description
            let unitID = key.unit >= 0 ? plan.units[key.unit].id : 0
            let form = plan.forms[key.form]
            let language = languages[key.language].tag
            let channel = channels[key.channel].name
            let summary = SummaryEntry(responses: slotResponses[slot],
                                       counts: Array(slotSummary[(slot * summaryWidth)..<((slot + 1) * summaryWidth)]))
            let pooled = Array(summary.counts[0..<6])
            for (position, question) in form.questions.enumerated() {
                let answered = Int(slotAnswered[slot * maxQuestions + position])
                guard answered > 0 else { continue }
                let satisfied = Int(slotSatisfied[slot * maxQuestions + position])
                batch.daily.append(day: dayText, unit: unitID, form: form.id, version: form.version,
                                   question: question.id, language: language, channel: channel,
                                   satisfied: satisfied, answered: answered)
                let halfKey = "\(half)|\(unitID)|\(key.form)|\(position)"
                let previous = halfSatisfaction[halfKey]
                halfSatisfaction[halfKey] = (unitID, key.form, position, half, (previous?.satisfied ?? 0) + satisfied,
                                             (previous?.answered ?? 0) + answered)
            }
            batch.responseDays.append(day: dayText, unit: unitID, form: form.id, version: form.version,
                                      language: language, channel: channel, responses: slotResponses[slot],
                                      counts: pooled)
            for (table, bucket) in [(0, dayText), (1, half)] {
                let summaryKey = "\(bucket)|\(unitID)|\(key.form)"
                var total = (table == 0 ? summaryDays[summaryKey] : summaryHalves[summaryKey])?.entry ?? SummaryEntry()
                total.responses += summary.responses
                for index in total.counts.indices { total.counts[index] += summary.counts[index] }
                if table == 0 {
                    summaryDays[summaryKey] = (bucket, unitID, key.form, total)
                } else {
                    summaryHalves[summaryKey] = (bucket, unitID, key.form, total)
                }
            }
            let halfKey = "\(half)|\(unitID)|\(key.form)|\(key.language)|\(key.channel)"
            let previous = halfResponses[halfKey]
            halfResponses[halfKey] = (unitID, key.form, key.language, key.channel, half,
                                      (previous?.responses ?? 0) + slotResponses[slot],
                                      zip(previous?.counts ?? [Int](repeating: 0, count: 6), pooled).map { $0 + $1 })
        }
        for entry in halfSatisfaction.values {
            let form = plan.forms[entry.form]
            batch.halves.append(day: entry.half, unit: entry.unit, form: form.id, version: form.version,
                                question: form.questions[entry.question].id, language: "", channel: "",
                                satisfied: entry.satisfied, answered: entry.answered)
        }
        for entry in halfResponses.values {
            let form = plan.forms[entry.form]
            batch.responseHalves.append(day: entry.half, unit: entry.unit, form: form.id, version: form.version,
                                        language: languages[entry.language].tag, channel: channels[entry.channel].name,
                                        responses: entry.responses, counts: entry.counts)
        }
        for (summaries, target) in [(summaryDays, \DemoBatch.summaryDays), (summaryHalves, \DemoBatch.summaryHalves)] {
            for value in summaries.values {
                let form = plan.forms[value.form]
                batch[keyPath: target].append(day: value.day, unit: value.unit, form: form.id, version: form.version,
                                              responses: value.entry.responses, counts: value.entry.counts)
            }
        }
        return batch
    }

    /// The plan's units that exist on day `index`, with their weights' running sums.
    private static func units(of plan: DemoPlan, onDay index: Int) -> (indices: [Int], weights: [Double]) {
        let day = plan.days[index]
        let indices = plan.units.indices.filter { plan.units[$0].exists(on: day) }
        return (indices, cumulative(indices.map { plan.unitWeights[$0] }))
    }

    /// Running sums of `weights`, for ``pick(_:using:)``.
    private static func cumulative(_ weights: [Double]) -> [Double] {
        var sum = 0.0
        return weights.map { sum += $0; return sum }
    }

    /// An index drawn in proportion to the weights whose running sums are `cumulative`.
    /// - Precondition: `cumulative` is not empty.
    private static func pick(_ cumulative: [Double], using rng: inout SplitMix64) -> Int {
        let draw = rng.unit() * cumulative[cumulative.count - 1]
        for (index, bound) in cumulative.enumerated() where draw < bound { return index }
        return cumulative.count - 1
    }

    /// A version 7 UUID, written in its text form: 48 bits of Unix milliseconds, then random bits.
    /// Time-ordered ids keep the primary key's inserts at the right edge of the index during a bulk load.
    private static func writeUUIDv7(milliseconds: UInt64, using rng: inout SplitMix64, to buffer: inout ByteBuffer) {
        let high = rng.next()
        let low = rng.next()
        var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                     UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        withUnsafeMutableBytes(of: &bytes) { raw in
            for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
            raw[6] = 0x70 | UInt8(truncatingIfNeeded: high & 0x0F)
            raw[7] = UInt8(truncatingIfNeeded: high >> 8)
            raw[8] = 0x80 | UInt8(truncatingIfNeeded: low & 0x3F)
            for index in 9..<16 { raw[index] = UInt8(truncatingIfNeeded: low >> (8 * UInt64(index - 8))) }
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { buffer.writeInteger(UInt8(ascii: "-")) }
                writeHex(raw[index], to: &buffer)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeHex(_ byte: UInt8, to buffer: inout ByteBuffer) {
        buffer.writeInteger(hexDigits[Int(byte >> 4)])
        buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
    }

    private static func writeTwoDigits(_ value: Int, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(value / 10))
        buffer.writeInteger(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// COPY's text format gives backslash, tab, newline and carriage return a meaning: escape them.
    static func escapeCopyText(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return bytes }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 8)
        for byte in bytes {
            switch byte {
            case 0x5C: escaped.append(contentsOf: [0x5C, 0x5C])
            case 0x09: escaped.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: escaped.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: escaped.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default: escaped.append(byte)
            }
        }
        return escaped
    }

    private static func compact(_ day: CalendarDate) -> String {
        pad(day.year % 100) + pad(day.month) + pad(day.day)
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

extension DemoBatch.SatisfactionRows {
    mutating func append(day: String, unit: Int64, form: String, version: Int, question: String, language: String,
                         channel: String, satisfied: Int, answered: Int) {
        self.day.append(day)
        self.unit.append(unit)
        self.form.append(form)
        self.version.append(version)
        self.question.append(question)
        self.language.append(language)
        self.channel.append(channel)
        self.satisfied.append(satisfied)
        self.answered.append(answered)
    }
}

extension DemoBatch.ResponseRows {
    mutating func append(day: String, unit: Int64, form: String, version: Int, language: String, channel: String,
                         responses: Int, counts row: [Int]) {
        self.day.append(day)
        self.unit.append(unit)
        self.form.append(form)
        self.version.append(version)
        self.language.append(language)
        self.channel.append(channel)
        self.responses.append(responses)
        for (index, value) in row.enumerated() { counts[index].append(value) }
    }
}
