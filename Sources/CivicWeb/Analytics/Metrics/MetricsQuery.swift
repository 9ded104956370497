import CivicCore
import CivicStore
import Foundation
import Hummingbird

/// The query parameters the analytics routes share, read and checked in one pass.
///
/// - `period` (`2026-Q1`, `2026-H1`, `2026-Q3` = January–September, `2026`, `2026-09`, …) or
///   `from` and `to` (`YYYY-MM-DD`, both included); neither: the report in progress today
///   (``ReportingPeriod/reportInProgress(on:convention:)``).
/// - `convention`: `calendar` or `cutoff`; the configured default otherwise.
/// - `by`: a breakdown the route offers (``MetricsEndpoint/breakdowns``).
/// - `form`: a form id (routes that count one form's answers).
/// - `population`: the dossiers handled in the period, for Yamane's sample size (satisfaction).
/// - `format`: a format the route offers; else the `Accept` header; else the route's default.
/// - `lang`: the language of labels (a language tag; `en` gives English, anything else Vietnamese
///   where no translation exists).
/// - `unit` is read by the gate (``StaffRoute/UnitLocator/unitQuery(parameter:)``), not here.
///
/// Guarantees: a parameter the route does not know is refused, not ignored, so that a typo
/// (`perod=2025`) cannot silently report another period; every problem is reported at once
/// (``QueryParameterErrors``); values are NFC-normalised before they are read.
struct MetricsQuery: Sendable {
    let period: ReportingPeriod
    let convention: ReportingPeriod.Convention
    let breakdown: SatisfactionBreakdown?
    let form: String?
    let format: OutputFormat
    let language: String
    /// N for Yamane's sample size (dossiers handled in the period), when the caller knows it.
    let population: Int?

    /// What a route accepts besides the shared period parameters.
    struct Options: Sendable {
        var breakdowns: [SatisfactionBreakdown] = []
        var formats: [OutputFormat] = [.json, .csv]
        /// The format when neither `format=` nor `Accept` chooses one.
        var defaultFormat = OutputFormat.json
        var acceptsForm = false
        var acceptsPopulation = false
        /// Route-specific parameter names, read by the route itself.
        var extraParameters: Set<String> = []
    }

    /// `unit_q` is the unit picker's text filter (``UnitSelector``): it narrows the picker's
    /// options on the page and means nothing to the query.
    static let sharedParameters: Set<String> = ["period", "from", "to", "convention", "unit", "format", "lang",
                                                UnitSelector.filterParameter]

    /// Reads the request's query.
    /// - Parameters:
    ///   - defaultConvention: `REPORTING_CONVENTION` from the configuration.
    ///   - today: the day in Vietnam, for the default period.
    /// - Throws: ``QueryParameterErrors`` naming every bad parameter.
    init(_ request: Request, options: Options, defaultConvention: ReportingPeriod.Convention,
         today: CalendarDate) throws(QueryParameterErrors) {
        try self.init(parameters: Self.parameters(of: request), accept: request.headers[.accept], options: options,
                      defaultConvention: defaultConvention, today: today)
    }

