/// The graph of `include`s among a rubric's signals, as edges between signal indices: walked depth-first
/// once, by the loader for circles (an error) and by the detector for the order it adds included evidence in.
struct IncludeGraph {
    /// Every node, each after every node it reaches (a depth-first post-order from the first node on).
    let postOrder: [Int]
    /// Each circle once, as nodes from the first one the walk met; the walk cuts a circle where it closes.
    let cycles: [[Int]]

    init(_ edges: [[Int]]) {
        var state = [UInt8](repeating: 0, count: edges.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        var order: [Int] = []
        var cycles: [[Int]] = []
        func visit(_ node: Int) {
            state[node] = 1
            path.append(node)
            for other in edges[node] {
                if state[other] == 1, let start = path.firstIndex(of: other) {
                    cycles.append(Array(path[start...]))
                } else if state[other] == 0 {
                    visit(other)
                }
            }
            path.removeLast()
            state[node] = 2
            order.append(node)
        }
        for node in edges.indices where state[node] == 0 { visit(node) }
        postOrder = order
        self.cycles = cycles
    }
}
