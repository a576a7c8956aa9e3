package dev.shard.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.shard.gateway.GatewayException;
import dev.shard.gateway.ShardLifecycleEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Observes each gateway connection attempt ({@link DiscordObservationDocumentation#CONNECTION}), driven by the
 * shards' lifecycle events: {@code Connecting} starts one; {@code Ready} or {@code Resumed} stops it;
 * {@code Reconnecting} or {@code FatallyClosed} stops it with an error; {@code ShutDown} stops it. The WebSocket
 * opening, Invalid Session and a missed heartbeat ACK are events of the observation. The events arrive in order
 * on the thread that publishes lifecycle events, a little after they happened: start and stop are equally late.
 */
public final class DiscordConnectionObservations implements Consumer<ShardLifecycleEvent>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DiscordConnectionObservations.class);

	private static final DiscordConnectionObservationConvention DEFAULT_CONVENTION = new DefaultDiscordConnectionObservationConvention();

	private static final Observation.Event CONNECTED = Observation.Event.of("discord.gateway.connected",
			"WebSocket open");

	private static final Observation.Event INVALID_SESSION = Observation.Event.of("discord.gateway.invalid-session",
			"Invalid Session");

	private static final Observation.Event ZOMBIE = Observation.Event.of("discord.gateway.zombie",
			"no heartbeat ACK");

	private final ObservationRegistry registry;

	private final @Nullable DiscordConnectionObservationConvention convention;

	/** The attempt under way of each shard. */
	private final Map<Integer, Observation> attempts = new ConcurrentHashMap<>();

	/**
	 * Create the observations.
	 * @param registry the registry
	 * @param convention a convention replacing the default one, or {@code null}
	 */
	public DiscordConnectionObservations(ObservationRegistry registry,
			@Nullable DiscordConnectionObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void accept(ShardLifecycleEvent event) {
		try {
			observe(event);
		}
		catch (RuntimeException ex) {
			// a failing handler must not end the lifecycle stream the listeners depend on
			logger.warn("Observing " + event.getClass().getSimpleName() + " of shard " + event.shardId() + " failed",
					ex);
		}
	}

	private void observe(ShardLifecycleEvent event) {
		int shardId = event.shardId();
		if (event instanceof ShardLifecycleEvent.Connecting connecting) {
			end(shardId, DiscordConnectionObservationContext.ABANDONED, null);
			Observation observation = DiscordObservationDocumentation.CONNECTION.observation(this.convention,
					DEFAULT_CONVENTION,
					() -> new DiscordConnectionObservationContext(shardId, connecting.url(), connecting.resume()),
					this.registry);
			// an attempt is a root of its own, not a child of whatever is current on this thread
			observation.parentObservation(null);
			this.attempts.put(shardId, observation.start());
		}
		else if (event instanceof ShardLifecycleEvent.Ready) {
			end(shardId, DiscordConnectionObservationContext.READY, null);
		}
		else if (event instanceof ShardLifecycleEvent.Resumed) {
			end(shardId, DiscordConnectionObservationContext.RESUMED, null);
		}
		else if (event instanceof ShardLifecycleEvent.Reconnecting reconnecting) {
			Observation observation = this.attempts.get(shardId);
			if (observation != null && observation.getContext() instanceof DiscordConnectionObservationContext c) {
				c.setCause(reconnecting.cause());
			}
			end(shardId, DiscordConnectionObservationContext.RECONNECTING,
					new GatewayException("Connection attempt failed (" + reconnecting.cause()
							+ (reconnecting.detail().isEmpty() ? "" : ": " + reconnecting.detail()) + ")"));
		}
		else if (event instanceof ShardLifecycleEvent.FatallyClosed closed) {
			end(shardId, DiscordConnectionObservationContext.FATALLY_CLOSED, closed.error());
		}
		else if (event instanceof ShardLifecycleEvent.ShutDown) {
			end(shardId, DiscordConnectionObservationContext.SHUT_DOWN, null);
		}
		else if (event instanceof ShardLifecycleEvent.Connected) {
			mark(shardId, CONNECTED);
		}
		else if (event instanceof ShardLifecycleEvent.InvalidSession) {
			mark(shardId, INVALID_SESSION);
		}
		else if (event instanceof ShardLifecycleEvent.Zombie) {
			mark(shardId, ZOMBIE);
		}
	}

	private void mark(int shardId, Observation.Event event) {
		Observation observation = this.attempts.get(shardId);
		if (observation != null) {
			observation.event(event);
		}
	}

	private void end(int shardId, String outcome, @Nullable Throwable error) {
		Observation observation = this.attempts.remove(shardId);
		if (observation == null) {
			return;
		}
		if (observation.getContext() instanceof DiscordConnectionObservationContext context) {
			context.setOutcome(outcome);
		}
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	/** Stop the attempts still under way (the shards stopped without a last event). */
	@Override
	public void close() {
		for (Integer shardId : this.attempts.keySet()) {
			end(shardId, DiscordConnectionObservationContext.ABANDONED, null);
		}
	}

}
