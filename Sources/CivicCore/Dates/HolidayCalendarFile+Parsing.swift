import Yams

extension HolidayCalendarFile {
    static let topLevelKeys = ["holidays", "working_days"]
    static let holidayKeys = ["date", "name", "kind", "provisional"]
    static let workingDayKeys = ["date", "note", "provisional"]

    /// Parses
    /// ```yaml
    /// holidays:
    ///   - {date: 2026-02-16, name: {vi: Tết Nguyên đán, en: Lunar New Year}}
    ///   - {date: 2026-01-02, name: {vi: …}, kind: swapped}          # holiday | compensatory | swapped
    ///   - {date: 2027-02-05, name: {vi: …}, provisional: true}
    /// working_days:
    ///   - {date: 2026-01-10, note: {vi: Làm bù ngày 2/1, en: Makes up for 2 January}}
    /// ```
    /// Every key is checked; unknown keys, bad or duplicate dates, a working day that is not a
    /// Saturday or Sunday and a day off in lieu on a weekend are reported.
    /// - Throws: ``FormValidationErrors`` with every issue, as `file:line:column: keyPath: message`.
    public static func parse(yaml: String, file: String) throws(FormValidationErrors) -> HolidayCalendarFile {
        var issues = IssueCollector(file: file)
        var holidays: [Holiday] = []
        var workingDays: [WorkingDay] = []
        // The first line that lists each date, for duplicate messages.
        var firstLine: [CalendarDate: Int] = [:]

        func checkUnique(_ date: CalendarDate, node: Node?, path: YAMLPath) -> Bool {
            if let line = firstLine[date] {
                issues.add("duplicate date \(date); line \(line) already lists it", at: node, path: path)
                return false
            }
            firstLine[date] = node?.mark?.line ?? 1
            return true
        }

        if let root = issues.compose(yaml), let document = YAMLMapping(root, path: .root, issues: &issues) {
            document.rejectUnknownKeys(allowed: topLevelKeys, issues: &issues)
            let holidaysPath = YAMLPath.root.appending("holidays")
            if let list = document.required("holidays", issues: &issues),
               let entries = issues.sequence(list, at: holidaysPath) {
                for (index, node) in entries.enumerated() {
                    let path = holidaysPath.appending(index: index)
                    guard let holiday = parseHoliday(node, at: path, issues: &issues) else { continue }
                    let dateNode = node["date"]
                    if holiday.kind != .holiday, WorkingCalendar.weekendsOnly.weekend.contains(holiday.date.weekday) {
                        issues.add("\(holiday.date) is a \(WorkflowYAML.weekdayNames[holiday.date.weekday - 1]); a \(holiday.kind.rawValue) day off must be a weekday",
                                   at: dateNode, path: path.appending("date"))
                        continue
                    }
                    if checkUnique(holiday.date, node: dateNode, path: path.appending("date")) { holidays.append(holiday) }
                }
            }
            let workingPath = YAMLPath.root.appending("working_days")
            if let list = document["working_days"], !list.isNull,
               let entries = issues.sequence(list, at: workingPath) {
                for (index, node) in entries.enumerated() {
                    let path = workingPath.appending(index: index)
                    guard let day = parseWorkingDay(node, at: path, issues: &issues) else { continue }
                    let dateNode = node["date"]
                    if !WorkingCalendar.weekendsOnly.weekend.contains(day.date.weekday) {
                        issues.add("\(day.date) is a \(WorkflowYAML.weekdayNames[day.date.weekday - 1]), already a working day; list only Saturdays and Sundays that are worked",
                                   at: dateNode, path: path.appending("date"))
                        continue
                    }
                    if checkUnique(day.date, node: dateNode, path: path.appending("date")) { workingDays.append(day) }
                }
            }
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues.issues) }
        return HolidayCalendarFile(holidays: holidays, workingDays: workingDays)
    }

    private static func parseHoliday(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> Holiday? {
        guard let entry = YAMLMapping(node, path: path, issues: &issues,
                                      expected: "a holiday {date: YYYY-MM-DD, name: {vi: …}}")
        else { return nil }
        entry.rejectUnknownKeys(allowed: holidayKeys, issues: &issues)
        let date = entry.required("date", issues: &issues).flatMap { issues.date($0, at: path.appending("date")) }
        let name = entry.required("name", issues: &issues).flatMap {
            WorkflowYAML.localizedText($0, at: path.appending("name"), issues: &issues)
        }
        var kind = Kind.holiday
        if let node = entry["kind"] {
            guard let value = issues.enumeration(Kind.self, node, at: path.appending("kind")) else { return nil }
            kind = value
        }
        var provisional = false
        if let node = entry["provisional"] {
            guard let value = issues.bool(node, at: path.appending("provisional")) else { return nil }
            provisional = value
        }
        guard let date, let name else { return nil }
        return Holiday(date: date, name: name, kind: kind, provisional: provisional)
    }

    private static func parseWorkingDay(_ node: Node, at path: YAMLPath, issues: inout IssueCollector) -> WorkingDay? {
        guard let entry = YAMLMapping(node, path: path, issues: &issues,
                                      expected: "a working day {date: YYYY-MM-DD, note: {vi: …}}")
        else { return nil }
        entry.rejectUnknownKeys(allowed: workingDayKeys, issues: &issues)
        let date = entry.required("date", issues: &issues).flatMap { issues.date($0, at: path.appending("date")) }
        var note: LocalizedText?
        if let node = entry["note"] {
            guard let value = WorkflowYAML.localizedText(node, at: path.appending("note"), issues: &issues) else { return nil }
            note = value
        }
        var provisional = false
        if let node = entry["provisional"] {
            guard let value = issues.bool(node, at: path.appending("provisional")) else { return nil }
            provisional = value
        }
        guard let date else { return nil }
        return WorkingDay(date: date, note: note, provisional: provisional)
    }
}
