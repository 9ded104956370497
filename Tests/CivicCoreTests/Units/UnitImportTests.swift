import CivicCore
import Foundation
import Testing

@Suite struct UnitImportTests {
    static let sampleURL = formsDirectory().deletingLastPathComponent()
        .appendingPathComponent("scripts/data/units-lao-cai.yaml")

    func problems(_ text: String, path: String = "u.yaml") -> [String] {
        do {
            _ = try UnitImport.parse(contents: text, path: path)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func theSampleParsesWithParentsFirstAndItsMergers() throws {
        // setup
        let text = try String(contentsOf: Self.sampleURL, encoding: .utf8)
        // act
        let plan = try UnitImport.parse(contents: text, path: "units-lao-cai.yaml")
        // validate
        let codes = plan.units.map(\.code)
        for unit in plan.units {
            if let parent = unit.parent, let parentIndex = codes.firstIndex(of: parent) {
                #expect(parentIndex < codes.firstIndex(of: unit.code)!, "\(parent) before \(unit.code)")
            }
        }
        let culture = try #require(plan.units.first { $0.code == "LC.SVHTT" })
        #expect(culture.successors == ["LC.SVHTTDL"])
        #expect(culture.succession == .merger)
        #expect(culture.effectiveTo == CalendarDate("2025-03-01"))
        #expect(plan.units.first { $0.code == "LC.SVHTTDL" }?.names["vi"] == "Sở Văn hóa, Thể thao và Du lịch")
        #expect(plan.problems(against: []).isEmpty)
    }

    @Test func everyProblemIsReportedAtItsLine() {
        let yaml = """
            units:
              - code: A
                kind: province
                names: {vi: Tỉnh A}
                effective_from: 2020-01-01
              - code: B
                parent: A
                kind: district
                names: {en: B}
                effective_from: 2020-02-30
              - code: A
                kind: province
                names: {vi: Lặp}
                effective_from: 2020-01-01
                effective_to: 2019-01-01
                successor: A
              - code: C
                kind: commune
                names: {vi: C}
                effective_from: 2020-01-01
                successor: A
                colour: red
            """
        #expect(problems(yaml) == [
            "u.yaml:8:11: units[1].kind: 'district' is not allowed here; expected one of: province, department, commune, office",
            "u.yaml:9:12: units[1].names: a Vietnamese name (vi) is required",
            "u.yaml:10:21: units[1].effective_from: '2020-02-30' is not a valid date; expected YYYY-MM-DD",
            "u.yaml:11:5: units[2].code: duplicate code 'A'; line 2 already has it",
            "u.yaml:17:5: units[3].effective_to: a unit with a successor must end: effective_to is the day of the succession",
            "u.yaml:22:5: units[3].colour: unknown key 'colour'; expected one of: code, parent, kind, names, effective_from, effective_to, successor, succession",
        ])
    }

    @Test func csvWithQuotedCellsAndSeveralSuccessors() throws {
        let csv = "\u{FEFF}code,parent,kind,name_vi,name_en,effective_from,effective_to,successor\r\n"
            + "P,,province,Tỉnh P,P Province,2000-01-01,,\r\n"
            + "X,P,commune,\"Xã X, cũ\",\"X \"\"old\"\"\",2000-01-01,2025-07-01,Y;Z\r\n"
            + "\r\n"
            + "Y,P,commune,Xã Y,,2025-07-01,,\n"
            + "Z,P,commune,\"Xã\nZ\",,2025-07-01,,\n"
        let plan = try UnitImport.parse(contents: csv, path: "u.csv")
        #expect(plan.units.map(\.code) == ["P", "X", "Y", "Z"])
        let x = plan.units[1]
        #expect(x.names == ["vi": "Xã X, cũ", "en": "X \"old\""])
        #expect(x.successors == ["Y", "Z"])
        #expect(x.succession == .split)
        #expect(x.position.line == 3)
        #expect(plan.units[3].names["vi"] == "Xã\nZ")
        #expect(plan.units[3].position.line == 6)
    }

    @Test func csvProblemsNameLineAndColumn() {
        let csv = """
            code,parent,kind,name_vi,effective_from,shape
            P,,province,Tỉnh P,2000-01-01,round
            """
        #expect(problems(csv, path: "u.csv") == [
            "u.csv:1:6: shape: unknown column 'shape'; expected code, parent, kind, effective_from, effective_to, successor, succession or name_<language>",
        ])
        let rows = """
            code,parent,kind,name_vi,effective_from,effective_to
            -bad,,province,,2000-13-01,
            Q,Q,office,Q,2000-01-01,1999-01-01
            """
        #expect(problems(rows, path: "u.csv") == [
            "u.csv:2:1: row 1.code: '-bad' is not a valid unit code: at most 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "u.csv:2:4: row 1.name_vi: a Vietnamese name is required",
            "u.csv:2:5: row 1.effective_from: '2000-13-01' is not a valid date; expected YYYY-MM-DD",
            "u.csv:3:1: row 2.effective_to: must be after effective_from (2000-01-01); it is the first day the unit no longer exists",
            "u.csv:3:1: row 2.parent: a unit cannot be its own parent",
            "u.csv:3:1: row 2.parent: the parent chain of Q loops back to it",
        ])
    }

    @Test func checksAgainstStoredUnits() throws {
        let yaml = """
            units:
              - code: D
                parent: P
                kind: department
                names: {vi: Sở D}
                effective_from: 1999-01-01
                effective_to: 2030-01-01
                successor: NEW
              - code: E
                parent: GONE
                kind: department
                names: {vi: Sở E}
                effective_from: 2001-01-01
            """
        let plan = try UnitImport.parse(yaml: yaml, file: "u.yaml")
        let stored = [
            UnitImport.ExistingUnit(code: "P", parent: nil, effectiveFrom: CalendarDate("2000-01-01")!,
                                    effectiveTo: CalendarDate("2026-01-01")),
            UnitImport.ExistingUnit(code: "NEW", parent: "P", effectiveFrom: CalendarDate("2025-01-01")!, effectiveTo: nil),
        ]
        #expect(plan.problems(against: stored).map(\.description) == [
            "u.yaml:2:5: units[0].effective_from: D starts on 1999-01-01, before its parent P (2000-01-01)",
            "u.yaml:2:5: units[0].effective_to: D must end by 2026-01-01, when its parent P ends",
            "u.yaml:9:5: units[1].parent: unknown parent 'GONE': it is neither in this file nor stored",
        ])
    }

    @Test func jsonIsReadAsYAML() throws {
        let json = #"{"units": [{"code": "P", "kind": "province", "names": {"vi": "T\u1ec9nh P"}, "effective_from": "2000-01-01"}]}"#
        let plan = try UnitImport.parse(yaml: json, file: "body")
        #expect(plan.units.first?.names["vi"] == "Tỉnh P")
    }
}
