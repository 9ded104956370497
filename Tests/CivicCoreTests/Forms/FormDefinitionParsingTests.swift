import Foundation
import Testing
@testable import CivicCore

/// One test per validator rule: a small form that breaks it, and the exact issue expected.
/// Positions refer to `minimalForm()`'s lines (see FormTestSupport.swift).
@Suite struct FormDefinitionParsingTests {
    @Test func minimalFormIsValid() throws {
        let form = try #require(parseValid(minimalForm()))
        #expect(form.id == "t")
        #expect(form.version == 1)
        #expect(form.kind == .survey)
        #expect(form.languages == ["vi": .complete, "en": .draft])
        #expect(form.title["vi"] == "Tiêu đề")
        #expect(form.scales["s5"]?.satisfied == [2])
        #expect(form.questions.map(\.id) == ["q1"])
        #expect(form.question(id: "q1")?.input == .scale(name: "s5"))
        #expect(form.question(id: "q1")?.required == false)
    }

    @Test func unknownKeysAreReportedAtEveryLevel() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "title: {vi: Tiêu đề}", with: "titel: {vi: Tiêu đề}")
            .replacingOccurrences(of: "    satisfied: [2]", with: "    satisfied: [2]\n    colour: red")
            + """
                  - id: q2
                    type: single_choice
                    lable: {vi: Câu 2}
                    options:
                      - {value: a, label: {vi: A}, note: x}

            """
        #expect(issues(in: yaml) == [
            "t.yaml:1:1: missing required key 'title'",
            "t.yaml:6:1: titel: unknown key 'titel'; did you mean 'title'?",
            "t.yaml:13:5: scales.s5.colour: unknown key 'colour'; expected one of: options, satisfied",
            "t.yaml:22:9: sections[0].questions[1]: missing required key 'label'",
            "t.yaml:24:9: sections[0].questions[1].lable: unknown key 'lable'; did you mean 'label'?",
            "t.yaml:26:40: sections[0].questions[1].options[0].note: unknown key 'note'; expected one of: value, label",
        ])
    }

    @Test func duplicateQuestionIDsAcrossSections() {
        let yaml = minimalForm() + """
          - id: other
            title: {vi: Khác}
            questions:
              - id: q1
                type: yes_no
                label: {vi: Lặp}

        """
        #expect(issues(in: yaml) == [
            "t.yaml:24:13: sections[1].questions[0].id: duplicate question id 'q1'; first defined at line 17",
        ])
    }

    @Test func duplicateSectionIDs() {
        let yaml = minimalForm() + """
          - id: s
            title: {vi: Khác}
            questions:
              - id: q2
                type: yes_no
                label: {vi: Câu 2}

        """
        #expect(issues(in: yaml) == [
            "t.yaml:21:9: sections[1].id: duplicate section id 's'; first used at line 14",
        ])
    }

    @Test func duplicateOptionValuesAndEmptyChoiceLists() {
        let yaml = minimalForm(appending: """
              - id: q2
                type: single_choice
                label: {vi: Câu 2}
                options:
                  - {value: a, label: {vi: A}}
                  - {value: a, label: {vi: B}}
              - id: q3
                type: multiple_choice
                label: {vi: Câu 3}
                options: []

        """)
        #expect(issues(in: yaml) == [
            "t.yaml:26:21: sections[0].questions[1].options[1].value: duplicate option value 'a'; already used at line 25",
            "t.yaml:30:18: sections[0].questions[2].options: a choice question needs at least one option",
        ])
    }

    @Test func stringsNeedTheBaseLanguageAndOnlyDeclaredLanguages() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "title: {vi: Phần}", with: "title: {en: Part}")
            .replacingOccurrences(of: "label: {vi: Câu 1}", with: "label: {vi: Câu 1, fr: Question 1}")
        #expect(issues(in: yaml) == [
            "t.yaml:15:12: sections[0].title: missing the base language 'vi'",
            "t.yaml:20:28: sections[0].questions[0].label.fr: language 'fr' is not declared in 'languages'",
        ])
    }

    @Test func aCompleteLanguageMustTranslateEveryString() {
        let yaml = minimalForm()
            // The English is plain text that its authors vouch for (`written_by`): only the gap is wrong.
            .replacingOccurrences(of: "{vi: complete, en: draft}", with: "{vi: complete, en: {status: complete, written_by: A}}")
            .replacingOccurrences(of: "{vi: Tiêu đề}", with: "{vi: Tiêu đề, en: Title}")
            .replacingOccurrences(of: "{vi: Một}", with: "{vi: Một, en: One}")
            .replacingOccurrences(of: "{vi: Hai}", with: "{vi: Hai, en: Two}")
            .replacingOccurrences(of: "{vi: Phần}", with: "{vi: Phần, en: Part}")
        #expect(issues(in: yaml) == [
            "t.yaml:20:16: sections[0].questions[0].label: missing 'en', which 'languages' marks complete",
        ])
    }

    @Test func aCommaInsideAFlowMappingGetsAHint() {
        let yaml = minimalForm().replacingOccurrences(of: "label: {vi: Câu 1}", with: "label: {vi: Câu 1, câu hai}")
        #expect(issues(in: yaml) == [
            "t.yaml:20:28: sections[0].questions[0].label.câu hai: 'câu hai' is not a language tag; inside {…}, put text that contains a comma in quotes",
        ])
    }

    @Test func theBaseLanguageMustBeDeclaredComplete() {
        #expect(issues(in: minimalForm().replacingOccurrences(of: "{vi: complete, en: draft}", with: "{vi: draft}")) == [
            "t.yaml:5:17: languages.vi: the base language must be complete",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "{vi: complete, en: draft}", with: "{en: complete}")) == [
            "t.yaml:4:16: base_language: the base language 'vi' must be listed in 'languages'",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "en: draft", with: "EN: draft")) == [
            "t.yaml:5:27: languages.EN: write the language tag as 'en'",
        ])
    }

    @Test func scalesNeedSatisfiedValuesAmongTheirOptions() {
        #expect(issues(in: minimalForm().replacingOccurrences(of: "satisfied: [2]", with: "satisfied: []")) == [
            "t.yaml:12:16: scales.s5.satisfied: list at least one value that counts as satisfied, e.g. [4, 5]",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "satisfied: [2]", with: "satisfied: [2, 5]")) == [
            "t.yaml:12:20: scales.s5.satisfied[1]: 5 is not a value of this scale (1, 2)",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "    satisfied: [2]\n", with: "")) == [
            "t.yaml:9:5: scales.s5: missing required key 'satisfied'",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "{value: 2, label: {vi: Hai}}", with: "{value: 1, label: {vi: Hai}}")) == [
            "t.yaml:11:17: scales.s5.options[1].value: duplicate value 1; already used at line 10",
        ])
    }

    @Test func scaleQuestionsMustNameADefinedScale() {
        #expect(issues(in: minimalForm().replacingOccurrences(of: "scale: s5", with: "scale: s7")) == [
            "t.yaml:19:16: sections[0].questions[0].scale: unknown scale 's7'; defined scales: s5",
        ])
    }

    @Test func missingRequiredKeys() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "kind: survey\n", with: "")
            .replacingOccurrences(of: "        type: scale\n", with: "")
        #expect(issues(in: yaml) == [
            "t.yaml:1:1: missing required key 'kind'",
            "t.yaml:16:9: sections[0].questions[0]: missing required key 'type'",
        ])
        #expect(issues(in: "id: t\nversion: 1\n") == [
            "t.yaml:1:1: missing required key 'base_language'",
            "t.yaml:1:1: missing required key 'kind'",
            "t.yaml:1:1: missing required key 'languages'",
            "t.yaml:1:1: missing required key 'sections'",
            "t.yaml:1:1: missing required key 'title'",
        ])
    }

    @Test func wrongValueTypes() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "version: 1", with: "version: \"1\"")
            .replacingOccurrences(of: "label: {vi: Câu 1}", with: "label: Câu 1\n        required: yes")
            .replacingOccurrences(of: "sections:", with: "sections: none\nunused:")
        #expect(issues(in: yaml) == [
            "t.yaml:2:10: version: expected an integer, found the quoted text \"1\"",
            "t.yaml:13:11: sections: expected a list, found 'none'",
            "t.yaml:14:1: unused: unknown key 'unused'; expected one of: id, version, kind, base_language, languages, title, intro, unit, metrics_default, kiosk_layout, scales, sections",
        ])
        // With sections readable again, the question's own type errors show.
        let question = minimalForm()
            .replacingOccurrences(of: "label: {vi: Câu 1}", with: "label: Câu 1\n        required: yes")
        #expect(issues(in: question) == [
            "t.yaml:20:16: sections[0].questions[0].label: expected a map of language → text, e.g. {vi: \"…\"}, found 'Câu 1'",
            "t.yaml:21:19: sections[0].questions[0].required: expected true or false, found 'yes'",
        ])
    }

    @Test func badKindTypeAndElement() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "kind: survey", with: "kind: poll")
            .replacingOccurrences(of: "type: scale", with: "type: rating")
            .replacingOccurrences(of: "    title: {vi: Phần}", with: "    element: people\n    title: {vi: Phần}")
        #expect(issues(in: yaml) == [
            "t.yaml:3:7: kind: 'poll' is not allowed here; expected one of: survey, feedback",
            "t.yaml:15:14: sections[0].element: 'people' is not allowed here; expected one of: access, procedure, civil_servant, result, feedback_handling",
            "t.yaml:19:15: sections[0].questions[0].type: 'rating' is not allowed here; expected one of: scale, single_choice, multiple_choice, yes_no, text, number, date",
        ])
    }

    @Test func versionMustBePositive() {
        #expect(issues(in: minimalForm().replacingOccurrences(of: "version: 1", with: "version: 0")) == [
            "t.yaml:2:10: version: version must be a positive integer, found 0",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "version: 1", with: "version: 1.5")) == [
            "t.yaml:2:10: version: expected an integer, found '1.5'",
        ])
    }

    @Test func keysOfAnotherQuestionTypeAreRejected() {
        let yaml = minimalForm(appending: """
                options: []
              - id: q2
                type: text
                max_length: 20000
              - id: q3
                type: number
                label: {vi: Câu 3}
                min: 10
                max: 1
              - id: q4
                type: number
                integer: true
                label: {vi: Câu 4}
                min: 0.5

        """)
        #expect(issues(in: yaml) == [
            "t.yaml:21:9: sections[0].questions[0].options: 'options' does not apply to a scale question",
            "t.yaml:22:9: sections[0].questions[1]: missing required key 'label'",
            "t.yaml:24:21: sections[0].questions[1].max_length: max_length must be between 1 and 10000, found 20000",
            "t.yaml:29:14: sections[0].questions[2].max: max (1) is below min (10)",
            "t.yaml:34:14: sections[0].questions[3].min: min must be a whole number when 'integer: true'",
        ])
    }

    @Test func identifiersMustBeWellFormed() {
        let yaml = minimalForm(appending: """
              - id: and
                type: yes_no
                label: {vi: Câu 2}
              - id: Q-3
                type: yes_no
                label: {vi: Câu 3}

        """).replacingOccurrences(of: "id: t\n", with: "id: T t\n")
        #expect(issues(in: yaml) == [
            "t.yaml:1:5: id: 'T t' is not a valid form id: lowercase letters and digits, words joined by '-'",
            "t.yaml:21:13: sections[0].questions[1].id: 'and' is a reserved word of show_if and cannot be a question id",
            "t.yaml:24:13: sections[0].questions[2].id: 'Q-3' is not a valid question id: a lowercase letter, then lowercase letters, digits or '_'",
        ])
    }

    @Test func unitRule() throws {
        let fixed = try #require(parseValid(minimalForm().replacingOccurrences(of: "scales:", with: "unit: {fixed: SVHTT.01}\nscales:")))
        #expect(fixed.unit == .fixed("SVHTT.01"))
        let chosen = try #require(parseValid(minimalForm().replacingOccurrences(of: "scales:", with: "unit:\n  chosen_by_citizen: true\nscales:")))
        #expect(chosen.unit == .chosenByCitizen)
        #expect(issues(in: minimalForm().replacingOccurrences(of: "scales:", with: "unit: {chosen_by_citizen: false}\nscales:")) == [
            "t.yaml:7:27: unit.chosen_by_citizen: 'chosen_by_citizen: false' has no meaning; use 'fixed: <unit code>' or leave 'unit' out",
        ])
        #expect(issues(in: minimalForm().replacingOccurrences(of: "scales:", with: "unit: {fixed: A, chosen_by_citizen: true}\nscales:")) == [
            "t.yaml:7:7: unit: give either 'fixed' or 'chosen_by_citizen', not both",
        ])
    }

    @Test func yamlSyntaxErrorsAreLocated() {
        let broken = issues(in: "id: t\nversion: [1\n")
        #expect(broken.count == 1)
        #expect(broken.first?.hasPrefix("t.yaml:3:1: YAML syntax error: ") == true)
        #expect(issues(in: "id: t\nid: u\n") == [
            "t.yaml:1:1: duplicate key 'id' in one mapping; each key may appear only once",
        ])
        #expect(issues(in: "") == ["t.yaml:1:1: the file is empty"])
        #expect(issues(in: "- a\n") == ["t.yaml:1:1: expected a mapping with the form's keys (id, version, kind, …), found a list"])
    }

    @Test func everyIssueIsCollectedNotJustTheFirst() {
        let yaml = minimalForm()
            .replacingOccurrences(of: "version: 1", with: "version: -1")
            .replacingOccurrences(of: "kind: survey", with: "kind: census")
            .replacingOccurrences(of: "scale: s5", with: "scale: s9")
        #expect(issues(in: yaml).count == 3)
    }

    @Test func issueDescriptionIsOnePerLine() {
        let errors = FormValidationErrors([
            FormIssue(file: "b.yaml", line: 1, column: 1, keyPath: "", message: "second"),
            FormIssue(file: "a.yaml", line: 3, column: 2, keyPath: "id", message: "first"),
        ])
        #expect(errors.description == "a.yaml:3:2: id: first\nb.yaml:1:1: second")
    }
}
