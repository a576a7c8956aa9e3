package dev.shard.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import dev.shard.gateway.Compression;
import dev.shard.gateway.ShardSelection;
import dev.shard.gateway.ShutdownMode;
import dev.shard.model.ActivityType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the Discord Gateway client, under {@code discord}. {@link #toString()} never shows
 * the token.
 *
 * @param enabled Whether to connect the shards automatically when the application context starts.
 * @param token Bot token from the Developer Portal (with or without the "Bot " prefix).
 * @param apiBaseUrl Base URL of the Discord REST API, used for gateway discovery.
 * @param gateway Gateway connection settings.
 * @param discovery Gateway discovery (GET /gateway/bot) retry settings.
 */
@ConfigurationProperties("discord")
public record DiscordProperties(@DefaultValue("true") boolean enabled, @Nullable String token,
		@DefaultValue("https://discord.com/api/v10") URI apiBaseUrl, @DefaultValue Gateway gateway,
		@DefaultValue Discovery discovery) {

	/**
	 * Gateway discovery: {@code GET /gateway/bot} is retried without limit at start-up (only a rejected token stops
	 * it), waiting {@code retry_after} after a 429 and otherwise a backoff that doubles from the initial to the
	 * maximum delay, with jitter.
	 *
	 * @param initialBackoff Wait before the first retry of a failed GET /gateway/bot.
	 * @param maxBackoff Longest wait between two retries of GET /gateway/bot.
	 */
	public record Discovery(@DefaultValue("1s") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff) {

	}

	@Override
	public String toString() {
		return "DiscordProperties[enabled=" + this.enabled + ", token=" + ((this.token != null) ? "[redacted]" : "null")
				+ ", apiBaseUrl=" + this.apiBaseUrl + ", gateway=" + this.gateway + ", discovery=" + this.discovery + "]";
	}

	/**
	 * Gateway connection settings.
	 *
	 * @param url Gateway URL to connect to instead of the one discovered through GET /gateway/bot.
	 * @param intents Gateway intents: names such as GUILDS and GUILD_MESSAGES, a number, or "auto" to compute the
	 * minimum from the event types that have listeners.
	 * @param compression Transport compression: zlib-stream, zstd-stream (needs zstd-jni) or none.
	 * @param shards Sharding settings.
	 * @param largeThreshold Member count above which a guild is sent without its offline members (50 to 250).
	 * @param presence Presence sent with Identify.
	 * @param eventBufferSize Dispatches buffered per shard before it stops reading the socket. While the listeners
	 * are behind, the buffered dispatches are already bound to their events, which takes a few times the memory of
	 * the raw frames.
	 * @param shutdown How the shards close when the application stops: "resumable" keeps the sessions (saved in the
	 * session store) for the next start to resume, "final" closes with 1000 and ends them, so the bot goes offline at
	 * once. Unset: "resumable" when a session store is active (session-store.type, or coordination=redis), else
	 * "final", since a session kept nowhere cannot be resumed and would only linger online.
	 * @param sessionStore Where sessions are kept between runs so that a restart resumes instead of identifying.
	 * @param resharding Re-sharding while the bot stays online.
	 * @param shutdownTimeout Maximum time to wait for the shards to close when the application stops.
	 * @param readiness Whether the application's readiness state stays REFUSING_TRAFFIC until every shard of this
	 * process is connected.
	 * @param helloTimeout Time one connection attempt may take from the start of the TCP connect until Hello (the
	 * WebSocket upgrade included).
	 * @param readyTimeout Time to wait for READY or RESUMED after Identify or Resume (not counted while reads are
	 * paused because the event buffer is full).
	 * @param sessionResumeWindow How long after its last connection ended a session is still resumed; older
	 * sessions (also saved ones) identify instead. Discord only documents "a few minutes".
	 * @param maxInboundMessageSize Maximum size of one inbound message, on the wire and after inflating.
	 * @param reconnect Reconnect backoff settings.
	 * @param invalidSessionDelayMin Lower bound of the random wait after a non-resumable Invalid Session.
	 * @param invalidSessionDelayMax Upper bound of the random wait after a non-resumable Invalid Session.
	 * @param identifyWindow Length of one identify rate-limit window per bucket.
	 * @param inlineDelivery Whether to call the event listeners directly on the socket's I/O thread instead of
	 * handing dispatches to a worker thread. Lower latency; only for listeners that never block and return quickly,
	 * since they then delay reading and heartbeats of the other shards on that I/O thread.
	 * @param deliveryThreads Threads that call the event listeners (each shard uses one of them, in order); unset
	 * means the JVM-wide default of max(2, available processors). A listener that blocks holds up the other shards on
	 * its thread, so raise this for blocking listeners. Not used with inline delivery.
	 */
	public record Gateway(@Nullable URI url, @DefaultValue("auto") List<String> intents,
			@DefaultValue("zlib-stream") Compression compression, @DefaultValue Shards shards,
			@DefaultValue("50") int largeThreshold, @DefaultValue PresenceProperties presence,
			@DefaultValue("1024") int eventBufferSize, @Nullable ShutdownMode shutdown,
			@DefaultValue SessionStoreSettings sessionStore, @DefaultValue Resharding resharding,
			@DefaultValue("30s") Duration shutdownTimeout, @DefaultValue("true") boolean readiness,
			@DefaultValue("20s") Duration helloTimeout, @DefaultValue("60s") Duration readyTimeout,
			@DefaultValue("5m") Duration sessionResumeWindow,
			@DefaultValue("64MB") DataSize maxInboundMessageSize, @DefaultValue Reconnect reconnect,
			@DefaultValue("1s") Duration invalidSessionDelayMin, @DefaultValue("5s") Duration invalidSessionDelayMax,
			@DefaultValue("5s") Duration identifyWindow, @DefaultValue("false") boolean inlineDelivery,
			@Nullable Integer deliveryThreads) {

	}

	/**
	 * Where the shards' sessions are kept between runs, so that a restarted application (or the next instance of a
	 * rolling deploy) resumes them instead of identifying again, and is handed the events of the gap.
	 *
	 * @param type Where sessions are kept: "none", "memory" (this JVM only: survives a DevTools restart), "file" (a
	 * directory, with a lock per shard), "jdbc" (a table of the application's DataSource) or "redis" (with
	 * coordination=redis, which implies it). Unset: "redis" with coordination=redis, "memory" when Spring Boot
	 * DevTools is on the classpath, otherwise "none".
	 * @param checkpointInterval How often a changed session is saved in the background. A process that crashes
	 * replays at most this much on its next start; a graceful stop saves the exact position.
	 * @param checkpointEvery Also save a shard's session after this many of its dispatches.
	 * @param lockWait How long a starting shard waits for another process to release its session (e.g. the old
	 * instance of a rolling deploy on the same host) before it identifies a new session instead.
	 * @param file File store settings.
	 * @param jdbc JDBC store settings.
	 */
	public record SessionStoreSettings(@Nullable SessionStoreType type, @DefaultValue("5s") Duration checkpointInterval,
			@DefaultValue("1000") int checkpointEvery, @DefaultValue("60s") Duration lockWait,
			@DefaultValue FileStore file, @DefaultValue JdbcStore jdbc) {

	}

	/**
	 * Re-sharding while the bot stays online: the new layout connects beside the old one and takes over once ready,
	 * each event delivered once. Needs a process that runs all shards (shards.ids=all).
	 *
	 * @param enabled Whether to re-shard by itself: at once when Discord closes a shard with 4011 (sharding
	 * required), and when the recommended count grows (with shards.total=auto).
	 * @param checkInterval How often GET /gateway/bot is asked whether it recommends more shards (only with
	 * shards.total=auto).
	 * @param timeout How long the new layout may take to be ready before the re-shard is given up.
	 * @param guildWait How long to wait, once every new shard is READY, for the guilds READY announced.
	 */
	public record Resharding(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration checkInterval,
			@DefaultValue("10m") Duration timeout, @DefaultValue("1m") Duration guildWait) {

	}

	/**
	 * File store settings.
	 *
	 * @param directory Directory of the session and lock files, one pair per shard; relative paths are relative to
	 * the working directory. Must not be shared by two different bots.
	 */
	public record FileStore(@DefaultValue(".shard/sessions") String directory) {

	}

	/**
	 * JDBC store settings.
	 *
	 * @param tableName Table of the sessions, one row per shard.
	 * @param initializeSchema Whether to create the table at start-up if it does not exist (scripts for PostgreSQL,
	 * MariaDB and MySQL are in the jar under dev/shard/autoconfigure/session).
	 */
	public record JdbcStore(@DefaultValue("discord_gateway_session") String tableName,
			@DefaultValue("false") boolean initializeSchema) {

	}

	/**
	 * Sharding settings.
	 *
	 * @param total Total number of shards of the bot: "auto" for Discord's recommendation, or a number.
	 * @param ids Shard ids this process runs: "all", a range such as "0-15", or a list such as "0,3".
	 */
	public record Shards(@DefaultValue("auto") String total, @DefaultValue("all") List<String> ids) {

		/**
		 * The total shard count as a number.
		 * @return the count, empty for "auto"
		 * @throws InvalidConfigurationPropertyValueException if it is neither "auto" nor a number of at least 1
		 */
		public OptionalInt determineTotal() {
			if (this.total == null || this.total.isBlank() || this.total.trim().equalsIgnoreCase("auto")) {
				return OptionalInt.empty();
			}
			try {
				int n = Integer.parseInt(this.total.trim());
				if (n >= 1) {
					return OptionalInt.of(n);
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new InvalidConfigurationPropertyValueException("discord.gateway.shards.total", this.total,
					"Must be 'auto' or a number of at least 1.");
		}

		/**
		 * The shard ids this process runs.
		 * @return the selection
		 * @throws InvalidConfigurationPropertyValueException if they cannot be parsed
		 */
		public ShardSelection determineIds() {
			try {
				return ShardSelection.parse(String.join(",", this.ids));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException("discord.gateway.shards.ids",
						String.join(",", this.ids), ex.getMessage());
			}
		}

	}

	/**
	 * Presence sent with Identify.
	 *
	 * @param status Online status: online, idle, dnd or invisible.
	 * @param activity Activity shown under the bot's name.
	 */
	public record PresenceProperties(@DefaultValue("online") String status, @DefaultValue Activity activity) {

	}

	/**
	 * Activity shown under the bot's name. Not sent unless a name is set.
	 *
	 * @param type Activity type: playing, streaming, listening, watching, custom or competing.
	 * @param name Activity name.
	 * @param state Custom status text (type custom).
	 * @param url Stream URL (type streaming).
	 */
	public record Activity(@DefaultValue("playing") ActivityType type, @Nullable String name, @Nullable String state,
			@Nullable String url) {

	}

	/**
	 * Reconnect backoff: exponential with full jitter, capped.
	 *
	 * @param initialDelay Delay ceiling before the first retry.
	 * @param maxDelay Maximum delay between retries.
	 * @param multiplier Growth of the delay ceiling per failed attempt.
	 */
	public record Reconnect(@DefaultValue("1s") Duration initialDelay, @DefaultValue("60s") Duration maxDelay,
			@DefaultValue("2.0") double multiplier) {

	}

}
