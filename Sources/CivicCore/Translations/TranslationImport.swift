import Yams

/// Brings a translator's file back into a form or UI file: checks every unit, then edits the
/// YAML text in place (comments, order and every other value untouched), or refuses with the
/// line of each problem. Pure: the caller reads and writes the files.
public enum TranslationImport {
    /// What an import did.
    public struct Outcome: Sendable, Hashable {
        /// The YAML file, relative to the forms directory (`pakn.yaml`, `ui/hmn.yaml`).
        public let yamlPath: String
        /// The new text of that file; nil when nothing changed.
        public let text: String?
        /// Strings written with a new or changed translation, confirmed for a new source, or
        /// with a new review status.
        public let written: Int
        /// Of those, how many are now reviewed.
        public let reviewed: Int
        /// Of those, how many were translated from an older Vietnamese text than the current one.
        public let stale: Int
        /// Units that changed nothing.
        public let unchanged: Int
        /// The language's status in the file afterwards: complete exactly when every string is
        /// reviewed.
        public let status: TranslationStatus
        /// Coverage afterwards.
        public let coverage: TranslationCoverage
        /// Each string written, in the file's order: what it was and what it becomes.
        public let changes: [Change]
    }

    /// One string an import writes.
    public struct Change: Sendable, Hashable {
        public let id: String
        /// The Vietnamese text it is translated from.
        public let source: String
        public let before: State
        public let after: State

        /// A translation and where it stands.
        public struct State: Sendable, Hashable {
            /// nil: not translated.
            public let text: String?
            public let status: StringStatus
            public let reviewer: String?
        }
    }

    private struct Write {
        let id: String
        let text: String
        let record: TranslationRecord
    }

    /// Checks `submitted` against the catalog and returns the edited YAML.
    /// - Parameters:
    ///   - file: the translator's file, as issues name it.
    ///   - currentYAML: the text of the form or UI file (nil: a UI file that does not exist yet).
    ///   - interfaceOrder: the keys of `ui/vi.yaml` in file order, where new UI keys are placed.
    ///   - reviewer: who reviewed the units marked reviewed that name nobody themselves.
    /// - Throws: ``FormValidationErrors`` with every problem, each at its line in `file`.
    public static func apply(_ submitted: SubmittedTranslations, file: String, catalog: FormCatalog,
                             currentYAML: String?, interfaceOrder: [String], reviewer: String?)
        throws(FormValidationErrors) -> Outcome {
        func issue(_ line: Int, _ id: String, _ message: String) -> FormIssue {
            FormIssue(file: file, line: line, column: 1, keyPath: id, message: message)
        }
        if let source = submitted.sourceLanguage, source != LanguageChain.baseLanguage {
            throw FormValidationErrors([issue(submitted.headerLine, "", "the source language is '\(source)'; "
                + "translations are made from \(LanguageChain.baseLanguage)")])
        }
        let set: TranslationSet
        do {
            set = try TranslationSet.make(catalog: catalog, target: submitted.target, language: submitted.language,
                                          interfaceOrder: interfaceOrder)
        } catch {
            throw FormValidationErrors([issue(submitted.headerLine, "", error.description)])
        }
        let defaultReviewer = reviewer.map { VietnameseText.nfc($0).trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty ? nil : $0 }
        let unitsByID = Dictionary(set.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var issues: [FormIssue] = []
        var seen: [String: Int] = [:]
        var writes: [Write] = []
        var unchanged = 0
        for unit in submitted.units {
            if let first = seen[unit.id] {
                issues.append(issue(unit.line, unit.id, "listed twice; the first is at line \(first)"))
                continue
            }
            seen[unit.id] = unit.line
            guard let current = unitsByID[unit.id] else {
                var message = "unknown id '\(unit.id)': \(set.yamlPath) has no such string"
                if let near = YAMLMapping.nearestKey(to: unit.id, among: set.units.map(\.id)) { message += "; did you mean '\(near)'?" }
                issues.append(issue(unit.line, unit.id, message))
                continue
            }
            let text = VietnameseText.nfc(unit.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                // An empty cell leaves the string as it is: an import never deletes a translation.
                unchanged += 1
                continue
            }
            if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }) {
                issues.append(issue(unit.line, unit.id, "contains control characters"))
                continue
            }
            let used = UIStrings.placeholders(in: text), expected = Set(current.placeholders)
            if used != expected {
                issues.append(issue(unit.line, unit.id, UIStrings.placeholderMessage(used: used, expected: expected)))
                continue
            }
            if text.count > current.maximumLength {
                issues.append(issue(unit.line, unit.id, "\(text.count) characters long; at most \(current.maximumLength) fit here"))
                continue
            }
            let sameText = text == current.translation
            let state = unit.state ?? .untouched
            let source = unit.source.map { VietnameseText.nfc($0).trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 } ?? current.source
            let fingerprint = TranslationRecord.sourceFingerprint(of: source)
            switch state {
            case .untouched where sameText:
                // Stale and left alone stays stale.
                unchanged += 1
            case .untouched, .draft:
                if sameText, current.status == .draft || state == .untouched {
                    unchanged += 1
                } else {
                    writes.append(Write(id: unit.id, text: text,
                                        record: TranslationRecord(review: .draft, reviewer: nil, source: fingerprint)))
                }
            case .reviewed:
                let name = unit.reviewer.map { VietnameseText.nfc($0).trimmingCharacters(in: .whitespaces) }
                    ?? defaultReviewer ?? (sameText && current.status == .reviewed ? current.reviewer : nil)
                guard let name, !name.isEmpty else {
                    issues.append(issue(unit.line, unit.id, "marked reviewed but names no reviewer: give the unit a "
                        + "cv:reviewer (XLIFF) or a reviewer cell (CSV), or import with --reviewer <name>"))
                    continue
                }
                if name.count > TranslationRecord.maximumNameLength {
                    issues.append(issue(unit.line, unit.id, "the reviewer's name is longer than "
                        + "\(TranslationRecord.maximumNameLength) characters"))
                    continue
                }
                if sameText, current.status == .reviewed, name == current.reviewer, source == current.source {
                    unchanged += 1
                } else {
                    writes.append(Write(id: unit.id, text: text,
                                        record: TranslationRecord(review: .reviewed, reviewer: name, source: fingerprint)))
                }
            }
        }
        guard issues.isEmpty else { throw FormValidationErrors(issues) }

