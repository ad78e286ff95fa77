import GRDB

/// The store's schema, as named, append-only migrations.
///
/// Never edit or reorder a migration that has shipped: add a new one. A database
/// whose applied migrations include one this list lacks was made by a newer
/// Composure and is refused rather than misread.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sessions-and-batches") { db in
            try db.execute(
                sql: """
                    CREATE TABLE trainee (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        created_at DATETIME NOT NULL
                    );
                    CREATE TABLE session (
                        id INTEGER PRIMARY KEY,
                        trainee_id INTEGER NOT NULL REFERENCES trainee(id),
                        scenario_id TEXT NOT NULL,
                        scenario_title TEXT NOT NULL,
                        rubric_id TEXT NOT NULL,
                        rubric_hash TEXT NOT NULL,
                        seed INTEGER NOT NULL,
                        mode TEXT NOT NULL,
                        started_at DATETIME NOT NULL,
                        ended_at DATETIME,
                        outcome TEXT,
                        ending TEXT,
                        score INTEGER,
                        capped BOOLEAN NOT NULL DEFAULT 0,
                        transcript_path TEXT
                    );
                    CREATE INDEX session_by_trainee ON session(trainee_id, started_at);
                    CREATE INDEX session_by_scenario ON session(scenario_id, started_at);
                    CREATE TABLE turn (
                        id INTEGER PRIMARY KEY,
                        session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        idx INTEGER NOT NULL,
                        role TEXT NOT NULL,
                        text TEXT NOT NULL,
                        signals TEXT NOT NULL,
                        mood_after INTEGER,
                        beat TEXT,
                        reply_seconds REAL,
                        created_at DATETIME NOT NULL,
                        UNIQUE(session_id, idx)
                    );
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        rubric_id TEXT NOT NULL,
                        rubric_hash TEXT NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE TABLE conversation (
                        id INTEGER PRIMARY KEY,
                        batch_id INTEGER NOT NULL REFERENCES batch(id),
                        external_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        channel TEXT,
                        score INTEGER NOT NULL,
                        capped BOOLEAN NOT NULL,
                        rubric_hash TEXT NOT NULL,
                        UNIQUE(rubric_hash, external_id, content_hash)
                    );
                    CREATE INDEX conversation_by_batch ON conversation(batch_id);
                    """)
            try db.execute(
                sql: """
                    CREATE TABLE criterion_result (
                        id INTEGER PRIMARY KEY,
                        session_id INTEGER REFERENCES session(id) ON DELETE CASCADE,
                        conversation_id INTEGER REFERENCES conversation(id) ON DELETE CASCADE,
                        criterion TEXT NOT NULL,
                        title TEXT NOT NULL,
                        verdict TEXT NOT NULL,
                        score INTEGER,
                        weight INTEGER NOT NULL,
                        evidence TEXT NOT NULL,
                        feedback TEXT NOT NULL,
                        CHECK ((session_id IS NULL) <> (conversation_id IS NULL))
                    );
                    CREATE INDEX criterion_by_session ON criterion_result(session_id);
                    CREATE INDEX criterion_by_conversation ON criterion_result(conversation_id);
                    """)
        }
        migrator.registerMigration("v2-session-tool-version") { db in
            // Which Composure played the session, beside the rubric hash, so old scores stay explainable.
            try db.execute(sql: "ALTER TABLE session ADD COLUMN tool_version TEXT")
        }
        migrator.registerMigration("v3-batch-links") { db in
            // A conversation is stored once and linked to every batch that contained it; before, a
            // batch held only the conversations no earlier batch had stored (a re-run after an
            // interruption, a month's file after its weeks). `conversation.batch_id` stays: the
            // batch that first stored it. The link's id orders the links as they were made.
            // A batch's state: 'grading' while `grade --store` runs (and after a kill),
            // 'complete', or 'interrupted' (Ctrl-C, a store error). Batches stored before this
            // migration recorded no state and count as complete.
            try db.execute(
                sql: """
                    CREATE TABLE batch_conversation (
                        id INTEGER PRIMARY KEY,
                        batch_id INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
                        conversation_id INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
                        UNIQUE(batch_id, conversation_id)
                    );
                    CREATE INDEX batch_conversation_by_conversation ON batch_conversation(conversation_id);
                    INSERT INTO batch_conversation (batch_id, conversation_id)
                        SELECT batch_id, id FROM conversation ORDER BY id;
                    ALTER TABLE batch ADD COLUMN state TEXT NOT NULL DEFAULT 'complete';
                    """)
        }
        migrator.registerMigration("v4-conversation-attribution") { db in
            // Who handled a graded conversation and when (`meta` agent, team, time): reports group a
            // batch per agent and per ISO week and order its trends by time. The channel has been kept
            // since v1. Conversations stored before this migration have none, and count as unattributed
            // and undated.
            try db.execute(
                sql: """
                    ALTER TABLE conversation ADD COLUMN agent TEXT;
                    ALTER TABLE conversation ADD COLUMN team TEXT;
                    ALTER TABLE conversation ADD COLUMN started_at DATETIME;
                    CREATE INDEX conversation_by_agent ON conversation(agent);
                    """)
        }
        migrator.registerMigration("v5-criterion-fatal") { db in
            // Whether a criterion result broke a fatal requirement (its failure capped the score): reports list
            // a trainee's weakest criteria fatal first, then by weight, so a fatal keep-your-cool failure is
            // not hidden behind three criteria at 0 %. Results stored before it count as not fatal.
            try db.execute(sql: "ALTER TABLE criterion_result ADD COLUMN fatal INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v6-calibration") { db in
            // `calibrate --store`: one row per run with its headline figures, one per criterion with kappa and
            // alpha (for queries), and `figures`, the whole calibration without its disagreements as JSON
            // (`CalibrationRecord`), which `report` renders. No conversation text is kept; the texts that
            // are kept (file names, the raters' names, notes) are redacted when they are written.
            try db.execute(
                sql: """
                    CREATE TABLE calibration_run (
                        id INTEGER PRIMARY KEY,
                        created_at DATETIME NOT NULL,
                        rubric_id TEXT NOT NULL,
                        rubric_hash TEXT NOT NULL,
                        input TEXT NOT NULL,
                        human_source TEXT NOT NULL,
                        matched INTEGER NOT NULL,
                        rho REAL,
                        raters_score_alpha REAL,
                        figures TEXT NOT NULL
                    );
                    CREATE INDEX calibration_by_rubric ON calibration_run(rubric_id, created_at);
                    CREATE TABLE calibration_criterion (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES calibration_run(id) ON DELETE CASCADE,
                        criterion TEXT NOT NULL,
                        n INTEGER NOT NULL,
                        agreement REAL,
                        kappa REAL,
                        raters_alpha REAL,
                        grader_vs_consensus_alpha REAL,
                        UNIQUE(run_id, criterion)
                    );
                    """)
        }
        return migrator
    }

    /// The schema's version as SQLite's `user_version`: the number of migrations.
    ///
    /// ``Store`` writes it after migrating and refuses a file whose `user_version` is higher:
    /// a newer Composure may mark its schema there and not only by a migration name.
    static var schemaVersion: Int { migrator.migrations.count }
}
