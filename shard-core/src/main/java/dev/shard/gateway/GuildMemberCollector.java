package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Matches
 * <a href="https://discord.com/developers/docs/events/gateway-events#guild-members-chunk">GUILD_MEMBERS_CHUNK</a> and
 * <a href="https://discord.com/developers/docs/events/gateway-events#rate-limited">RATE_LIMITED</a> dispatches to
 * pending Request Guild Members by nonce. It sees them through {@link #tap(ShardSink) a tap} on each shard's sink, and
 * only parses those two dispatch types, and only while a request is pending.
 */
final class GuildMemberCollector {

	private static final String CHUNK = "GUILD_MEMBERS_CHUNK";

	private static final String RATE_LIMITED = "RATE_LIMITED";

	private static final Logger logger = LoggerFactory.getLogger(GuildMemberCollector.class);

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final JsonMapper mapper;

	// Nonces must be at most 32 bytes: a random per-process prefix keeps several processes of one bot apart.
	private final String noncePrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);

	private final AtomicLong counter = new AtomicLong();

	GuildMemberCollector(JsonMapper mapper) {
		this.mapper = mapper;
	}

	String nextNonce() {
		return this.noncePrefix + "." + Long.toString(this.counter.incrementAndGet(), 36);
	}

	Pending register(long guildId, String nonce, MonoSink<GuildMembers> sink) {
		Pending p = new Pending(guildId, nonce, sink);
		this.pending.put(nonce, p);
		return p;
	}

	void remove(String nonce) {
		this.pending.remove(nonce);
	}

	/** Look at one dispatch of interest; never throws. */
	void inspect(GatewayDispatch dispatch) {
		if (this.pending.isEmpty()) {
			return;
		}
		try {
			JsonNode d = this.mapper.readTree(dispatch.frame()).get("d");
			if (d == null || !d.isObject()) {
				return;
			}
			if (CHUNK.equals(dispatch.type())) {
				onChunk(d);
			}
			else if (RATE_LIMITED.equals(dispatch.type())) {
				onRateLimited(d);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Shard {}: could not read {} (s={}): {}", dispatch.shardId(), dispatch.type(),
					dispatch.sequence(), ex.toString());
		}
	}

	private void onChunk(JsonNode d) {
		JsonNode nonce = d.get("nonce");
		if (nonce == null || !nonce.isString()) {
			return;
		}
		Pending p = this.pending.get(nonce.asString());
		if (p != null) {
			p.onChunk(d);
		}
	}

	private void onRateLimited(JsonNode d) {
		if (d.path("opcode").asInt(-1) != Opcode.REQUEST_GUILD_MEMBERS.code()) {
			return;
		}
		Duration retryAfter = Duration.ofNanos((long) (Math.max(0, d.path("retry_after").asDouble(0)) * 1e9));
		JsonNode meta = d.path("meta");
		JsonNode nonce = meta.get("nonce");
		Pending p = null;
		if (nonce != null && nonce.isString()) {
			p = this.pending.get(nonce.asString());
		}
		else {
			// No nonce echoed: blame the oldest request for that guild that has no chunk yet.
			String guild = meta.path("guild_id").asString("");
			for (Pending candidate : this.pending.values()) {
				if (Long.toUnsignedString(candidate.guildId).equals(guild) && candidate.received == 0
						&& (p == null || candidate.seq < p.seq)) {
					p = candidate;
				}
			}
		}
		if (p != null) {
			this.pending.remove(p.nonce);
			p.sink.error(new MemberRequestRateLimitedException(p.guildId, retryAfter));
		}
	}

	/**
	 * Wrap a shard's sink so that this collector sees member chunks and RATE_LIMITED before it does; the sink still
	 * receives them if it wants them.
	 * @param sink the user's sink
	 * @return the tapped sink
	 */
	ShardSink tap(ShardSink sink) {
		return new TappingSink(sink);
	}

	/** One request waiting for chunks. */
	final class Pending {

		private final long guildId;

		private final String nonce;

		private final MonoSink<GuildMembers> sink;

		private final long seq = GuildMemberCollector.this.counter.get();

		private JsonNode[] chunks;

		private int received;

		Pending(long guildId, String nonce, MonoSink<GuildMembers> sink) {
			this.guildId = guildId;
			this.nonce = nonce;
			this.sink = sink;
		}

		synchronized int received() {
			return this.received;
		}

		synchronized int chunkCount() {
			return (this.chunks != null) ? this.chunks.length : 0;
		}

		private void onChunk(JsonNode d) {
			GuildMembers done = null;
			synchronized (this) {
				int count = d.path("chunk_count").asInt(0);
				int index = d.path("chunk_index").asInt(-1);
				if (count < 1 || index < 0 || index >= count) {
					logger.warn("Ignoring a GUILD_MEMBERS_CHUNK with chunk_index {} of chunk_count {}", index, count);
					return;
				}
				if (this.chunks == null) {
					this.chunks = new JsonNode[count];
				}
				else if (this.chunks.length != count) {
					logger.warn("GUILD_MEMBERS_CHUNK chunk_count changed from {} to {}; ignored", this.chunks.length,
							count);
					return;
				}
				if (this.chunks[index] != null) {
					return;
				}
				this.chunks[index] = d;
				this.received++;
				if (this.received == count) {
					done = assemble();
				}
			}
			if (done != null) {
				GuildMemberCollector.this.pending.remove(this.nonce);
				this.sink.success(done);
			}
		}

		private GuildMembers assemble() {
			List<JsonNode> members = new ArrayList<>();
			List<JsonNode> presences = new ArrayList<>();
			List<String> notFound = new ArrayList<>();
			for (JsonNode chunk : this.chunks) {
				chunk.path("members").forEach(members::add);
				chunk.path("presences").forEach(presences::add);
				chunk.path("not_found").forEach((id) -> notFound.add(id.asString()));
			}
			return new GuildMembers(this.guildId, this.nonce, members, presences, notFound, this.chunks.length);
		}

	}

	/** Sees member chunks and RATE_LIMITED before the user's sink does. */
	private final class TappingSink implements ShardSink {

		private final ShardSink delegate;

		TappingSink(ShardSink delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			onDispatch(dispatch, null);
		}

		@Override
		public void onDispatch(GatewayDispatch dispatch, Object prepared) {
			String type = dispatch.type();
			if (CHUNK.equals(type) || RATE_LIMITED.equals(type)) {
				inspect(dispatch);
				if (!this.delegate.wants(type)) {
					return;
				}
			}
			this.delegate.onDispatch(dispatch, prepared);
		}

		@Override
		public Object prepare(GatewayDispatch dispatch) {
			// a chunk or rate limit only the collector wants is not the delegate's to prepare
			return this.delegate.wants(dispatch.type()) ? this.delegate.prepare(dispatch) : null;
		}

		@Override
		public boolean wants(String type) {
			return this.delegate.wants(type) || CHUNK.equals(type) || RATE_LIMITED.equals(type);
		}

		@Override
		public boolean nonBlocking() {
			// the chunk inspection above never blocks
			return this.delegate.nonBlocking();
		}

	}

}
