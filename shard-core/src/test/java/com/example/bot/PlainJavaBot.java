package com.example.bot;

import java.util.function.Consumer;

import dev.shard.event.EventBinder;
import dev.shard.event.Intent;
import dev.shard.event.Intents;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.GatewayDiscovery;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShardSink;

public final class PlainJavaBot {

	public static void main(String[] args) throws InterruptedException {
		ShardManager manager = start(System.getenv("DISCORD_TOKEN"), GatewayDiscovery.DEFAULT_API_BASE,
				(event) -> System.out.println(event.message().author().username() + ": " + event.message().content()));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> manager.shutdown().block()));
		Thread.currentThread().join(); // the shards run on daemon threads
	}

	/** Connects as many shards as Discord recommends; {@code apiBase} is Discord's (or a simulator's). */
	public static ShardManager start(String token, String apiBase, Consumer<MessageCreateEvent> onMessage) {
		EventBinder binder = EventBinder.shared();
		ShardConfig config = ShardConfig.builder(token)
			.intents(Intents.of(Intent.GUILDS, Intent.GUILD_MESSAGES, Intent.MESSAGE_CONTENT))
			.build();
		ShardManager manager = ShardManager.builder(config)
			.discovery(GatewayDiscovery.builder(token).apiBase(apiBase).build())
			.sink(new ShardSink() {

				@Override
				public void onDispatch(GatewayDispatch dispatch) {
					if (binder.bind(dispatch) instanceof MessageCreateEvent event) {
						onMessage.accept(event);
					}
				}

				@Override
				public boolean wants(String type) {
					return MessageCreateEvent.TYPE.equals(type);
				}

			})
			.build();
		manager.start().block();
		return manager;
	}

}
