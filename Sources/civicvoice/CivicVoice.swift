import ArgumentParser

/// `civicvoice serve|migrate|…`: the command-line entry points, and nothing else.
@main
struct CivicVoice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civicvoice",
        abstract: "Citizen satisfaction surveys and feedback (PAKN) for public agencies.",
        discussion: "Configuration comes from the environment; run `civicvoice config` to list the variables.",
        subcommands: [Serve.self, Migrate.self, FormsCommand.self, TranslationsCommand.self, PlansCommand.self,
                      UnitsCommand.self, UsersCommand.self,
                      TokensCommand.self, PrivacyCommand.self, Export.self, ResponsesCommand.self, Demo.self, AnalyticsCommand.self,
                      TargetsCommand.self, DossiersCommand.self, ConfigHelp.self]
    )
}
