package dev.shard.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Immutable configuration of a shard. Build with {@link #builder(String)}. The token never appears in
 * {@link #toString()}.
 */
public final class ShardConfig {

	/** Discord's outbound payload limit. */
	public static final int MAX_OUTBOUND_PAYLOAD = 4096;

	private final String token;

	private final long intents;

	private final URI gatewayUrl;

	private final int apiVersion;

	private final Compression compression;

	private final int largeThreshold;

	private final IdentifyProperties identifyProperties;

	private final UpdatePresence presence;

	private final Backoff reconnectBackoff;

	private final Duration helloTimeout;

	private final Duration readyTimeout;

	private final Duration sessionResumeWindow;

	private final Duration invalidSessionDelayMin;

	private final Duration invalidSessionDelayMax;

	private final int maxInboundMessageSize;

	private final int eventBufferSize;

	private final boolean zombieDetection;

	private final int maxConcurrency;

	private final boolean allowInsecureGateway;

	private final JsonMapper jsonMapper;

	private final ShardObserver observer;

	private final DeliveryThreads deliveryThreads;

	private ShardConfig(Builder b) {
		this.token = b.token;
		this.intents = b.intents;
		this.gatewayUrl = b.gatewayUrl;
		this.apiVersion = b.apiVersion;
		this.compression = b.compression;
		this.largeThreshold = b.largeThreshold;
		this.identifyProperties = b.identifyProperties;
		this.presence = b.presence;
		this.reconnectBackoff = b.reconnectBackoff;
		this.helloTimeout = b.helloTimeout;
		this.readyTimeout = b.readyTimeout;
		this.sessionResumeWindow = b.sessionResumeWindow;
		this.invalidSessionDelayMin = b.invalidSessionDelayMin;
		this.invalidSessionDelayMax = b.invalidSessionDelayMax;
		this.maxInboundMessageSize = b.maxInboundMessageSize;
		this.eventBufferSize = b.eventBufferSize;
		this.zombieDetection = b.zombieDetection;
		this.maxConcurrency = b.maxConcurrency;
		this.allowInsecureGateway = b.allowInsecureGateway;
		this.jsonMapper = (b.jsonMapper != null) ? b.jsonMapper : JsonMapper.builder().build();
		this.observer = b.observer;
		this.deliveryThreads = b.deliveryThreads;
	}

	public static Builder builder(String token) {
		return new Builder(token);
	}

	/** A builder pre-filled with this configuration. */
	public Builder toBuilder() {
		Builder b = new Builder(this.token);
		b.intents = this.intents;
		b.gatewayUrl = this.gatewayUrl;
		b.apiVersion = this.apiVersion;
		b.compression = this.compression;
		b.largeThreshold = this.largeThreshold;
		b.identifyProperties = this.identifyProperties;
		b.presence = this.presence;
		b.reconnectBackoff = this.reconnectBackoff;
		b.helloTimeout = this.helloTimeout;
		b.readyTimeout = this.readyTimeout;
		b.sessionResumeWindow = this.sessionResumeWindow;
		b.invalidSessionDelayMin = this.invalidSessionDelayMin;
		b.invalidSessionDelayMax = this.invalidSessionDelayMax;
		b.maxInboundMessageSize = this.maxInboundMessageSize;
		b.eventBufferSize = this.eventBufferSize;
		b.zombieDetection = this.zombieDetection;
		b.maxConcurrency = this.maxConcurrency;
		b.allowInsecureGateway = this.allowInsecureGateway;
		b.jsonMapper = this.jsonMapper;
		b.observer = this.observer;
		b.deliveryThreads = this.deliveryThreads;
		return b;
	}

	/** The raw bot token (no {@code Bot } prefix). Never log it. */
	public String token() {
		return this.token;
	}

	public long intents() {
		return this.intents;
	}

	/** The discovery gateway URL (e.g. {@code wss://gateway.discord.gg}) without query parameters. */
	public URI gatewayUrl() {
		return this.gatewayUrl;
	}

	public int apiVersion() {
		return this.apiVersion;
	}

	public Compression compression() {
		return this.compression;
	}

	public int largeThreshold() {
		return this.largeThreshold;
	}

	public IdentifyProperties identifyProperties() {
		return this.identifyProperties;
	}

	/** The initial presence sent in Identify, or {@code null}. */
	public UpdatePresence presence() {
		return this.presence;
	}

	public Backoff reconnectBackoff() {
		return this.reconnectBackoff;
	}

	public Duration helloTimeout() {
		return this.helloTimeout;
	}

	public Duration readyTimeout() {
		return this.readyTimeout;
	}

	/** How long after its last connection ended a session is still worth resuming (see the builder). */
	public Duration sessionResumeWindow() {
		return this.sessionResumeWindow;
	}

	/**
	 * Lower bound of the random wait after op 9 before identifying again (Discord: 1 s, see
	 * <a href="https://discord.com/developers/docs/events/gateway-events#invalid-session">Invalid Session</a>).
	 */
	public Duration invalidSessionDelayMin() {
		return this.invalidSessionDelayMin;
	}

	/**
	 * Upper bound of the random wait after op 9 before identifying again (Discord: 5 s, see
	 * <a href="https://discord.com/developers/docs/events/gateway-events#invalid-session">Invalid Session</a>).
	 */
	public Duration invalidSessionDelayMax() {
		return this.invalidSessionDelayMax;
	}

	/** Cap on one inbound message, on the wire and after inflating (refuses decompression bombs). */
	public int maxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	/** Undelivered dispatches buffered per shard before it stops reading the socket. */
	public int eventBufferSize() {
		return this.eventBufferSize;
	}

	public boolean zombieDetection() {
		return this.zombieDetection;
	}

	/** {@code max_concurrency} from {@code /gateway/bot}: the identify bucket is {@code shardId % maxConcurrency}. */
	public int maxConcurrency() {
		return this.maxConcurrency;
	}

	/** Whether a plain {@code ws://} URL to a non-loopback host is allowed. */
	public boolean allowInsecureGateway() {
		return this.allowInsecureGateway;
	}

	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * The threads of one's own that call the sink off the I/O thread, if any were given.
	 * @return the threads, or empty when the shards share the default
	 */
	public Optional<DeliveryThreads> deliveryThreads() {
		return Optional.ofNullable(this.deliveryThreads);
	}

	/** The threads that call the sink off the I/O thread: one's own, or the shared default. */
	DeliveryThreads lanes() {
		return (this.deliveryThreads != null) ? this.deliveryThreads : DeliveryThreads.shared();
	}

	public ShardObserver observer() {
		return this.observer;
	}

	/**
	 * The check of every duration setting that must be above zero (here and in the builders of
	 * {@code shard-cluster}).
	 * @param duration the value
	 * @param name the setting's name, for the message
	 * @return the value
	 * @throws IllegalArgumentException if it is {@code null}, zero or negative
	 */
	public static Duration requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return duration;
	}

	@Override
	public String toString() {
		return "ShardConfig[token=[redacted], intents=" + this.intents + ", gatewayUrl=" + this.gatewayUrl
				+ ", apiVersion=" + this.apiVersion + ", compression=" + this.compression + ", largeThreshold="
				+ this.largeThreshold + ", maxConcurrency=" + this.maxConcurrency + ", eventBufferSize="
				+ this.eventBufferSize + "]";
	}

	/**
	 * The {@code properties} object of Identify.
	 *
	 * @param os the operating system
	 * @param browser the library name
	 * @param device the library name
	 */
	public record IdentifyProperties(String os, String browser, String device) {

		public static IdentifyProperties defaults() {
			return new IdentifyProperties(System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT),
					"shard", "shard");
		}

	}

	/**
	 * Exponential backoff with full jitter between failed connection attempts.
	 *
	 * @param initial first delay
	 * @param max cap
	 * @param multiplier growth per failed attempt
	 */
	public record Backoff(Duration initial, Duration max, double multiplier) {

		public Backoff {
			Objects.requireNonNull(initial, "initial");
			Objects.requireNonNull(max, "max");
			if (multiplier < 1) {
				throw new IllegalArgumentException("multiplier must be at least 1");
			}
		}

		/** Upper bound of the delay before attempt {@code attempt} (0-based); the actual delay is random below it. */
		public Duration ceiling(int attempt) {
			double nanos = this.initial.toNanos() * Math.pow(this.multiplier, Math.min(attempt, 62));
			return (nanos >= this.max.toNanos()) ? this.max : Duration.ofNanos((long) nanos);
		}

	}

	/** Builder of {@link ShardConfig}. */
	public static final class Builder {

		private final String token;

		private long intents = 513;

		private URI gatewayUrl = URI.create("wss://gateway.discord.gg");

		private int apiVersion = 10;

		private Compression compression = Compression.ZLIB_STREAM;

		private int largeThreshold = 50;

		private IdentifyProperties identifyProperties = IdentifyProperties.defaults();

		private UpdatePresence presence;

		private Backoff reconnectBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0);

		private Duration helloTimeout = Duration.ofSeconds(20);

		private Duration readyTimeout = Duration.ofSeconds(60);

		private Duration sessionResumeWindow = Duration.ofMinutes(5);

		private Duration invalidSessionDelayMin = Duration.ofSeconds(1);

		private Duration invalidSessionDelayMax = Duration.ofSeconds(5);

		private int maxInboundMessageSize = 64 * 1024 * 1024;

		private int eventBufferSize = 1024;

		private boolean zombieDetection = true;

		private int maxConcurrency = 1;

		private boolean allowInsecureGateway;

		private JsonMapper jsonMapper;

		private ShardObserver observer = ShardObserver.NONE;

		private DeliveryThreads deliveryThreads;

		private Builder(String token) {
			if (token == null || token.isBlank()) {
				throw new IllegalArgumentException("A bot token is required");
			}
			this.token = bareToken(token);
		}

		/**
		 * The token as Discord expects it: surrounding whitespace removed (a secret file or environment variable
		 * often ends with a newline, which Discord would reject with 4004) and no {@code Bot } prefix.
		 * @param token the token as given
		 * @return the bare token
		 */
		static String bareToken(String token) {
			String t = token.strip();
			return t.startsWith("Bot ") ? t.substring(4).strip() : t;
		}

		public Builder intents(long intents) {
			if (intents < 0) {
				throw new IllegalArgumentException("intents must not be negative");
			}
			this.intents = intents;
			return this;
		}

		public Builder gatewayUrl(String url) {
			return gatewayUrl(URI.create(url));
		}

		public Builder gatewayUrl(URI url) {
			this.gatewayUrl = Objects.requireNonNull(url, "gatewayUrl");
			return this;
		}

		public Builder apiVersion(int apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		public Builder compression(Compression compression) {
			this.compression = Objects.requireNonNull(compression, "compression");
			return this;
		}

		public Builder largeThreshold(int largeThreshold) {
			if (largeThreshold < 50 || largeThreshold > 250) {
				throw new IllegalArgumentException("largeThreshold must be between 50 and 250, was " + largeThreshold);
			}
			this.largeThreshold = largeThreshold;
			return this;
		}

		public Builder identifyProperties(IdentifyProperties properties) {
			this.identifyProperties = Objects.requireNonNull(properties, "identifyProperties");
			return this;
		}

		public Builder presence(UpdatePresence presence) {
			this.presence = presence;
			return this;
		}

		public Builder reconnectBackoff(Backoff backoff) {
			this.reconnectBackoff = Objects.requireNonNull(backoff, "reconnectBackoff");
			return this;
		}

		/**
		 * How long one connection attempt may take from the start of the TCP connect until Hello arrives (the
		 * WebSocket upgrade included), so a peer that accepts TCP and never answers cannot hold the shard.
		 */
		public Builder helloTimeout(Duration timeout) {
			this.helloTimeout = requirePositive(timeout, "helloTimeout");
			return this;
		}

		public Builder readyTimeout(Duration timeout) {
			this.readyTimeout = requirePositive(timeout, "readyTimeout");
			return this;
		}

		/**
		 * A session whose last connection ended longer ago than this is not resumed: the shard identifies at once
		 * instead of trying a resume that would only earn an op 9. Discord documents only that sessions stay
		 * resumable for "a few minutes"
		 * (<a href="https://discord.com/developers/docs/events/gateway#resuming">Resuming</a>); the default of 5
		 * minutes errs on the side of trying, since a resume that works loses no event.
		 */
		public Builder sessionResumeWindow(Duration window) {
			this.sessionResumeWindow = requirePositive(window, "sessionResumeWindow");
			return this;
		}

		/**
		 * The random wait after op 9 before a new identify; Discord says 1-5 s
		 * (<a href="https://discord.com/developers/docs/events/gateway-events#invalid-session">Invalid Session</a>).
		 * Shorten only for tests.
		 */
		public Builder invalidSessionDelay(Duration min, Duration max) {
			if (min.isNegative() || max.compareTo(min) < 0) {
				throw new IllegalArgumentException("invalidSessionDelay needs 0 <= min <= max");
			}
			this.invalidSessionDelayMin = min;
			this.invalidSessionDelayMax = max;
			return this;
		}

		public Builder maxInboundMessageSize(int bytes) {
			if (bytes < 4096) {
				throw new IllegalArgumentException("maxInboundMessageSize must be at least 4096 bytes");
			}
			this.maxInboundMessageSize = bytes;
			return this;
		}

		public Builder eventBufferSize(int size) {
			if (size < 1) {
				throw new IllegalArgumentException("eventBufferSize must be at least 1");
			}
			this.eventBufferSize = size;
			return this;
		}

		public Builder zombieDetection(boolean enabled) {
			this.zombieDetection = enabled;
			return this;
		}

		public Builder maxConcurrency(int maxConcurrency) {
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("maxConcurrency must be at least 1");
			}
			this.maxConcurrency = maxConcurrency;
			return this;
		}

		public Builder allowInsecureGateway(boolean allow) {
			this.allowInsecureGateway = allow;
			return this;
		}

		public Builder jsonMapper(JsonMapper mapper) {
			this.jsonMapper = mapper;
			return this;
		}

		public Builder observer(ShardObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Threads of one's own that call the sink off the I/O thread, shared with other shards (close them after
		 * the shards stop); without them shards share a default pool of {@code max(2, processors)} threads. Not
		 * used for a {@link ShardSink#nonBlocking() non-blocking} sink.
		 */
		public Builder deliveryThreads(DeliveryThreads threads) {
			this.deliveryThreads = Objects.requireNonNull(threads, "threads");
			return this;
		}

		public ShardConfig build() {
			return new ShardConfig(this);
		}

	}

}