    init(parameters: [String: String], accept: String?, options: Options,
         defaultConvention: ReportingPeriod.Convention, today: CalendarDate) throws(QueryParameterErrors) {
        var errors = QueryParameterErrors()
        var known = Self.sharedParameters.union(options.extraParameters)
        if !options.breakdowns.isEmpty { known.insert("by") }
        if options.acceptsForm { known.insert("form") }
        if options.acceptsPopulation { known.insert("population") }
        for name in parameters.keys.sorted() where !known.contains(name) {
            errors.invalid(name, "is not a parameter of this route; it takes \(known.sorted().joined(separator: ", "))")
        }

        var convention = defaultConvention
        if let raw = parameters["convention"] {
            if let chosen = ReportingPeriod.Convention(rawValue: raw.lowercased()) {
                convention = chosen
            } else {
                errors.invalid("convention", "must be calendar or cutoff, not '\(raw)'")
            }
        }

        var period = Self.period(parameters, convention: convention, today: today, errors: &errors)
        if period == nil, !parameters.keys.contains(where: ["period", "from", "to"].contains) {
            do {
                period = try ReportingPeriod.reportInProgress(on: today, convention: convention)
            } catch {
                errors.unprocessable("period", "is required: today (\(today)) has no report in progress, \(error.description)")
            }
        }

        var breakdown: SatisfactionBreakdown?
        if let raw = parameters["by"], known.contains("by") {
            if let chosen = SatisfactionBreakdown(rawValue: raw.lowercased()) {
                if options.breakdowns.contains(chosen) {
                    breakdown = chosen
                } else {
                    errors.unprocessable("by", "this route cannot break down by \(chosen.rawValue); use one of "
                                         + options.breakdowns.map(\.rawValue).joined(separator: ", "))
                }
            } else {
                errors.invalid("by", "'\(raw)' is not a breakdown; use one of "
                               + options.breakdowns.map(\.rawValue).joined(separator: ", "))
            }
        }

        var format = OutputFormat.accepted(accept, among: options.formats) ?? options.defaultFormat
        if let raw = parameters["format"] {
            if let chosen = OutputFormat(rawValue: raw.lowercased()), options.formats.contains(chosen) {
                format = chosen
            } else {
                errors.invalid("format", "must be one of \(options.formats.map(\.rawValue).joined(separator: ", ")), not '\(raw)'")
            }
        }

        var language = LanguageChain.baseLanguage
        if let raw = parameters["lang"] {
            if let tag = LanguageChain.canonicalTag(raw) {
                language = tag
            } else {
                errors.invalid("lang", "must be a language tag such as vi or en, not '\(raw)'")
            }
        }

        var form: String?
        if let raw = parameters["form"], options.acceptsForm {
            if raw.isEmpty || raw.count > 64 || !raw.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                errors.invalid("form", "must be a form id such as sipas")
            } else {
                form = raw
            }
        }

        var population: Int?
        if let raw = parameters["population"], options.acceptsPopulation {
            if let value = Int(raw), value >= 0, value <= 1_000_000_000 {
                population = value
            } else {
                errors.invalid("population", "must be a whole number of dossiers from 0 to 1000000000, not '\(raw)'")
            }
        }

        try errors.check()
        self.population = population
        guard let period else { throw QueryParameterErrors.single("period", "is required") }
        self.period = period
        self.convention = convention
        self.breakdown = breakdown
        self.form = form
        self.format = format
        self.language = language
    }

    /// `period`, or `from`/`to`, or nil when neither is given (or they are wrong: errors collected).
    private static func period(_ parameters: [String: String], convention: ReportingPeriod.Convention,
                               today: CalendarDate, errors: inout QueryParameterErrors) -> ReportingPeriod? {
        let from = parameters["from"], to = parameters["to"]
        if let text = parameters["period"] {
            if from != nil || to != nil {
                errors.invalid(from != nil ? "from" : "to", "give either period or from and to, not both")
                return nil
            }
            do {
                return try ReportingPeriod(parsing: text)
            } catch {
                if case .unrecognized = error {
                    errors.invalid("period", error.description)
                } else {
                    errors.unprocessable("period", error.description)
                }
                return nil
            }
        }
        guard from != nil || to != nil else { return nil }
        var days: [String: CalendarDate] = [:]
        for (name, value) in [("from", from), ("to", to)] {
            guard let value else {
                errors.invalid(name, "is required with \(name == "from" ? "to" : "from"): a YYYY-MM-DD date")
                continue
            }
            guard let day = CalendarDate(value) else {
                errors.invalid(name, "must be a YYYY-MM-DD date, not '\(value)'")
                continue
            }
            days[name] = day
        }
        guard let first = days["from"], let last = days["to"] else { return nil }
        do {
            return try ReportingPeriod(from: first, to: last)
        } catch {
            switch error {
            case .endBeforeStart: errors.unprocessable("from", "is after to (\(first) > \(last))")
            case .yearOutOfRange: errors.unprocessable(first.year == last.year ? "from" : "to", error.description)
            default: errors.unprocessable("to", error.description)
            }
            return nil
        }
    }

    /// The query as NFC strings by name; a repeated name keeps its first value, and an empty value
    /// counts as absent (a GET form sends `period=` for a field left blank).
    static func parameters(of request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where !value.isEmpty && result[String(key)] == nil {
            result[VietnameseText.nfc(String(key))] = VietnameseText.nfc(String(value))
        }
        return result
    }

    /// The period's first and last day under the query's convention.
    var days: (first: CalendarDate, last: CalendarDate) { period.dateRange(convention: convention) }
}
