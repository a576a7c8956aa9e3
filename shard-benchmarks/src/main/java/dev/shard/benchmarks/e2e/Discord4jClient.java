package dev.shard.benchmarks.e2e;

import discord4j.common.store.Store;
import discord4j.core.DiscordClient;
import discord4j.core.DiscordClientBuilder;
import discord4j.core.GatewayDiscordClient;
import discord4j.core.event.domain.message.MessageCreateEvent;
import discord4j.core.retriever.EntityRetrievalStrategy;
import discord4j.core.shard.MemberRequestFilter;
import discord4j.core.shard.ShardingStrategy;
import discord4j.gateway.intent.Intent;
import discord4j.gateway.intent.IntentSet;
import discord4j.gateway.json.GatewayPayload;
import discord4j.gateway.payload.JacksonPayloadReader;
import discord4j.rest.request.RouterOptions;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Discord4J 3.3 as the second peer: one shard, no entity store ({@code Store.noOp()}), no member requests, entity
 * retrieval from REST only (never asked here), one {@code MessageCreateEvent} subscriber on the default event
 * dispatcher.
 * <p>
 * Pointed at the simulator through public API only: the REST base URL is {@link RouterOptions}'s
 * {@code discordBaseUrl} (replaced with {@code setExtraOptions}), and the gateway URL is what the simulator's
 * {@code GET /gateway} answers (Discord4J asks that route; it has no setting for the URL itself). Discord4J always
 * asks for {@code compress=zlib-stream} (hard-coded in {@code GatewayBootstrap}), so it has no plain-JSON run.
 * <p>
 * Receive time is taken by a wrapping {@code PayloadReader}: Discord4J calls it once per payload, after its
 * zlib-stream inflate and before its Jackson parse, on the connection's receive path. That is our measuring point
 * too (ours: after inflate and envelope peek), while JDA's is before its inflate.
 */
final class Discord4jClient {

	private Discord4jClient() {
	}

	static AutoCloseable throughput(Meter meter, String compression, String rest, String token) {
		if (!compression.equals("zlib")) {
			throw new IllegalArgumentException("Discord4J always uses zlib-stream; no '" + compression + "' run");
		}
		Child.Ring ring = new Child.Ring(1 << 16);
		DiscordClient client = DiscordClientBuilder.create(token)
			.setExtraOptions((o) -> new RouterOptions(o.getToken(), o.getReactorResources(), o.getExchangeStrategies(),
					o.getResponseTransformers(), o.getGlobalRateLimiter(), o.getRequestQueueFactory(), rest))
			.build();
		JacksonPayloadReader parser = new JacksonPayloadReader(
				client.getCoreResources().getJacksonResources().getObjectMapper());
		GatewayDiscordClient gateway = client.gateway()
			.setSharding(ShardingStrategy.single())
			.setEnabledIntents(IntentSet.of(Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
			.setStore(Store.noOp())
			.setMemberRequestFilter(MemberRequestFilter.none())
			.setEntityRetrievalStrategy(EntityRetrievalStrategy.REST)
			.setPayloadReader((buf) -> {
				long received = System.nanoTime();
				return Flux.from(parser.read(buf)).doOnNext((GatewayPayload<?> payload) -> {
					if ("MESSAGE_CREATE".equals(payload.getType())) {
						ring.push(received);
					}
				});
			})
			.login()
			.block();
		if (gateway == null) {
			throw new IllegalStateException("Discord4J did not log in");
		}
		Disposable listener = gateway.on(MessageCreateEvent.class).subscribe((event) -> meter.onEvent(ring.pop()));
		// login() completes when the shard has connected (awaitConnections is on by default)
		return () -> {
			listener.dispose();
			gateway.logout().block(java.time.Duration.ofSeconds(10));
		};
	}

}
