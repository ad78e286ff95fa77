/// The figures of one agent's or one week's conversations inside a ``BatchTally``: how many, their score
/// total, the teams seen, and passes and fails by the tally's criterion positions.
struct GroupTally: Sendable {
    var conversations = 0
    var scoreTotal = 0
    /// The teams of the group's conversations, sorted (an agent who moved team has two).
    var teams: [String] = []
    var passes: [Int] = []
    var fails: [Int] = []

    mutating func add(score: Int, team: String?, counted: [(index: Int, passed: Bool)]) {
        conversations += 1
        scoreTotal += score
        if let team, !teams.contains(team) {
            teams.append(team)
            teams.sort()
        }
        for (index, passed) in counted {
            if index >= passes.count {
                passes += Array(repeating: 0, count: index + 1 - passes.count)
                fails += Array(repeating: 0, count: index + 1 - fails.count)
            }
            if passed { passes[index] += 1 } else { fails[index] += 1 }
        }
    }
}
