package dev.shard.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * The lease protocol of one instance in Redis: its heartbeat in the instance set, and the shard leases it claims,
 * renews and releases. Every change is one Lua script, so that it is atomic; a lease holds
 * {@code <instanceId>:<token>}, the token coming from {@code INCR <prefix>:lease-fence:<shard>} (a fencing token,
 * also written with every session checkpoint so a former owner cannot overwrite the new owner's).
 * <p>
 * Keys: {@code <prefix>:instances} (sorted set, score = expiry), {@code <prefix>:instance:<id>} and
 * {@code <prefix>:lease:<shard>} (both with a TTL of {@code leaseTtl}), {@code <prefix>:lease-fence:<shard>}, and
 * the {@link ShardLayout} in {@code <prefix>:layout}; leases of a layout generation after the first live under
 * {@code <prefix>:g<generation>:lease:<shard>} (and its fence).
 */
final class RedisLeases {

	// KEYS: instances zset, instance key. ARGV: id, ttl ms. Reply: live ids, comma separated.
	static final String HEARTBEAT_SCRIPT = """
			local t = redis.call('TIME')
			local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
			redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
			redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
			return table.concat(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf'), ',')
			""";

	// KEYS: lease keys. ARGV: ttl ms, instance id, tokens... Reply per lease: 1 renewed, 0 absent, 2 held by another.
	static final String RENEW_SCRIPT = """
			local out = {}
			for i, key in ipairs(KEYS) do
				local cur = redis.call('GET', key)
				if cur == ARGV[2] .. ':' .. ARGV[i + 2] then
					redis.call('PEXPIRE', key, ARGV[1])
					out[i] = '1'
				elseif cur then
					out[i] = '2'
				else
					out[i] = '0'
				end
			end
			return table.concat(out)
			""";

	// KEYS: lease, fence. ARGV: instance id, ttl ms. Reply: the new token, or 0 if held.
	static final String CLAIM_SCRIPT = """
			if redis.call('EXISTS', KEYS[1]) == 1 then return '0' end
			local token = redis.call('INCR', KEYS[2])
			redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
			return tostring(token)
			""";

	// KEYS: lease. ARGV: expected value.
	static final String RELEASE_SCRIPT = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return '1' end
			return '0'
			""";

	// KEYS: instances zset, instance key. ARGV: id.
	static final String DEREGISTER_SCRIPT = """
			redis.call('ZREM', KEYS[1], ARGV[1])
			redis.call('DEL', KEYS[2])
			return '1'
			""";

	// KEYS: layout. ARGV: expected generation, the caller's shard count, new shard count.
	// Reply: 'ok' or 'stale', then the layout now: generation, total, previous total (space separated).
	static final String BUMP_LAYOUT_SCRIPT = """
			local gen = tonumber(redis.call('HGET', KEYS[1], 'generation') or '0')
			local total = tonumber(redis.call('HGET', KEYS[1], 'total') or ARGV[2])
			local prev = tonumber(redis.call('HGET', KEYS[1], 'previous_total') or total)
			if gen ~= tonumber(ARGV[1]) or total ~= tonumber(ARGV[2]) then
				return 'stale ' .. gen .. ' ' .. total .. ' ' .. prev
			end
			redis.call('HSET', KEYS[1], 'generation', gen + 1, 'total', ARGV[3], 'previous_total', total)
			return 'ok ' .. (gen + 1) .. ' ' .. ARGV[3] .. ' ' .. total
			""";

	// KEYS: layout. ARGV: the caller's shard count. Writes the initial layout of that count unless there is one.
	// Reply: the layout now: generation, total, previous total (space separated).
	static final String LAYOUT_SCRIPT = """
			if redis.call('HSETNX', KEYS[1], 'total', ARGV[1]) == 1 then
				redis.call('HSET', KEYS[1], 'generation', 0, 'previous_total', ARGV[1])
			end
			local v = redis.call('HMGET', KEYS[1], 'generation', 'total', 'previous_total')
			return (v[1] or '0') .. ' ' .. v[2] .. ' ' .. (v[3] or v[2])
			""";

	// KEYS: layout. ARGV: generation, total, previous total. Writes it back unless a newer one is there (the layout
	// is gone after a Redis restart without persistence, while the instances run the newer generation).
	static final String RESTORE_LAYOUT_SCRIPT = """
			local gen = tonumber(redis.call('HGET', KEYS[1], 'generation') or '0')
			if gen >= tonumber(ARGV[1]) then return '0' end
			redis.call('HSET', KEYS[1], 'generation', ARGV[1], 'total', ARGV[2], 'previous_total', ARGV[3])
			return '1'
			""";

	private final ClusterRedisClient redis;

	private final String prefix;

	private final String instanceId;

	private final Duration leaseTtl;

	RedisLeases(ClusterRedisClient redis, String prefix, String instanceId, Duration leaseTtl) {
		this.redis = redis;
		this.prefix = prefix;
		this.instanceId = instanceId;
		this.leaseTtl = leaseTtl;
	}

	/**
	 * Heartbeat: (re)enter the instance set for {@code leaseTtl} and drop instances whose entry expired.
	 * @return the live instances, this one included, sorted
	 */
	Mono<List<String>> heartbeat() {
		return this.redis
			.eval(HEARTBEAT_SCRIPT, new String[] { instancesKey(), instanceKey() }, this.instanceId, ttl())
			.map((reply) -> {
				List<String> live = reply.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(reply.split(",")));
				if (!live.contains(this.instanceId)) {
					live.add(this.instanceId);
				}
				Collections.sort(live);
				return List.copyOf(live);
			});
	}

	/**
	 * Renew leases in one script.
	 * @param leases the leases
	 * @return one character per lease, in order: {@code 1} renewed, {@code 0} absent (lapsed), {@code 2} held by
	 * another instance
	 */
	Mono<String> renew(List<Lease> leases) {
		String[] keys = leases.stream().map((l) -> leaseKey(l.generation(), l.shardId())).toArray(String[]::new);
		List<String> args = new ArrayList<>();
		args.add(ttl());
		args.add(this.instanceId);
		leases.forEach((l) -> args.add(Long.toString(l.token())));
		return this.redis.eval(RENEW_SCRIPT, keys, args.toArray(String[]::new));
	}

	/**
	 * Claim a shard's lease of a layout generation if it is free, with a new fencing token.
	 * @param generation the layout generation
	 * @param shardId the shard
	 * @return the token, or 0 if another instance holds the lease
	 */
	Mono<Long> claim(int generation, int shardId) {
		String keys = ShardLayout.keyPrefix(this.prefix, generation);
		return this.redis
			.eval(CLAIM_SCRIPT, new String[] { leaseKey(generation, shardId), keys + ":lease-fence:" + shardId },
					this.instanceId, ttl())
			.map(Long::parseLong);
	}

	/** Delete a lease if it is still this one (same instance and token). */
	Mono<String> release(Lease lease) {
		return this.redis.eval(RELEASE_SCRIPT, new String[] { leaseKey(lease.generation(), lease.shardId()) },
				this.instanceId + ":" + lease.token());
	}

	/**
	 * The layout the instances agreed on; the first instance to ask writes the initial one of its
	 * {@code totalShards}, so that instances whose counts differ (a recommendation that changed between their
	 * starts) agree on the first one.
	 */
	Mono<ShardLayout> layout(int totalShards) {
		return this.redis.eval(LAYOUT_SCRIPT, new String[] { layoutKey() }, Integer.toString(totalShards))
			.map((reply) -> {
				String[] parts = reply.split(" ");
				return new ShardLayout(Integer.parseInt(parts[1]), Integer.parseInt(parts[0]),
						Integer.parseInt(parts[2]));
			});
	}

	/**
	 * Move the layout on to {@code totalShards} at the next generation, if it is still {@code expected}.
	 * @return the layout now, and whether this call moved it
	 */
	Mono<Bump> bumpLayout(ShardLayout expected, int totalShards) {
		return this.redis
			.eval(BUMP_LAYOUT_SCRIPT, new String[] { layoutKey() }, Integer.toString(expected.generation()),
					Integer.toString(expected.totalShards()), Integer.toString(totalShards))
			.map((reply) -> {
				String[] parts = reply.split(" ");
				return new Bump(parts[0].equals("ok"), new ShardLayout(Integer.parseInt(parts[2]),
						Integer.parseInt(parts[1]), Integer.parseInt(parts[3])));
			});
	}

	/** Write a layout back unless a newer one is there. */
	Mono<Boolean> restoreLayout(ShardLayout layout) {
		return this.redis
			.eval(RESTORE_LAYOUT_SCRIPT, new String[] { layoutKey() }, Integer.toString(layout.generation()),
					Integer.toString(layout.totalShards()), Integer.toString(layout.previousTotal()))
			.map("1"::equals);
	}

	/** The answer to {@link #bumpLayout}. */
	record Bump(boolean moved, ShardLayout layout) {
	}

	/** Leave the instance set. */
	Mono<String> deregister() {
		return this.redis.eval(DEREGISTER_SCRIPT, new String[] { instancesKey(), instanceKey() }, this.instanceId);
	}

	/** Who holds each shard's lease of a layout generation right now: instance id by shard. */
	Mono<Map<Integer, String>> owners(int generation, int totalShards) {
		String[] keys = new String[totalShards];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = leaseKey(generation, i);
		}
		return this.redis.execute((c) -> c.mget(keys).collectList()).map((values) -> {
			Map<Integer, String> owners = new LinkedHashMap<>();
			for (int i = 0; i < values.size(); i++) {
				if (values.get(i).hasValue()) {
					String v = values.get(i).getValue();
					owners.put(i, v.substring(0, v.lastIndexOf(':')));
				}
			}
			return owners;
		});
	}

	String leaseKey(int generation, int shardId) {
		return ShardLayout.keyPrefix(this.prefix, generation) + ":lease:" + shardId;
	}

	private String layoutKey() {
		return this.prefix + ":layout";
	}

	private String instancesKey() {
		return this.prefix + ":instances";
	}

	private String instanceKey() {
		return this.prefix + ":instance:" + this.instanceId;
	}

	private String ttl() {
		return Long.toString(this.leaseTtl.toMillis());
	}

}
