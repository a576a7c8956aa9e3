package dev.shard.sample.simulator;

import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.event.InteractionCreateEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.test.simulator.GatewaySimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Plays a short conversation on the simulator once the bot is connected. Each step waits for the bot's reaction to
 * the previous one (no timers): a user says {@code !ping}; when the bot's {@code pong} comes back as a
 * MESSAGE_CREATE, a user runs the {@code /ping} slash command; when the bot received it, Discord asks the bot to
 * reconnect (op 7); when the session is resumed, the script ends.
 */
public final class ScriptedConversation {

	private static final Logger logger = LoggerFactory.getLogger(ScriptedConversation.class);

	private final GatewaySimulator simulator;

	private final SimulatedUser user;

	private final AtomicInteger step = new AtomicInteger();

	private final Environment environment;

	ScriptedConversation(GatewaySimulator simulator, SimulatedUser user, Environment environment) {
		this.simulator = simulator;
		this.user = user;
		this.environment = environment;
	}

	@EventListener
	void onReady(ShardLifecycleEvent.Ready event) {
		if (this.step.compareAndSet(0, 1)) {
			logger.info("[simulator] script 1/3: a user says !ping");
			this.user.say("!ping");
		}
	}

	@EventListener(condition = "#event.message().author()?.bot() == true and #event.message().content() == 'pong'")
	void onBotReply(MessageCreateEvent event) {
		if (this.step.compareAndSet(1, 2)) {
			logger.info("[simulator] script 2/3: the bot's pong was posted over REST and came back; a user runs /ping");
			this.simulator.dispatch("INTERACTION_CREATE", 1, event.shardId(), null);
		}
	}

	@EventListener
	void onInteraction(InteractionCreateEvent event) {
		if (this.step.compareAndSet(2, 3)) {
			logger.info("[simulator] script 3/3: Discord asks the bot to reconnect (op 7)");
			this.simulator.reconnect(event.shardId());
		}
	}

	@EventListener
	void onResumed(ShardLifecycleEvent.Resumed event) {
		if (this.step.compareAndSet(3, 4)) {
			logger.info("[simulator] script done. The simulator keeps running; say something to the bot with: curl -XPOST"
					+ " localhost:{}/simulator/messages -d '!ping'",
					this.environment.getProperty("local.server.port", "<server.port>"));
		}
	}

	/**
	 * How far the script got.
	 * @return 0 (waiting for READY) to 4 (done)
	 */
	public int step() {
		return this.step.get();
	}

}
