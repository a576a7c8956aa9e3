package dev.shard.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gateway discovery over REST: {@code GET /gateway/bot} (with the bot token) and {@code GET /gateway} (without).
 * <p>
 * {@code 401} fails at once with {@link TokenRejectedException}. {@code 429} and {@code 5xx} (and connection
 * failures) are retried a bounded number of times: after a 429 the wait is the {@code retry_after} of the JSON
 * body or the {@code Retry-After} header, otherwise an exponential backoff with jitter. The gateway URL is cached
 * (Discord asks clients to reuse it until it stops working); the shard count and the budget are not, since they
 * change as the bot grows.
 * <p>
 * {@link #gatewayBotUntilAnswered(RetryListener)} is the variant a long-running bot starts with: it retries every
 * failure but a {@code 401} without limit (an API outage at start-up must not leave the process running with no
 * shard), and reports each failed attempt so that health checks can show why nothing is connected yet.
 */
public final class GatewayDiscovery {

	/** Discord's REST base. */
	public static final String DEFAULT_API_BASE = "https://discord.com/api/v10";

	private static final Logger logger = LoggerFactory.getLogger(GatewayDiscovery.class);

	private static final String USER_AGENT = "DiscordBot (https://github.com/shard-dev/shard, 0.1.0)";

	private static final byte[] EMPTY = new byte[0];

	private static final Duration MIN_RETRY_DELAY = Duration.ofMillis(50);

	private final String apiBase;

	private final String token;

	private final HttpClient httpClient;

	private final JsonMapper jsonMapper;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration maxRetryAfter;

	private final Duration requestTimeout;

	private final Scheduler scheduler;

	private final AtomicReference<URI> cachedUrl = new AtomicReference<>();

	private GatewayDiscovery(Builder b) {
		this.apiBase = stripTrailingSlash(b.apiBase);
		this.token = b.token;
		this.httpClient = (b.httpClient != null) ? b.httpClient : HttpClient.create();
		this.jsonMapper = (b.jsonMapper != null) ? b.jsonMapper : JsonMapper.builder().build();
		this.maxAttempts = b.maxAttempts;
		this.initialBackoff = b.initialBackoff;
		this.maxBackoff = b.maxBackoff;
		this.maxRetryAfter = b.maxRetryAfter;
		this.requestTimeout = b.requestTimeout;
		this.scheduler = (b.scheduler != null) ? b.scheduler : Schedulers.parallel();
	}

	/**
	 * A builder; {@code token} may be {@code null} when only {@link #gateway()} is used.
	 * @param token the bot token, with or without the {@code Bot } prefix
	 * @return the builder
	 */
	public static Builder builder(String token) {
		return new Builder(token);
	}

	/** {@code GET /gateway/bot}: URL, recommended shard count and session-start limit. Caches the URL. */
	public Mono<GatewayBot> gatewayBot() {
		if (this.token == null) {
			return Mono.error(new IllegalStateException("GET /gateway/bot needs a bot token"));
		}
		return request("/gateway/bot", true).map(this::parseGatewayBot).doOnNext((bot) -> this.cachedUrl.set(bot.url()));
	}

	/**
	 * {@code GET /gateway/bot}, retried without limit until it answers: only {@code 401}
	 * ({@link TokenRejectedException}) ends it. Connection failures, timeouts, {@code 5xx}, an unexpected status or
	 * body are retried after a capped exponential backoff with jitter ({@link Builder#backoff}); a {@code 429} after
	 * its {@code retry_after}, however long (Discord asks for exactly that wait). Each failure is told to
	 * {@code listener} with the wait before the next attempt. {@link Builder#maxAttempts} and
	 * {@link Builder#maxRetryAfter} do not apply.
	 * @param listener told of every failed attempt (on the HTTP or timer thread; must not block)
	 * @return the answer
	 */
	public Mono<GatewayBot> gatewayBotUntilAnswered(RetryListener listener) {
		Objects.requireNonNull(listener, "listener");
		if (this.token == null) {
			return Mono.error(new IllegalStateException("GET /gateway/bot needs a bot token"));
		}
		return request("/gateway/bot", true, listener).map(this::parseGatewayBot)
			.doOnNext((bot) -> this.cachedUrl.set(bot.url()));
	}

	/** {@code GET /gateway} (no authentication): the URL only. Caches it. */
	public Mono<URI> gateway() {
		return request("/gateway", false).map((body) -> parseUrl(body, "/gateway")).doOnNext(this.cachedUrl::set);
	}

	/** The cached URL if there is one, otherwise fetched ({@code /gateway/bot} with a token, else {@code /gateway}). */
	public Mono<URI> gatewayUrl() {
		return Mono.defer(() -> {
			URI cached = this.cachedUrl.get();
			if (cached != null) {
				return Mono.just(cached);
			}
			return (this.token != null) ? gatewayBot().map(GatewayBot::url) : gateway();
		});
	}

	/** The URL from the last successful call, if any. */
	public Optional<URI> cachedUrl() {
		return Optional.ofNullable(this.cachedUrl.get());
	}

	/** Forget the cached URL (it stopped working), so that the next {@link #gatewayUrl()} asks again. */
	public void invalidateUrl() {
		this.cachedUrl.set(null);
	}

	private Mono<JsonNode> request(String path, boolean authenticated) {
		return request(path, authenticated, null);
	}

	/** {@code untilAnswered} null: bounded retries of transient failures; else every failure but 401, forever. */
	private Mono<JsonNode> request(String path, boolean authenticated, RetryListener untilAnswered) {
		String uri = this.apiBase + path;
		HttpClient client = this.httpClient.headers((headers) -> {
			headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
			headers.set(HttpHeaderNames.ACCEPT, "application/json");
			if (authenticated) {
				headers.set(HttpHeaderNames.AUTHORIZATION, "Bot " + this.token);
			}
		});
		Mono<JsonNode> attempt = Mono.defer(() -> client.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(EMPTY)
				.map((bytes) -> handle(path, response.status().code(), response.responseHeaders(), bytes)))
			.timeout(this.requestTimeout, this.scheduler));
		if (untilAnswered != null) {
			// The answer is parsed inside the retried Mono, so a body that is not the documented JSON is retried too.
			Mono<JsonNode> parsed = ("/gateway/bot".equals(path))
					? attempt.doOnNext(this::parseGatewayBot) : attempt;
			return parsed.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
				Throwable failure = signal.failure();
				long attempts = signal.totalRetries() + 1;
				if (failure instanceof TokenRejectedException || failure instanceof Error) {
					return Mono.error(failure);
				}
				// a floor, so that a server answering retry_after 0 again and again is not hammered
				Duration delay = max(delay(failure, signal.totalRetries()), MIN_RETRY_DELAY);
				logger.warn("GET {} failed ({}); attempt {} in {} ms", path, describe(failure), attempts + 1,
						delay.toMillis());
				try {
					untilAnswered.onRetry(failure, attempts, delay);
				}
				catch (RuntimeException ex) {
					logger.warn("Discovery retry listener failed", ex);
				}
				return Mono.delay(delay, this.scheduler);
			})));
		}
		return attempt.retryWhen(Retry.from((signals) -> signals.concatMap((signal) -> {
			Throwable failure = signal.failure();
			long attempts = signal.totalRetries() + 1;
			if (!isRetryable(failure)) {
				return Mono.error(failure);
			}
			int status = (failure instanceof RetryableResponse r) ? r.status : 0;
			if (attempts >= this.maxAttempts) {
				return Mono.error(new GatewayDiscoveryException("GET " + path + " failed after " + attempts
						+ " attempts: " + describe(failure), status, failure));
			}
			Duration delay = delay(failure, signal.totalRetries());
			if (delay.compareTo(this.maxRetryAfter) > 0) {
				return Mono.error(new GatewayDiscoveryException("GET " + path + " is rate limited for " + delay
						+ ", longer than the allowed wait of " + this.maxRetryAfter, status, failure));
			}
			logger.warn("GET {} failed ({}); attempt {} of {} in {} ms", path, describe(failure), attempts + 1,
					this.maxAttempts, delay.toMillis());
			return Mono.delay(delay, this.scheduler);
		})));
	}

	private JsonNode handle(String path, int status, HttpHeaders headers, byte[] body) {
		if (status >= 200 && status < 300) {
			try {
				return this.jsonMapper.readTree(body);
			}
			catch (JacksonException ex) {
				throw new GatewayDiscoveryException("GET " + path + " returned a body that is not JSON", status, ex);
			}
		}
		if (status == 401) {
			throw new TokenRejectedException("GET " + path
					+ " answered 401 Unauthorized: the bot token was rejected (wrong, or reset by Discord)");
		}
		if (status == 429) {
			throw new RetryableResponse(status, retryAfter(headers, body));
		}
		if (status >= 500) {
			throw new RetryableResponse(status, null);
		}
		throw new GatewayDiscoveryException("GET " + path + " answered HTTP " + status + ": " + snippet(body), status);
	}

	/** {@code retry_after} (float seconds) from the JSON body, else the {@code Retry-After} header. */
	private Duration retryAfter(HttpHeaders headers, byte[] body) {
		try {
			JsonNode node = this.jsonMapper.readTree(body);
			JsonNode retryAfter = (node != null) ? node.get("retry_after") : null;
			if (retryAfter != null && retryAfter.isNumber()) {
				return seconds(retryAfter.asDouble());
			}
		}
		catch (JacksonException ex) {
			// fall back to the header
		}
		String header = headers.get("Retry-After");
		if (header == null) {
			header = headers.get("X-RateLimit-Reset-After");
		}
		if (header != null) {
			try {
				return seconds(Double.parseDouble(header.trim()));
			}
			catch (NumberFormatException ex) {
				logger.debug("Ignoring a Retry-After that is not a number of seconds: {}", header);
			}
		}
		return null;
	}

	private Duration delay(Throwable failure, long retriesSoFar) {
		if (failure instanceof RetryableResponse r && r.retryAfter != null) {
			return r.retryAfter;
		}
		long ceiling = Math.min(this.maxBackoff.toNanos(),
				this.initialBackoff.toNanos() << Math.min(retriesSoFar, 20));
		// Half fixed, half random: spreads many processes without ever retrying at once.
		return Duration.ofNanos(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static boolean isRetryable(Throwable failure) {
		return failure instanceof RetryableResponse || failure instanceof IOException
				|| failure instanceof TimeoutException;
	}

	/**
	 * A short description of a failed attempt (status, or exception type and message); never holds the token.
	 * @param failure what an attempt failed with
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		if (failure instanceof RetryableResponse r) {
			return "HTTP " + r.status + ((r.retryAfter != null) ? ", retry_after " + r.retryAfter : "");
		}
		if (failure instanceof GatewayException) {
			return failure.getMessage();
		}
		return failure.getClass().getSimpleName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

	private GatewayBot parseGatewayBot(JsonNode body) {
		URI url = parseUrl(body, "/gateway/bot");
		JsonNode shards = body.get("shards");
		JsonNode limit = body.get("session_start_limit");
		if (shards == null || !shards.canConvertToInt() || limit == null || !limit.isObject()) {
			throw new GatewayDiscoveryException("GET /gateway/bot returned no shards or session_start_limit", 200);
		}
		try {
			SessionStartLimit sessionStartLimit = new SessionStartLimit(intField(limit, "total"),
					intField(limit, "remaining"), Duration.ofMillis(limit.path("reset_after").asLong(0)),
					Math.max(1, limit.path("max_concurrency").asInt(1)));
			return new GatewayBot(url, shards.asInt(), sessionStartLimit);
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayDiscoveryException("GET /gateway/bot returned invalid values: " + ex.getMessage(), 200,
					ex);
		}
	}

	private static int intField(JsonNode node, String name) {
		JsonNode value = node.get(name);
		if (value == null || !value.canConvertToInt()) {
			throw new IllegalArgumentException("session_start_limit." + name + " missing");
		}
		return value.asInt();
	}

	private static URI parseUrl(JsonNode body, String path) {
		JsonNode url = (body != null) ? body.get("url") : null;
		if (url == null || !url.isString() || url.asString().isBlank()) {
			throw new GatewayDiscoveryException("GET " + path + " returned no url", 200);
		}
		try {
			return URI.create(stripTrailingSlash(url.asString()));
		}
		catch (IllegalArgumentException ex) {
			throw new GatewayDiscoveryException("GET " + path + " returned an invalid url", 200, ex);
		}
	}

	private static Duration seconds(double seconds) {
		return Duration.ofNanos((long) (Math.max(0, seconds) * 1_000_000_000L));
	}

	private static String snippet(byte[] body) {
		String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
		return text.isEmpty() ? "(empty body)" : text;
	}

	private static String stripTrailingSlash(String s) {
		return (s.endsWith("/")) ? s.substring(0, s.length() - 1) : s;
	}

	@Override
	public String toString() {
		return "GatewayDiscovery[apiBase=" + this.apiBase + ", token=" + ((this.token != null) ? "[redacted]" : "none")
				+ "]";
	}

	/** Told of each failed attempt of {@link #gatewayBotUntilAnswered}. */
	@FunctionalInterface
	public interface RetryListener {

		/**
		 * An attempt failed and another follows.
		 * @param failure what it failed with ({@link #describe(Throwable)} gives a safe description)
		 * @param attempts attempts made so far
		 * @param nextAttemptIn the wait before the next one
		 */
		void onRetry(Throwable failure, long attempts, Duration nextAttemptIn);

	}

	/** A 429 or 5xx; retried. Internal: it never escapes {@link #request}. */
	private static final class RetryableResponse extends RuntimeException {

		private final int status;

		private final Duration retryAfter;

		RetryableResponse(int status, Duration retryAfter) {
			super("HTTP " + status, null, false, false);
			this.status = status;
			this.retryAfter = retryAfter;
		}

	}

	/** Builder of {@link GatewayDiscovery}. */
	public static final class Builder {

		private final String token;

		private String apiBase = DEFAULT_API_BASE;

		private HttpClient httpClient;

		private JsonMapper jsonMapper;

		private int maxAttempts = 5;

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofSeconds(30);

		private Duration maxRetryAfter = Duration.ofSeconds(60);

		private Duration requestTimeout = Duration.ofSeconds(10);

		private Scheduler scheduler;

		private Builder(String token) {
			// trimmed: a secret file's trailing newline would otherwise make every call a 401
			this.token = (token == null || token.isBlank()) ? null : ShardConfig.Builder.bareToken(token);
		}

		/** The REST base including the version, e.g. {@code https://discord.com/api/v10}. */
		public Builder apiBase(String apiBase) {
			this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
			return this;
		}

		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Attempts in all, the first included (default 5), of {@link GatewayDiscovery#gatewayBot()} and
		 * {@link GatewayDiscovery#gateway()}; {@link GatewayDiscovery#gatewayBotUntilAnswered} (what the shard
		 * manager uses) has no bound.
		 */
		public Builder maxAttempts(int maxAttempts) {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("maxAttempts must be at least 1");
			}
			this.maxAttempts = maxAttempts;
			return this;
		}

		/** Backoff after a 5xx or a connection failure: doubles from {@code initial} up to {@code max}. */
		public Builder backoff(Duration initial, Duration max) {
			this.initialBackoff = Objects.requireNonNull(initial, "initial");
			this.maxBackoff = Objects.requireNonNull(max, "max");
			return this;
		}

		/**
		 * A {@code retry_after} longer than this fails instead of waiting (default 60 s); not for
		 * {@link GatewayDiscovery#gatewayBotUntilAnswered}, which waits it out.
		 */
		public Builder maxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
			return this;
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
			return this;
		}

		/** The scheduler of the waits between attempts (virtual time in tests). */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		public GatewayDiscovery build() {
			return new GatewayDiscovery(this);
		}

	}

}
