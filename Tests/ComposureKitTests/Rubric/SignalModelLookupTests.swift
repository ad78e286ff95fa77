import Foundation
import Testing

@testable import ComposureKit

/// Grading finds a reply's words and features in the signal model through ``SignalModel/Lookup``; these tests
/// hold it to the model's own dictionaries (`vocabulary`, `features`, `featureList`), read the way grading
/// read them before the look-up tables.
@Suite struct SignalModelLookupTests {
    /// `present(in:)` as it was: every token through `vocabulary`, every key through `features`, each feature
    /// once at its first occurrence, in feature order.
    static func referencePresent(_ model: SignalModel, in text: TokenizedText) -> [(feature: Int, tokens: Range<Int>)] {
        var first: [Int: Range<Int>] = [:]
        SignalModel.forEachFeature(in: text, unit: { model.vocabulary[$0] }) { key, tokens in
            if let feature = model.features[key], first[feature] == nil { first[feature] = tokens }
        }
        return first.sorted { $0.key < $1.key }.map { (feature: $0.key, tokens: $0.value) }
    }

    /// Each head's probability as `read` worked it out over `featureList`, in the same order of additions.
    static func referenceProbabilities(_ model: SignalModel, in text: TokenizedText) -> [Double] {
        var sums = model.heads.map(\.bias)
        for (feature, _) in referencePresent(model, in: text) {
            for weight in model.featureList[feature].weights { sums[weight.head] += weight.value }
        }
        return sums.map { 1 / (1 + exp(-$0)) }
    }

    @Test func everyLabelledTextHasTheFeaturesAndProbabilitiesTheDictionariesGive() throws {
        let model = try #require(ScalingTests.core?.model)
        let texts = try StartAutomatonTests.labelledTexts()
        #expect(texts.count > 1_000, "the labelled sets were not found in \(StartAutomatonTests.fixtures.path)")
        var features = 0
        for (file, id, text) in texts {
            let tokenized = Tokenizer.tokenize(text)
            let expected = Self.referencePresent(model, in: tokenized)
            let found = model.present(in: tokenized)
            #expect(found.map(\.feature) == expected.map(\.feature), "\(file) \(id): \(text.debugDescription)")
            #expect(found.map(\.tokens) == expected.map(\.tokens), "\(file) \(id): \(text.debugDescription)")
            #expect(
                model.read(tokenized).map(\.probability) == Self.referenceProbabilities(model, in: tokenized),
                "\(file) \(id): \(text.debugDescription)")
            features += found.count
        }
        #expect(features > 10 * texts.count, "the core model should find many features in the labelled replies")
    }

    @Test func everyWordAndKeyOfTheCoreModelIsFoundAsInItsDictionaries() throws {
        let model = try #require(ScalingTests.core?.model)
        for (word, number) in model.vocabulary {
            #expect(model.lookup.lemma(of: word) == number, "\(word.debugDescription)")
        }
        for (key, feature) in model.features {
            #expect(model.lookup.feature(forKey: key) == feature, "key \(key)")
        }
        // Words and keys the model does not have.
        for word in ["", "zzzzqx", "refundz", "a b", "caf\u{E9}x"] {
            #expect(model.lookup.lemma(of: word) == model.vocabulary[word], "\(word.debugDescription)")
        }
        let lemmas = model.vocabulary.values.max() ?? 0
        for first in stride(from: 0, through: lemmas + 2, by: 97) {
            for second in stride(from: 1, through: lemmas + 2, by: 89) {
                let pair = SignalModel.key(pair: first, second)
                #expect(model.lookup.feature(forKey: pair) == model.features[pair], "pair \(first) \(second)")
            }
            for key in [SignalModel.key(unigram: first), SignalModel.key(opening: first)] {
                #expect(model.lookup.feature(forKey: key) == model.features[key], "key \(key)")
            }
        }
    }

    /// Words that are not ASCII compare as strings do: `café` typed with a combining accent is the model's
    /// `café`, and a word spelt with the kelvin sign (U+212A, canonically the letter K) is found by its ASCII
    /// spelling, as the dictionary finds it.
    @Test func wordsThatAreNotASCIICompareAsStringsDo() throws {
        let model = try SignalModel(
            parsing: """
                signal\ts\t0\t0.5
                weight\tw:caf\u{E9}\ts\t1
                weight\tw:\u{212A}ilo\ts\t1
                weight\tw:plain\ts\t1
                weight\tb:caf\u{E9} plain\ts\t1
                lemma\tcaf\u{E9}s\tcaf\u{E9}

                """, file: "unicode.model")
        for word in ["caf\u{E9}", "cafe\u{301}", "caf\u{E9}s", "cafe\u{301}s", "Kilo", "\u{212A}ilo", "plain", "kilo"] {
            #expect(model.lookup.lemma(of: word) == model.vocabulary[word], "\(word.debugDescription)")
        }
        #expect(model.lookup.lemma(of: "Kilo") != nil)
        let text = Tokenizer.tokenize("Cafe\u{301}s plain, plain caf\u{E9}.")
        #expect(model.present(in: text).map(\.feature) == Self.referencePresent(model, in: text).map(\.feature))
        #expect(model.present(in: text).map(\.tokens) == Self.referencePresent(model, in: text).map(\.tokens))
    }
}
