import Foundation

/// Commented starting files for trainers: a scenario and a rubric that already pass `lint` and `test`.
///
/// `composure new scenario NAME` and `composure new rubric NAME` write them; every key of the format is
/// explained in a comment, so the file is its own quick reference. See `Docs/authoring.md`.
package enum Templates {
    /// What a template makes.
    package enum Kind: String, Sendable, CaseIterable {
        case scenario
        case rubric

        /// The folder such files live in, relative to the project: `Scenarios` or `Rubrics`.
        package var folder: String {
            switch self {
            case .scenario: "Scenarios"
            case .rubric: "Rubrics"
            }
        }
    }

    /// The template of `kind` with its id set to `id`.
    package static func text(for kind: Kind, id: String) -> String {
        switch kind {
        case .scenario: scenario(id: id)
        case .rubric: rubric(id: id)
        }
    }

    /// Why `name` cannot be an id, or nil when it can: lower-case letters, digits, `_` and `-`, as the loaders
    /// require of rubric, signal and criterion ids (and as scenario ids are written, being file names).
    package static func problem(withID name: String) -> String? {
        if name.isEmpty { return "the name is empty" }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return "'\(name)': give the name without '.yaml'; it becomes the file name and the id"
        }
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        if !allowed { return "'\(name)' is not a valid id: use lower-case letters, digits, '_' and '-'" }
        if name.hasPrefix("-") { return "'\(name)' is not a valid id: it must not start with '-'" }
        return nil
    }

    /// Writes the template of `kind` as `folder/ID.yaml`, creating the folder if needed; never overwrites.
    ///
    /// - Returns: The path written.
    /// - Throws: ``DiagnosticError`` when the id is not valid, the file already exists, or it cannot be written.
    package static func create(_ kind: Kind, id: String, in folder: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent(id + ".yaml")
        if let problem = problem(withID: id) {
            throw DiagnosticError([Diagnostic(file: path, line: 0, column: 0, message: problem)])
        }
        if FileManager.default.fileExists(atPath: path) {
            throw DiagnosticError([
                Diagnostic(
                    file: path, line: 0, column: 0,
                    message: "already exists; not overwritten (choose another name, or remove the file first)")
            ])
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // `.withoutOverwriting`: a file that appeared since the check above is still not replaced.
            let text = text(for: kind, id: id, schema: schemaReference(for: kind, in: folder))
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw DiagnosticError([
                Diagnostic(file: path, line: 0, column: 0, message: "cannot write: \(error.localizedDescription)")
            ])
        }
        return path
    }

    /// A human title made from an id: `late-parcel` → `Late parcel`.
    static func title(from id: String) -> String {
        let words = id.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

extension Templates {
    /// The scenario template: a late parcel, graded with the core rubric; four beats, three endings, three tests.
    package static func scenario(id: String) -> String {
        """
        # yaml-language-server: $schema=../Docs/schema/scenario.schema.json
        #
        # A scenario: a scripted irate customer. Made by `composure new scenario`; edit freely.
        # The first line lets editors with yaml-language-server check and complete this file
        # (fix the path if the file lives elsewhere). Docs/authoring.md walks through it all.
        #
        #   composure test Scenarios/\(id).yaml     run the tests at the bottom
        #   composure lint Scenarios/\(id).yaml     find mistakes and dead rules
        #   composure graph \(id) --format mermaid  draw the beats
        #   composure play \(id)                    play it yourself

        # The id: use the file name without .yaml.
        id: \(id)
        # A title for the menu and reports (default: the id).
        title: The parcel that never came
        # easy, medium or hard; shown in the menu.
        difficulty: easy
        # The rubric that grades the replies, by id (core = Rubrics/core.yaml) or path.
        # Every signal named below (effects, transitions) must be one of its signals.
        rubric: core
        # What the trainee reads before the customer speaks: the facts, and what they may offer.
        briefing: >
          Priya ordered a birthday present ten days ago with next-day delivery. The
          tracking page has said "out for delivery" for a week: our courier lost it.
          You can send a replacement today by express courier, or refund her.

        # Who the customer is. channel is one of public_review, social, public_post
        # (these three are public: the core rubric then expects you to move it offline),
        # phone, email, chat or in_store.
        persona:
          name: Priya
          product: a birthday present with next-day delivery
          channel: chat

        # Facts of the case, graded as context. company_at_fault: yes opens the core
        # rubric's ownership criterion (take responsibility); no or unknown do not.
        facts:
          company_at_fault: yes

        # Anger, from 0 (calm) to 100 (gone).
        mood:
          start: 70          # anger before the first reply
          calm_below: 30     # below this she counts as calmed (colours the meter in play)
          walk_out_at: 100   # at or above this after a reply she walks out, whatever the rules say
          walk_out: gone     # the ending used when she walks out
          per_turn: 3        # added after every reply: patience wearing thin
          hollow: 4          # added by a reply with nothing of substance (default 4)
          repeat: 10         # added by a reply that repeats an earlier one (default 10)
          # undo: [blame]    # a reply holding one of these calms nothing ("sorry, but you should have...")

        # How much each signal found in a reply moves anger (negative calms; once per reply).
        effects:
          empathy: -15
          apology: -15
          ownership: -10
          solution: -15
          follow_up: -10
          non_apology: 15
          blame: 25
          insult: 40
          threat: 40
          shouting: 20
          courier_blame: 15

        # Scenario knowledge: what only this situation knows, as signals in the rubric's
        # pattern language (Docs/patterns.md). They work wherever the rubric's do:
        # effects, transitions, criteria, explain --scenario, /why. lint checks their examples.
        signals:
          courier_blame:
            description: pinning it on the courier, as if the courier were not ours to answer for
            any:
              - '(the|our)? courier *4 (fault|to blame|problem|not us|not ours|not our)'
              - '(not|nothing to do with) (our|us|my) (fault|doing|end)'
            examples:
              fire:
                - "That's the courier's fault, not ours."
                - "It's a courier problem, nothing to do with us."
              silent:
                - "Our courier lost it, and that's on us."
        # Refinements of the rubric's criteria here: forbid, fatal, expect, discount, allow
        # and until add to its lists; when replaces its condition (a sales call owes no apology:
        # `apology: {when: at_fault}`); feedback replaces its wording (the card's "Try:" and /hint).
        criteria:
          ownership:
            forbid: [courier_blame]
            feedback:
              example: "Our courier lost it, and that's on us. I'm sorry."

        # The beat the conversation starts in.
        start: complaint
        # The most replies before it ends on its own, at the timeout ending.
        max_turns: 8
        timeout: gone

        # Beats: the stages of the conversation. Each has the customer's line (variants,
        # one chosen by the seeded generator) and transitions tried in order after each
        # reply; the first whose conditions all hold is taken.
        #
        # Conditions (all of a transition's must hold):
        #   if: [a, b]          every one of these signals is in this reply
        #   any: [a, b]         at least one is in this reply
        #   unless: [a, b]      none is in this reply
        #   never: [a]          none has been in any reply so far
        #   ever: [a]           each has been in some reply so far
        #   earlier: [a]        each was in a reply before this one (news or a repeat?)
        #   mood: ">= 90"       anger after this reply (quote comparisons: < <= > >= == !=)
        #   turns: ">= 6"       replies so far
        #   beat_turns: ">= 2"  replies in this beat
        #   repeat: true        this reply repeats an earlier one
        #   hollow: true        nothing in this reply calmed her
        # Targets: goto: BEAT_OR_ENDING (needs a condition), or else: BEAT_OR_ENDING as the
        # last rule, with no conditions. say: "..." is a line she says first, reacting.
        # A line that only fits after something was said takes conditions too:
        #   - {ever: [courier_blame], say: "And it's your courier, not mine."}
        beats:
          complaint:
            customer:
              - "My parcel was due a week ago and the tracking has said 'out for delivery' for days. Where is it?"
              - "Ten days and still no parcel. It's a birthday present. What is going on?"
            next:
              - {any: [blame, insult, threat], goto: gone}
              - {any: [courier_blame], goto: pushing, say: "I didn't order from the courier. I ordered from you."}
              - {if: [apology], any: [solution], goto: calmer}
              - {any: [apology, empathy], goto: listening}
              - {else: pushing}
          listening:
            customer:
              - "Okay, thank you. But what are you actually going to do about it?"
              - "Fine. Sorry doesn't get me a present, though. What happens now?"
            next:
              - {any: [blame, insult, threat], goto: gone}
              - {never: [ownership], any: [solution], goto: calmer,
                 say: "You could at least admit your courier lost it."}
              - {any: [solution], goto: calmer}
              - {else: pushing}
          pushing:
            customer:
              - "That's it? I asked where my parcel is. I want an answer, not a script."
              - "You're not listening. The birthday is on Saturday."
              - {ever: [courier_blame], say: "Whoever's courier it is, the birthday is on Saturday."}
            next:
              - {any: [blame, insult, threat], goto: gone}
              - {any: [solution], goto: calmer}
              - {any: [apology, empathy], goto: listening}
              - {mood: ">= 90", goto: gone}
              - {else: pushing}
          calmer:
            customer:
              - "Right. And when will I know it's actually on its way?"
              - "Okay. How will I know it's sorted this time?"
            next:
              - {any: [blame, insult, threat], goto: gone}
              - {any: [follow_up], goto: sorted}
              - {beat_turns: ">= 2", goto: grudging}
              - {else: calmer}

        # Endings: an outcome (resolved, lost, escalated or cancelled) and her last line.
        # Beat and ending ids share one namespace.
        endings:
          sorted:
            outcome: resolved
            customer:
              - "Thank you. That's all I wanted. I'll look out for the email."
              - "Great, thanks for sorting it. I'll watch for the tracking number."
          grudging:
            outcome: escalated
            customer:
              - "I'll believe it when I see it. I'm asking for a manager if it's late again."
              - "Fine. But I want someone senior to know about this."
          gone:
            outcome: lost
            customer:
              - "Forget it. I'm cancelling the order and shopping somewhere else."
              - "I'm done. I'll be telling my friends to avoid you."

        # Tests: scripted replies and what they must lead to; `composure test` runs them.
        # expect: ending, outcome, beats (visited in this order), criteria (criterion
        # id: pass, fail or not_applicable). seed: picks the line variants (default 1).
        # More tests can go in \(id).test.yaml beside this file, under `tests:`.
        tests:
          - name: empathy, an apology and a replacement, then a time, sort it out
            replies:
              - "I'm so sorry, Priya; I can see how upsetting that is with the birthday on
                Saturday. That's on us: our courier lost it. I'll send a replacement today
                by express courier."
              - "I'll email you the tracking number by 5pm today."
            expect:
              ending: sorted
              outcome: resolved
              beats: [complaint, calmer]
              criteria: {empathy: pass, apology: pass, ownership: pass, follow_up: pass, keep_cool: pass}
          - name: blaming her ends it
            replies:
              - "The courier says you weren't in, so that's on you."
            expect:
              ending: gone
              outcome: lost
              criteria: {keep_cool: fail}
          - name: a fix without a time to come back gets a grudging truce
            seed: 2
            replies:
              - "I can see how upsetting that is."
              - "I'll send a replacement today."
              - "It will be with you soon."
              - "Okay."
            expect:
              ending: grudging
              outcome: escalated
              beats: [complaint, listening, calmer]
              criteria: {follow_up: fail}
          - name: pinning it on the courier fails ownership
            replies:
              - "I'm sorry, the courier lost it. It's a courier problem, nothing to do with us."
              - "Like I said, that's on the courier, not us."
            expect:
              beats: [complaint, pushing]
              ending: gone
              criteria: {ownership: fail}

        """
    }

    /// The rubric template: a concept, a context, three signals with examples and two criteria.
    package static func rubric(id: String) -> String {
        """
        # yaml-language-server: $schema=../Docs/schema/rubric.schema.json
        #
        # A rubric: what a reply is checked for (signals) and what a conversation is
        # scored on (criteria). Made by `composure new rubric`; edit freely.
        # Docs/authoring.md explains every key; Docs/patterns.md the pattern language.
        #
        #   composure lint Rubrics/\(id).yaml                 check it, examples included
        #   composure explain "reply" --rubric Rubrics/\(id).yaml   see which signals a reply fires

        # The id (lower-case letters, digits, '_' and '-'): keep it the same as the file name.
        id: \(id)
        # A title for reports (default: the id).
        title: \(title(from: id))
        # Free text or a number, for your own bookkeeping.
        version: 1
        # Free text.
        description: Empathy for an upset customer, and a cool head.

        scoring:
          # The highest overall score (0-100) once a fatal rule is broken; such a score is
          # scaled into 0 to this. Default 25.
          fatal_cap: 25

        # Concepts: named word sets, usable in any pattern as {name}. Each entry is a
        # pattern: words, (a|b) alternatives, optional (a|b)?, prefixes frustrat*, a gap *.
        concepts:
          feeling:
            - frustrat*
            - upset*
            - annoy*
            - stress*
            - (a|such a) hassle

        # Contexts: when a criterion applies (its `when`). Each has exactly one of
        #   channel: [public_review, social, ...]   the conversation's channel is one of these
        #   customer_signal: [signal, ...]          a customer line fired one of these (opens there)
        #   fact: company_at_fault                  the fact is true (yes, true, 1 or y)
        # `always` is built in.
        contexts:
          angry:
            customer_signal: [complaint]

        # Signals: detectors over one reply, by id. Keys:
        #   side: agent (default), customer or both    whose lines are read
        #   any: [patterns]        fires when one matches
        #   unless: [patterns]     a match vetoes the signal in that sentence
        #   vetoed_by: [signals]   one of these firing in a sentence vetoes it there
        #   yields_to: [signals]   one of these overrides it only where their words overlap
        #   include: [signals]     their evidence counts as this signal's too
        #   builtin: {kind: shouting, caps_run: 3, caps_ratio: 0.6, minimum_words: 4, exclamations: 3}
        #            or {kind: reflection, concept: feeling, minimum_shared: 1}
        #   examples: {fire: [...], silent: [...]}   replies that must / must not fire it; lint checks them
        signals:
          empathy:
            side: agent
            description: acknowledges the customer's feelings or situation
            any:
              - (i|we) (can|completely|totally)? (see|understand|imagine) (why|how)? *4 {feeling}
              - (that|this) (is|sounds|must be) (so|really)? {feeling}
            unless:
              - (not|never) (that|so|really)? {feeling}
            examples:
              fire:
                - I can see how frustrating that is.
                - That sounds really stressful.
              silent:
                - Please send me your order number.
                - It's not that annoying, surely.

          insult:
            side: agent
            description: disparages the customer
            any:
              - (idiot|stupid|moron*|pathetic)
              - your (poor|lack of) *2 (impulse control|common sense|manners)
            examples:
              fire:
                - Don't be stupid.
                - Your poor impulse control is showing.
              silent:
                - I'll look into it right away.

          complaint:
            side: customer
            description: the customer is upset or complains
            any:
              - (useless|rubbish|ridiculous|unacceptable|not good enough)
              - "{feeling}"
            examples:
              fire:
                - This is useless.
                - I'm so frustrated with this order.
              silent:
                - Hi, a quick question about my order.

        # Criteria: what a whole conversation is scored on. The weights add up to 100.
        #   when: always (default), a context, or not/and/or of them: (angry or public) and not cancel
        #   discount: [signals]   expect evidence inside one of these does not count (stock phrases)
        #   expect: [signals]   one must appear in an agent reply once the context opened
        #   within: N           ... in the first N replies after it opened
        #   then: [signals]     one must appear at or after the expected one
        #   forbid: [signals]   none may appear once the context opened
        #   fatal: true         a forbidden signal caps the overall score (or a list of them)
        #   feedback: pass (shown on a pass), miss (on a miss), example (better wording;
        #             lint checks that it passes and that a mutation of it fails)
        criteria:
          - id: empathy
            title: Empathy
            weight: 60
            when: angry
            expect: [empathy]
            within: 2
            feedback:
              pass: You acknowledged how the customer feels before fixing anything.
              miss: Acknowledge the customer's feelings early, in your own words.
              example: I can see how frustrating that is. Let me sort it out now.

          - id: keep_cool
            title: Keep your cool
            weight: 40
            when: always
            forbid: [insult]
            fatal: true
            feedback:
              pass: You stayed calm and professional.
              miss: However rude the customer is, never insult them.
              example: I hear you, and I want to get this fixed today.

        """
    }
}
