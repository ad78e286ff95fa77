// The signal model in the compiled-rubric cache's layout (CacheCoder.swift): read with no text parsing.

extension SignalModel {
    func write(to writer: inout CacheWriter) {
        writer.write(file)
        writer.write(contentHash)
        writer.write(heads) { writer, head in
            writer.write(head.signal)
            writer.write(head.bias)
            writer.write(head.threshold)
            writer.write(head.strongestWord)
            writer.write(head.location)
        }
        // Features in key order, each with its index in `featureList`.
        let keys = features.keys.sorted()
        writer.write(keys)
        writer.write(keys.map { features[$0] ?? 0 })
        writer.write(featureList) { writer, feature in
            writer.write(feature.name)
            writer.write(feature.isContent)
            writer.write(feature.weights) { writer, weight in
                writer.write(Int32(truncatingIfNeeded: weight.head))
                writer.write(weight.value)
                writer.write(weight.line)
            }
        }
        let words = vocabulary.keys.sorted()
        writer.write(words)
        writer.write(words.map { vocabulary[$0] ?? 0 })
    }

    init(from reader: inout CacheReader) throws(CacheFormatError) {
        file = try reader.string()
        contentHash = try reader.string()
        heads = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            Head(
                signal: try reader.string(), bias: try reader.double(), threshold: try reader.double(),
                strongestWord: try reader.double(), location: try reader.location())
        }
        let keys = try reader.ints()
        let indices = try reader.ints()
        let headCount = heads.count
        featureList = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            let name = try reader.string()
            let isContent = try reader.bool()
            let weights = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
                let head = Int(try reader.int32())
                guard (0..<headCount).contains(head) else { throw CacheFormatError(reason: "weight of head \(head)") }
                return Weight(head: head, value: try reader.double(), line: try reader.int())
            }
            return Feature(name: name, weights: weights, isContent: isContent)
        }
        let count = featureList.count
        guard keys.count == indices.count, indices.allSatisfy({ (0..<count).contains($0) }) else {
            throw CacheFormatError(reason: "the model's feature index does not fit its features")
        }
        features = Dictionary(zip(keys, indices)) { first, _ in first }
        let words = try reader.strings()
        let numbers = try reader.ints()
        guard words.count == numbers.count else { throw CacheFormatError(reason: "the model's vocabulary") }
        vocabulary = Dictionary(zip(words, numbers)) { first, _ in first }
        lookup = Lookup(vocabulary: vocabulary, features: features, featureList: featureList)
    }
}