        var currentText = currentYAML ?? newInterfaceFile(language: set.language)
        let edited: String
        do {
            let declared = set.isInterface ? catalog.ui.tables[set.language]?.status
                : catalog.form(id: set.target)?.languages[set.language]
            if !writes.isEmpty, !set.isInterface, declared == nil {
                // A form's strings may only use declared languages: declare the new one first.
                currentText = try declare(.draft, in: currentText, set: set)
            } else if !writes.isEmpty, declared == .complete {
                // A draft in a complete language does not load: mark it draft while writing, and
                // complete again below if every string is still reviewed.
                currentText = try declare(.draft, in: currentText, set: set)
            }
            edited = try write(writes, into: currentText, set: set, interfaceOrder: interfaceOrder)
        } catch {
            throw FormValidationErrors([issue(submitted.headerLine, "", "\(set.yamlPath) line \(error.line): cannot edit "
                + "\(error.reason) in place; write that string as a block mapping and import again")])
        }
        // The language's declared status follows its strings: complete exactly when all are reviewed.
        let afterStrings = try reread(edited, set: set, catalog: catalog, file: file)
        let coverage = afterStrings.coverage
        let status: TranslationStatus = coverage.isComplete ? .complete : .draft
        var final = edited
        if afterStrings.declared != status {
            do {
                final = try declare(status, in: edited, set: set)
            } catch {
                throw FormValidationErrors([issue(submitted.headerLine, "", "\(set.yamlPath) line \(error.line): cannot "
                    + "set the language's status: \(error.reason)")])
            }
        }
        let after = try reread(final, set: set, catalog: catalog, file: file)
        try verify(after.set, against: set, writes: writes, file: file)
        let afterByID = Dictionary(after.set.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = writes.compactMap { write -> Change? in
            guard let old = unitsByID[write.id], let new = afterByID[write.id] else { return nil }
            return Change(id: write.id, source: old.source,
                          before: Change.State(text: old.translation, status: old.status, reviewer: old.reviewer),
                          after: Change.State(text: new.translation, status: new.status, reviewer: new.reviewer))
        }
        return Outcome(yamlPath: set.yamlPath, text: final == (currentYAML ?? "") ? nil : final, written: writes.count,
                       reviewed: writes.filter { $0.record.review == .reviewed }.count,
                       stale: after.set.units.filter { unit in writes.contains { $0.id == unit.id } && unit.status == .stale }.count,
                       unchanged: unchanged, status: status, coverage: after.coverage, changes: changes)
    }

    private static func newInterfaceFile(language: String) -> String {
        "# Interface strings in \(language), written by `civicvoice translations import`; every key it lacks\n"
            + "# falls back to Vietnamese.\n\(UIStrings.statusKey): draft\n"
    }

    private static func write(_ writes: [Write], into text: String, set: TranslationSet,
                              interfaceOrder: [String]) throws(YAMLSourceText.UnsupportedShape) -> String {
        guard !writes.isEmpty else { return text }
        var source = YAMLSourceText(text)
        guard let root = try? Yams.compose(yaml: text) else {
            throw YAMLSourceText.UnsupportedShape(line: 1, reason: "a file that does not parse")
        }
        if set.isInterface {
            let present = Set(root.mapping.map { $0.keys.compactMap(\.string) } ?? [])
            for write in writes {
                let position = interfaceOrder.firstIndex(of: write.id) ?? interfaceOrder.count
                let preceding = interfaceOrder[..<position].last { present.contains($0) }
                    ?? [UIStrings.writtenByKey, UIStrings.statusKey].first { present.contains($0) }
                try source.setEntry(write.id, in: root, parentKeyIndent: nil, after: preceding) { indent, inFlow in
                    TranslationYAML.value(text: write.text, record: write.record, keyIndent: indent, inFlow: inFlow)
                }
            }
        } else {
            let nodes = TranslatableNodes(root: root)
            for write in writes {
                guard let location = nodes.locations[write.id] else {
                    throw YAMLSourceText.UnsupportedShape(line: 1, reason: "the string '\(write.id)', which was not found")
                }
                try source.setEntry(set.language, in: location.mapping, parentKeyIndent: source.indent(of: location.key),
                                    after: nil) { indent, inFlow in
                    TranslationYAML.value(text: write.text, record: write.record, keyIndent: indent, inFlow: inFlow)
                }
            }
        }
        return source.result
    }

