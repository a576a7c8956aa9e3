-- Sessions of the shards of dev.shard.autoconfigure.session.JdbcSessionStore, one row per shard: a saved session
-- (session_id NULL: none), a lock (lock_owner NULL: none), or both. Times are epoch milliseconds.
CREATE TABLE IF NOT EXISTS discord_gateway_session (
	shard_id     INTEGER       NOT NULL PRIMARY KEY,
	session_id   VARCHAR(255),
	resume_url   VARCHAR(1024),
	seq          BIGINT,
	shard_count  INTEGER,
	intents      BIGINT,
	saved_at     BIGINT,
	lock_owner   VARCHAR(255),
	lock_expires BIGINT
);
