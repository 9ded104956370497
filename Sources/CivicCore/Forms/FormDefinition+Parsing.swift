extension FormDefinition {
    /// Parses and validates one form file.
    ///
    /// Pure: reads nothing but `yaml`; `file` is only used to label issues.
    /// - Throws: ``FormValidationErrors`` with every issue found (not just the first), each
    ///   located by line, column and key path.
    public static func parse(yaml: String, file: String) throws(FormValidationErrors) -> FormDefinition {
        var parser = FormParser(file: file, source: yaml)
        let form = parser.parse()
        if let form, parser.issues.isEmpty { return form }
        throw FormValidationErrors(parser.issues.issues)
    }
}
