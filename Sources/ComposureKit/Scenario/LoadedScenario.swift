/// A scenario as loaded from its file, with the rubric it names resolved and checked against it.
///
/// The two travel together because a scenario's conditions, effects and criteria name the rubric's signals:
/// a scenario is only playable, gradable or lintable with the rubric it was checked against.
public struct LoadedScenario: Sendable {
    /// The scenario.
    public var scenario: Scenario
    /// The rubric the scenario names, which it was checked against.
    public var rubric: Rubric

    /// Pairs a scenario with its rubric.
    public init(scenario: Scenario, rubric: Rubric) {
        self.scenario = scenario
        self.rubric = rubric
    }
}
