import CivicCore
import Testing

struct TargetResolutionTests {
    let parents: [String: String?] = ["LC": nil, "LC.S": "LC", "LC.S.P": "LC.S", "YB": nil]
    let march = CalendarDate(year: 2026, month: 3, day: 31)!

    func setting(_ unit: String?, _ form: String?, _ from: String?, _ target: Double?) -> TargetResolution.Setting {
        TargetResolution.Setting(unit: unit, form: form, from: from.flatMap(YearMonth.init), target: target)
    }

    @Test func theNearestSettingWinsAndAFormsOwnBeatsEveryForm() {
        let resolution = TargetResolution(settings: [setting("LC", nil, nil, 0.92), setting("LC.S", "sipas", nil, 0.95),
                                                     setting(nil, nil, nil, 0.85)],
                                          parents: parents)
        #expect(resolution.target(unit: "LC.S.P", form: "sipas", on: march) == (0.95, .unit("LC.S", since: nil)))
        #expect(resolution.target(unit: "LC.S.P", form: "dossier-rating", on: march) == (0.92, .unit("LC", since: nil)))
        #expect(resolution.target(unit: "LC", form: "sipas", on: march) == (0.92, .unit("LC", since: nil)))
        #expect(resolution.target(unit: "YB", form: "sipas", on: march) == (0.85, .defaultSetting(since: nil)))
        let nothing = TargetResolution(settings: [], parents: parents)
        #expect(nothing.target(unit: "YB", form: "sipas", on: march) == (RateReport.satisfactionTarget, .builtIn))
    }

    @Test func aSettingAppliesFromItsMonthAndAnEndedOneInheritsAgain() {
        let resolution = TargetResolution(settings: [
            setting("LC", nil, "2026-01", 0.92),
            setting("LC.S", nil, "2026-07", 0.95),
            setting("LC.S", nil, "2027-01", nil),
            setting("LC.S", "sipas", "2026-10", 0.97),
            setting(nil, nil, nil, 0.80),
        ], parents: parents)
        func on(_ text: String) -> CalendarDate { CalendarDate(text)! }
        // Before LC's first month, the setting for every period (the default) applies.
        #expect(resolution.target(unit: "LC.S.P", form: "dossier-rating", on: on("2025-12-31")) == (0.80, .defaultSetting(since: nil)))
        // The Q1 and 6-month reports end before July: LC's 92%, whatever was set later.
        #expect(resolution.target(unit: "LC.S.P", form: "dossier-rating", on: on("2026-06-30"))
                == (0.92, .unit("LC", since: YearMonth("2026-01"))))
        // From the 1st of July (the Q3 report ends in September), LC.S's own 95%.
        #expect(resolution.target(unit: "LC.S.P", form: "dossier-rating", on: on("2026-07-01"))
                == (0.95, .unit("LC.S", since: YearMonth("2026-07"))))
        #expect(resolution.target(unit: "LC.S", form: "sipas", on: on("2026-09-30")).target == 0.95)
        // The form's own setting from October beats every form's at the same unit.
        #expect(resolution.target(unit: "LC.S", form: "sipas", on: on("2026-12-31"))
                == (0.97, .unit("LC.S", since: YearMonth("2026-10"))))
        // From 2027 LC.S has no target for every form any more: the form's own still applies, and
        // other forms inherit LC's.
        #expect(resolution.target(unit: "LC.S", form: "sipas", on: on("2027-03-31")).target == 0.97)
        #expect(resolution.target(unit: "LC.S", form: "dossier-rating", on: on("2027-03-31"))
                == (0.92, .unit("LC", since: YearMonth("2026-01"))))
    }
}
