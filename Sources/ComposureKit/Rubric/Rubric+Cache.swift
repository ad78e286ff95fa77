// A compiled rubric in the compiled-rubric cache's layout (CacheCoder.swift): everything `RubricLoader`
// makes of a rubric file, its signal model and the lexicon, so a cached start reads no YAML and
// compiles no pattern.

extension Rubric {
    /// Writes the rubric; false when it holds what the cache does not keep (a scenario's detector extensions).
    func cacheBytes(into writer: inout CacheWriter) -> Bool {
        guard detector.extensions.isEmpty else { return false }
        writer.write(id)
        writer.write(title)
        writer.write(file)
        writer.write(contentHash)
        writer.write(concepts) { writer, concept in
            writer.write(concept.name)
            writer.write(concept.entries) { $0.write($1) }
            writer.write(concept.location)
        }
        writer.write(contexts) { writer, context in
            writer.write(context.name)
            switch context.source {
            case .channel(let names):
                writer.write(0)
                writer.write(names)
            case .customerSignal(let names):
                writer.write(1)
                writer.write(names)
            case .fact(let name):
                writer.write(2)
                writer.write(name)
            }
            writer.write(context.location)
        }
        writer.write(signals) { $0.write($1) }
        writer.write(criteria) { $0.write($1) }
        writer.write(fatalCap)
        writer.write(passMark)
        writer.write(model != nil)
        if let model { model.write(to: &writer) }
        detector.writePatterns(to: &writer)
        return true
    }

    /// Reads a rubric written by ``cacheBytes(into:)``.
    init(from reader: inout CacheReader) throws(CacheFormatError) {
        let id = try reader.string()
        let title = try reader.string()
        let file = try reader.string()
        let contentHash = try reader.string()
        let concepts = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            Concept(
                name: try reader.string(), entries: try reader.patternSources(),
                location: try reader.location())
        }
        let contexts = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            let name = try reader.string()
            let source: ContextDefinition.Source
            switch try reader.int() {
            case 0: source = .channel(try reader.strings())
            case 1: source = .customerSignal(try reader.strings())
            case 2: source = .fact(try reader.string())
            case let tag: throw CacheFormatError(reason: "context source \(tag)")
            }
            return ContextDefinition(name: name, source: source, location: try reader.location())
        }
        let signals = try reader.array(Self.signal)
        let criteria = try reader.array(Self.criterion)
        let fatalCap = try reader.int()
        let passMark = try reader.int()
        let model = try reader.bool() ? try SignalModel(from: &reader) : nil
        let (roles, locations, matcher) = try SignalDetector.readPatterns(from: &reader, signalCount: signals.count)
        self.init(
            id: id, title: title, file: file, contentHash: contentHash, concepts: concepts, contexts: contexts,
            signals: signals, criteria: criteria, fatalCap: fatalCap, passMark: passMark,
            detector: SignalDetector(
                signals: signals, matcher: matcher, roles: roles, locations: locations, model: model,
                discounts: Rubric.discountingSignals(of: criteria)),
            model: model)
    }
}

extension CacheWriter {
    mutating func write(_ location: SourceLocation) {
        write(location.file)
        write(location.line)
        write(location.column)
    }

    mutating func write(_ source: PatternSource) {
        write(source.text)
        write(source.location)
    }

    mutating func write(_ signal: SignalDefinition) {
        write(signal.id)
        write(signal.side.rawValue)
        write(signal.description)
        write(signal.any) { $0.write($1) }
        write(signal.unless) { $0.write($1) }
        write(signal.vetoedBy)
        write(signal.include)
        write(signal.yieldsTo)
        switch signal.builtin {
        case nil: write(0)
        case .shouting(let capsRun, let capsRatio, let minimumWords, let exclamations):
            write(1)
            write(capsRun)
            write(capsRatio)
            write(minimumWords)
            write(exclamations)
        case .reflection(let concept, let minimumShared):
            write(2)
            write(concept)
            write(minimumShared)
        }
        write(signal.firingExamples) { $0.write($1) }
        write(signal.silentExamples) { $0.write($1) }
        write(signal.location)
    }

    mutating func write(_ criterion: Criterion) {
        write(criterion.id)
        write(criterion.title)
        write(criterion.weight)
        write(criterion.when)
        write(criterion.expect)
        write(criterion.within)
        write(criterion.then)
        write(criterion.forbid)
        write(criterion.fatal)
        write(criterion.discount)
        write(criterion.allow)
        write(criterion.until)
        write([criterion.feedback.pass, criterion.feedback.miss, criterion.feedback.example])
        write(criterion.location)
    }

    mutating func write(_ expression: ContextExpression) {
        switch expression {
        case .always: write(0)
        case .context(let name):
            write(1)
            write(name)
        case .not(let inner):
            write(2)
            write(inner)
        case .and(let left, let right):
            write(3)
            write(left)
            write(right)
        case .or(let left, let right):
            write(4)
            write(left)
            write(right)
        }
    }
}

extension Rubric {
    // Element readers for `CacheReader.array`, typed so their errors stay `CacheFormatError`.
    fileprivate static func signal(_ reader: inout CacheReader) throws(CacheFormatError) -> SignalDefinition {
        try reader.signal()
    }

    fileprivate static func criterion(_ reader: inout CacheReader) throws(CacheFormatError) -> Criterion {
        try reader.criterion()
    }
}