    private static func declare(_ status: TranslationStatus, in text: String,
                                set: TranslationSet) throws(YAMLSourceText.UnsupportedShape) -> String {
        var source = YAMLSourceText(text)
        guard let root = try? Yams.compose(yaml: text) else {
            throw YAMLSourceText.UnsupportedShape(line: 1, reason: "a file that does not parse")
        }
        if set.isInterface {
            try source.setEntry(UIStrings.statusKey, in: root, parentKeyIndent: nil, after: nil) { _, _ in status.rawValue }
        } else {
            guard let languages = TranslatableNodes(root: root).languages else {
                throw YAMLSourceText.UnsupportedShape(line: 1, reason: "a form without 'languages'")
            }
            if let record = languages.mapping[set.language], case .mapping = record, let current = record["status"] {
                // `en: {status: complete, written_by: …}`: only the status changes, the name stays.
                try source.replaceScalar(current, with: status.rawValue)
            } else {
                try source.setEntry(set.language, in: languages.mapping, parentKeyIndent: source.indent(of: languages.key),
                                    after: nil) { _, _ in status.rawValue }
            }
        }
        return source.result
    }

    private struct Reread {
        let set: TranslationSet
        let coverage: TranslationCoverage
        let declared: TranslationStatus?
    }

    /// Parses the edited file as the server will and makes the set again from it.
    private static func reread(_ text: String, set: TranslationSet, catalog: FormCatalog,
                               file: String) throws(FormValidationErrors) -> Reread {
        func failed(_ errors: FormValidationErrors) -> FormValidationErrors {
            FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: "",
                                            message: "the edited \(set.yamlPath) does not load, nothing was written: "
                                                + errors.issues.map(\.description).joined(separator: "; "))])
        }
        let updated: FormCatalog
        let declared: TranslationStatus?
        let coverage: TranslationCoverage?
        do {
            if set.isInterface {
                var tables = Array(catalog.ui.tables.values.filter { $0.language != set.language })
                let table = try UIStrings.parseTable(yaml: text, file: set.yamlPath, language: set.language,
                                                     base: catalog.ui.tables[LanguageChain.baseLanguage])
                tables.append(table)
                let ui = UIStrings(tables: tables)
                updated = FormCatalog(forms: Array(catalog.forms.values), ui: ui)
                declared = table.status
                coverage = ui.coverage().first { $0.language == set.language }
            } else {
                var form = try FormDefinition.parse(yaml: text, file: set.yamlPath)
                declared = form.languages[set.language]
                if declared == nil {
                    // Not declared yet: count it as a draft until `declare` adds it.
                    form = FormDefinition(id: form.id, version: form.version, kind: form.kind, baseLanguage: form.baseLanguage,
                                          languages: form.languages.merging([set.language: .draft]) { old, _ in old },
                                          writtenBy: form.writtenBy,
                                          title: form.title, intro: form.intro, unit: form.unit, scales: form.scales,
                                          sections: form.sections)
                }
                updated = FormCatalog(forms: catalog.forms.values.filter { $0.id != form.id } + [form], ui: catalog.ui)
                coverage = form.coverage().first { $0.language == set.language }
            }
        } catch {
            throw failed(error)
        }
        guard let coverage,
              let rebuilt = try? TranslationSet.make(catalog: updated, target: set.target, language: set.language,
                                                     interfaceOrder: set.units.map(\.id))
        else {
            throw FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: "",
                                                  message: "the edited \(set.yamlPath) lost its strings; nothing was written")])
        }
        return Reread(set: rebuilt, coverage: coverage, declared: declared)
    }

    /// The edited file must say exactly what was meant: the written strings as written, every
    /// other string of the language as before.
    private static func verify(_ after: TranslationSet, against before: TranslationSet, writes: [Write],
                               file: String) throws(FormValidationErrors) {
        let written = Dictionary(writes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let beforeByID = Dictionary(before.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for unit in after.units {
            let expectedText = written[unit.id]?.text ?? beforeByID[unit.id]?.translation
            let expectedSource = beforeByID[unit.id]?.source
            if unit.translation != expectedText || unit.source != expectedSource
                || (written[unit.id] == nil && (unit.status != beforeByID[unit.id]?.status
                                                 || unit.reviewer != beforeByID[unit.id]?.reviewer)) {
                throw FormValidationErrors([FormIssue(file: file, line: 1, column: 1, keyPath: unit.id,
                                                      message: "the edit of \(before.yamlPath) did not read back as written; "
                                                          + "nothing was written")])
            }
        }
    }
}
