package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway commands of a {@link ShardManager}'s shards (see
 * <a href="https://discord.com/developers/docs/events/gateway-events#send-events">Send Events</a>), reached by
 * {@link ShardManager#commands()}. A command about a guild goes to the shard that owns it
 * ({@link ShardManager#shardFor(long)}); sending for a guild whose shard this process does not run fails with a
 * {@link GatewayException}. Each returned {@code Mono} completes when the command was written.
 */
public final class GatewayCommands {

	private final ShardManager manager;

	private final GuildMemberCollector members;

	private final Duration memberRequestTimeout;

	private final Scheduler scheduler;

	GatewayCommands(ShardManager manager, JsonMapper mapper, Duration memberRequestTimeout, Scheduler scheduler) {
		this.manager = manager;
		this.members = new GuildMemberCollector(mapper);
		this.memberRequestTimeout = memberRequestTimeout;
		this.scheduler = scheduler;
	}

	/**
	 * Send a payload ({@code {"op":..,"d":..}}) on the shard that owns {@code guildId}.
	 * @param guildId the guild
	 * @param payload the whole payload
	 * @return completes when written; errors if this process does not run that shard
	 */
	public Mono<Void> send(long guildId, Object payload) {
		return Mono.defer(() -> this.manager.owner(guildId).sendPayload(payload));
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#update-presence">Update Presence</a> on
	 * every shard of this process.
	 * @param presence the presence
	 * @return completes when written on every shard
	 */
	public Mono<Void> updatePresence(UpdatePresence presence) {
		Objects.requireNonNull(presence, "presence");
		return Flux.fromIterable(this.manager.shards())
			.flatMap((shard) -> Mono.defer(() -> shard.sendPayload(new Command(Opcode.PRESENCE_UPDATE, presence))))
			.then();
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#update-presence">Update Presence</a> on one
	 * shard.
	 * @param shardId the shard
	 * @param presence the presence
	 * @return completes when written
	 */
	public Mono<Void> updatePresence(int shardId, UpdatePresence presence) {
		Objects.requireNonNull(presence, "presence");
		return Mono
			.defer(() -> this.manager.running(shardId).sendPayload(new Command(Opcode.PRESENCE_UPDATE, presence)));
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#update-voice-state">Update Voice State</a>
	 * on the owning shard: join, move or ({@code channelId == null}) leave.
	 * @param guildId the guild
	 * @param channelId the voice channel, or {@code null} to disconnect
	 * @param selfMute whether the bot mutes itself
	 * @param selfDeaf whether the bot deafens itself
	 * @return completes when written
	 */
	public Mono<Void> updateVoiceState(long guildId, Long channelId, boolean selfMute, boolean selfDeaf) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("guild_id", Long.toUnsignedString(guildId));
		d.put("channel_id", (channelId != null) ? Long.toUnsignedString(channelId) : null);
		d.put("self_mute", selfMute);
		d.put("self_deaf", selfDeaf);
		return send(guildId, new Command(Opcode.VOICE_STATE_UPDATE, d));
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#request-soundboard-sounds">Request
	 * Soundboard Sounds</a>: one request per owning shard with that shard's guilds. The answers arrive as
	 * SOUNDBOARD_SOUNDS dispatches, one per guild.
	 * @param guildIds the guilds
	 * @return completes when every request was written
	 */
	public Mono<Void> requestSoundboardSounds(Collection<Long> guildIds) {
		return Mono.defer(() -> {
			int total = this.manager.requireStarted();
			Map<Integer, List<String>> byShard = new TreeMap<>();
			for (long guildId : guildIds) {
				byShard.computeIfAbsent(ShardManager.shardFor(guildId, total), (k) -> new ArrayList<>())
					.add(Long.toUnsignedString(guildId));
			}
			return Flux.fromIterable(byShard.entrySet())
				.concatMap((e) -> Mono.defer(() -> this.manager.running(e.getKey())
					.sendPayload(new Command(Opcode.REQUEST_SOUNDBOARD_SOUNDS, Map.of("guild_ids", e.getValue())))))
				.then();
		});
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#request-channel-info">Request Channel
	 * Info</a> for a guild; the answer arrives as a CHANNEL_INFO dispatch.
	 * @param guildId the guild
	 * @param fields the fields wanted ({@code status}, {@code voice_start_time})
	 * @return completes when written
	 */
	public Mono<Void> requestChannelInfo(long guildId, Collection<String> fields) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("guild_id", Long.toUnsignedString(guildId));
		d.put("fields", List.copyOf(fields));
		return send(guildId, new Command(Opcode.REQUEST_CHANNEL_INFO, d));
	}

	/**
	 * {@link #requestGuildMembers(GuildMembersRequest, Duration)} with the configured timeout
	 * ({@link ShardManager.Builder#memberRequestTimeout(Duration)}).
	 * @param request the request
	 * @return the members
	 */
	public Mono<GuildMembers> requestGuildMembers(GuildMembersRequest request) {
		return requestGuildMembers(request, this.memberRequestTimeout);
	}

	/**
	 * <a href="https://discord.com/developers/docs/events/gateway-events#request-guild-members">Request Guild
	 * Members</a> on the owning shard, with a fresh nonce, and answer with every member of every
	 * GUILD_MEMBERS_CHUNK carrying it. Completes at the last chunk; errors with
	 * {@link MemberRequestRateLimitedException} on a RATE_LIMITED reply and with
	 * {@link MemberRequestTimeoutException} if the chunks do not all arrive in time.
	 * @param request the request
	 * @param timeout how long to wait for all chunks
	 * @return the members
	 */
	public Mono<GuildMembers> requestGuildMembers(GuildMembersRequest request, Duration timeout) {
		Objects.requireNonNull(request, "request");
		return Mono.defer(() -> {
			Shard shard = this.manager.owner(request.guildId());
			String nonce = this.members.nextNonce();
			Command command = new Command(Opcode.REQUEST_GUILD_MEMBERS, memberRequestData(request, nonce));
			GuildMemberCollector.Pending[] pending = new GuildMemberCollector.Pending[1];
			Mono<GuildMembers> answer = Mono.<GuildMembers>create((sink) -> {
				// Registered before sending: the first chunk can arrive before sendPayload's Mono completes.
				pending[0] = this.members.register(request.guildId(), nonce, sink);
				sink.onDispose(() -> this.members.remove(nonce));
				try {
					shard.sendPayload(command).subscribe(null, sink::error);
				}
				catch (RuntimeException ex) {
					sink.error(ex);
				}
			});
			return answer.timeout(timeout, Mono.defer(() -> Mono.error(new MemberRequestTimeoutException(
					request.guildId(), timeout, pending[0].received(), pending[0].chunkCount()))), this.scheduler);
		});
	}

	private static Map<String, Object> memberRequestData(GuildMembersRequest request, String nonce) {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("guild_id", Long.toUnsignedString(request.guildId()));
		if (request.query() != null) {
			d.put("query", request.query());
			d.put("limit", request.limit());
		}
		else {
			d.put("user_ids", request.userIds().stream().map(Long::toUnsignedString).toList());
		}
		if (request.presences()) {
			d.put("presences", true);
		}
		d.put("nonce", nonce);
		return d;
	}

	/** A shard's sink as the manager runs it: member chunks and RATE_LIMITED are seen here first. */
	ShardSink tap(ShardSink sink) {
		return this.members.tap(sink);
	}

	/** A gateway command envelope, serialised as {@code {"op":..,"d":..}}. */
	record Command(int op, Object d) {

		Command(Opcode op, Object d) {
			this(op.code(), d);
		}

	}

}
