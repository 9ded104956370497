import CivicCore
import Testing

struct TargetResolutionTests {
    let parents: [String: String?] = ["LC": nil, "LC.S": "LC", "LC.S.P": "LC.S", "YB": nil]

    @Test func theNearestSettingWinsAndAFormsOwnBeatsEveryForm() {
        let resolution = TargetResolution(settings: [("LC", nil, 0.92), ("LC.S", "sipas", 0.95), (nil, nil, 0.85)],
                                          parents: parents)
        #expect(resolution.target(unit: "LC.S.P", form: "sipas") == (0.95, .unit("LC.S")))
        #expect(resolution.target(unit: "LC.S.P", form: "dossier-rating") == (0.92, .unit("LC")))
        #expect(resolution.target(unit: "LC", form: "sipas") == (0.92, .unit("LC")))
        #expect(resolution.target(unit: "YB", form: "sipas") == (0.85, .defaultSetting))
        let nothing = TargetResolution(settings: [], parents: parents)
        #expect(nothing.target(unit: "YB", form: "sipas") == (RateReport.satisfactionTarget, .builtIn))
    }
}