extension CacheReader {
    mutating func patternSources() throws(CacheFormatError) -> [PatternSource] {
        let count = try count()
        var sources: [PatternSource] = []
        sources.reserveCapacity(count)
        for _ in 0..<count { sources.append(try patternSource()) }
        return sources
    }

    mutating func location() throws(CacheFormatError) -> SourceLocation {
        SourceLocation(file: try string(), line: try int(), column: try int())
    }

    mutating func patternSource() throws(CacheFormatError) -> PatternSource {
        PatternSource(text: try string(), location: try location())
    }

    mutating func signal() throws(CacheFormatError) -> SignalDefinition {
        let id = try string()
        guard let side = Side(rawValue: try string()) else { throw CacheFormatError(reason: "side of '\(id)'") }
        let description = try string()
        let any = try patternSources()
        let unless = try patternSources()
        let vetoedBy = try strings()
        let include = try strings()
        let yieldsTo = try strings()
        let builtin: BuiltinDetector?
        switch try int() {
        case 0: builtin = nil
        case 1:
            builtin = .shouting(
                capsRun: try int(), capsRatio: try double(), minimumWords: try int(), exclamations: try int())
        case 2: builtin = .reflection(concept: try string(), minimumShared: try int())
        case let tag: throw CacheFormatError(reason: "built-in detector \(tag)")
        }
        return SignalDefinition(
            id: id, side: side, description: description, any: any, unless: unless, vetoedBy: vetoedBy,
            include: include, yieldsTo: yieldsTo, builtin: builtin,
            firingExamples: try patternSources(),
            silentExamples: try patternSources(), location: try location())
    }

    mutating func criterion() throws(CacheFormatError) -> Criterion {
        let id = try string()
        let title = try string()
        let weight = try int()
        let when = try contextExpression(depth: 0)
        let expect = try strings()
        let within = try optionalInt()
        let then = try strings()
        let forbid = try strings()
        let fatal = try strings()
        let discount = try strings()
        let allow = try strings()
        let until = try strings()
        let feedback = try strings()
        guard feedback.count == 3 else { throw CacheFormatError(reason: "feedback of '\(id)'") }
        return Criterion(
            id: id, title: title, weight: weight, when: when, expect: expect, within: within, then: then,
            forbid: forbid, fatal: fatal, discount: discount, allow: allow, until: until,
            feedback: Feedback(pass: feedback[0], miss: feedback[1], example: feedback[2]), location: try location())
    }

    /// An expression; `depth` bounds the recursion a damaged file could ask for.
    mutating func contextExpression(depth: Int) throws(CacheFormatError) -> ContextExpression {
        guard depth < 200 else { throw CacheFormatError(reason: "a context expression nested too deep") }
        switch try int() {
        case 0: return .always
        case 1: return .context(try string())
        case 2: return .not(try contextExpression(depth: depth + 1))
        case 3: return .and(try contextExpression(depth: depth + 1), try contextExpression(depth: depth + 1))
        case 4: return .or(try contextExpression(depth: depth + 1), try contextExpression(depth: depth + 1))
        case let tag: throw CacheFormatError(reason: "context expression \(tag)")
        }
    }
}

extension SignalDetector {
    /// Writes the compiled patterns: each pattern's role and location, then the matcher.
    func writePatterns(to writer: inout CacheWriter) {
        writer.write(roles) { writer, role in
            switch role {
            case .fires(let signal):
                writer.write(0)
                writer.write(signal)
            case .vetoes(let signal):
                writer.write(1)
                writer.write(signal)
            case .concept(let signal):
                writer.write(2)
                writer.write(signal)
            }
        }
        writer.write(locations) { $0.write($1) }
        matcher.write(to: &writer)
    }

    /// Reads what ``writePatterns(to:)`` wrote, for a detector of `signalCount` signals.
    static func readPatterns(from reader: inout CacheReader, signalCount: Int) throws(CacheFormatError) -> (
        [PatternRole], [SourceLocation], PhraseMatcher
    ) {
        let roles = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) -> PatternRole in
            let tag = try reader.int()
            let signal = try reader.int()
            guard (0..<signalCount).contains(signal) else {
                throw CacheFormatError(reason: "pattern of signal \(signal)")
            }
            switch tag {
            case 0: return .fires(signal: signal)
            case 1: return .vetoes(signal: signal)
            case 2: return .concept(signal: signal)
            default: throw CacheFormatError(reason: "pattern role \(tag)")
            }
        }
        let locations = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in try reader.location()
        }
        let matcher = try PhraseMatcher(from: &reader)
        guard roles.count == matcher.patternCount, locations.count == matcher.patternCount else {
            throw CacheFormatError(reason: "\(roles.count) pattern roles for \(matcher.patternCount) patterns")
        }
        return (roles, locations, matcher)
    }

    /// Writes a detector compiled apart (a scenario's own signals); false when it holds what is not kept
    /// (a model, or extensions of its own).
    func cacheBytes(into writer: inout CacheWriter) -> Bool {
        guard model == nil, extensions.isEmpty else { return false }
        writer.write(signals) { $0.write($1) }
        writePatterns(to: &writer)
        return true
    }

    /// Reads a detector written by ``cacheBytes(into:)``.
    static func cached(from reader: inout CacheReader) throws(CacheFormatError) -> SignalDetector {
        let signals = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in try reader.signal() }
        let (roles, locations, matcher) = try readPatterns(from: &reader, signalCount: signals.count)
        return SignalDetector(signals: signals, matcher: matcher, roles: roles, locations: locations)
    }
}
