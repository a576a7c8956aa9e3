package dev.shard.sample;

import dev.shard.gateway.ShardLifecycleEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs the shards' connection lifecycle: new sessions, reconnects and resumes. */
@Component
public class ConnectionLogger {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionLogger.class);

	@EventListener
	public void onReady(ShardLifecycleEvent.Ready event) {
		logger.info("[shard {}] READY: new session, {} guild(s)", event.shardId(), event.guildCount());
	}

	@EventListener
	public void onReconnecting(ShardLifecycleEvent.Reconnecting event) {
		logger.info("[shard {}] reconnecting ({}), will {}", event.shardId(), event.cause(),
				event.resume() ? "resume the session" : "identify again");
	}

	@EventListener
	public void onResumed(ShardLifecycleEvent.Resumed event) {
		logger.info("[shard {}] RESUMED: session kept, {} missed event(s) replayed", event.shardId(),
				event.replayed());
	}

}
