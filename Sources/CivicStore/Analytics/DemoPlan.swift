import CivicCore
import Foundation

/// What the demo loader will generate: how many responses on which day, to which units and forms,
/// and how satisfied each unit's citizens tend to be. Pure and deterministic for a seed: every batch
/// of responses is a function of the plan and its index (``DemoBatch/generate(plan:index:)``), so
/// batches can be made in parallel and a run can be repeated exactly.
///
/// The shape is meant to look like a province's year, not to be statistics of one: weekdays busy,
/// weekends quiet, a slow rise over the year; most forms in Vietnamese, some in Hmong and English;
/// most on the web or at a one-stop desk's kiosk, some on paper; every unit somewhere between 78% and
/// 93% satisfied, with the feedback-handling and access elements weaker and the civil servant
/// stronger, and each respondent's answers moving together.
public struct DemoPlan: Sendable {
    /// A unit responses may name, with the days it exists (effective_to exclusive).
    public struct Unit: Sendable, Hashable {
        public let id: Int64
        public let code: String
        public let kind: String
        public let effectiveFrom: CalendarDate
        public let effectiveTo: CalendarDate?

        public init(id: Int64, code: String, kind: String, effectiveFrom: CalendarDate, effectiveTo: CalendarDate?) {
            self.id = id
            self.code = code
            self.kind = kind
            self.effectiveFrom = effectiveFrom
            self.effectiveTo = effectiveTo
        }

        func exists(on day: CalendarDate) -> Bool {
            effectiveFrom <= day && (effectiveTo.map { day < $0 } ?? true)
        }
    }

    /// A scale question as the generator answers it.
    struct Question: Sendable {
        let id: String
        let element: SatisfactionElement?
        let satisfiedValues: [Int]
        let otherValues: [Int]
        let required: Bool
        /// `"id": `, the bytes before the value in the answers JSON.
        let jsonPrefix: [UInt8]
    }

    /// A form version as the generator fills it.
    struct Form: Sendable {
        let id: String
        let version: Int
        let weight: Double
        let questions: [Question]
        /// Whether the form asks for a dossier code (question `dossier_code`).
        let asksDossier: Bool
    }

    public let seed: UInt64
    public let total: Int
    let days: [CalendarDate]
    /// Responses on each day, summing to ``total``.
    let dayCounts: [Int]
    /// Index of the first response of each day.
    let dayStarts: [Int]
    let units: [Unit]
    /// Each unit's tendency to satisfy, 0.78…0.93.
    let unitRates: [Double]
    /// Each unit's share of the traffic, relative.
    let unitWeights: [Double]
    let forms: [Form]

    /// - Parameters:
    ///   - total: responses to generate.
    ///   - days: the number of days, ending on `lastDay`.
    ///   - units: the register; units of kind `province` are left out (citizens rate a department,
    ///     an office or a commune). Each day only the units that exist that day receive responses.
    ///   - forms: the survey forms to fill (every scale question; the dossier code when asked).
    /// - Precondition: `total >= 0`, `days >= 1`, some unit exists on every day, some form has a
    ///   scale question.
    public init(total: Int, days: Int, lastDay: CalendarDate, seed: UInt64, units: [Unit], forms: [FormDefinition]) {
        precondition(total >= 0 && days >= 1, "a plan needs total >= 0 and days >= 1")
        self.seed = seed
        self.total = total
        let first = lastDay.adding(days: -(days - 1))
        self.days = (0..<days).map { first.adding(days: $0) }
        let candidates = units.filter { $0.kind != "province" }.sorted { $0.code < $1.code }
        self.units = candidates
        var rng = SplitMix64(seed: seed ^ 0x756E_6974)
        unitRates = candidates.map { _ in 0.78 + 0.15 * Double.random(in: 0...1, using: &rng) }
        unitWeights = candidates.map { unit in
            let base = unit.kind == "commune" ? 3.0 : unit.kind == "department" ? 2.0 : 0.7
            return base * (0.5 + Double.random(in: 0...1, using: &rng))
        }
        // Weekdays carry the one-stop desks; a slow rise over the period as the survey becomes known.
        let weights = self.days.enumerated().map { index, day -> Double in
            let weekday = day.weekday == 6 ? 0.25 : day.weekday == 7 ? 0.1 : 1.0
            return weekday * (0.8 + 0.4 * Double(index) / Double(max(1, days - 1)))
        }
        dayCounts = Self.apportion(total, by: weights)
        var starts: [Int] = []
        var running = 0
        for count in dayCounts {
            starts.append(running)
            running += count
        }
        dayStarts = starts
        self.forms = forms.filter { $0.kind == .survey && !$0.scoredQuestions.isEmpty }
            .sorted { $0.id < $1.id }
            .map { definition in
                let questions = definition.scoredQuestions.map { scored in
                    Question(id: scored.questionID, element: scored.element, satisfiedValues: scored.satisfiedValues,
                             otherValues: scored.values.filter { !scored.satisfiedValues.contains($0) }.sorted(by: >),
                             required: definition.question(id: scored.questionID)?.required ?? false,
                             jsonPrefix: Array(Self.jsonString(scored.questionID).utf8) + Array(": ".utf8))
                }
                return Form(id: definition.id, version: definition.version,
                            weight: definition.id == "sipas" ? 0.65 : 0.35, questions: questions,
                            asksDossier: definition.question(id: "dossier_code") != nil)
            }
        precondition(!self.forms.isEmpty, "the demo needs a survey form with scale questions")
    }

    /// `text` as a JSON string literal, quotes included.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The first and last day.
    public var dayRange: ClosedRange<CalendarDate> { days.first!...days.last! }

    /// The number of batches of `size` responses.
    public func batchCount(size: Int) -> Int {
        total == 0 ? 0 : (total + size - 1) / size
    }

    /// `total` split in proportion to `weights` by largest remainder: whole numbers summing to `total`.
    static func apportion(_ total: Int, by weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        let left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { exact[$0] - Double(counts[$0]) > exact[$1] - Double(counts[$1]) }
        for index in order.prefix(left) { counts[index] += 1 }
        return counts
    }

    /// The day of response number `index` (0-based).
    func dayIndex(ofResponse index: Int) -> Int {
        // The last day whose first response is at or before `index`.
        var low = 0
        var high = dayStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if dayStarts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator, good enough for
/// synthetic data and identical on every platform (unlike `SystemRandomNumberGenerator`).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
