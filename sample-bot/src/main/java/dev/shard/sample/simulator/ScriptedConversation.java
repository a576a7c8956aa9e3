package dev.shard.sample.simulator;

import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.sample.SlashCommandListener;
import dev.shard.test.simulator.GatewaySimulator;
import dev.shard.test.simulator.SimulatedInteraction;
import dev.shard.test.simulator.SimulatorLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Plays a short conversation on the simulator once the bot is connected. Each step waits for the bot's reaction to
 * the previous one (no timers): a user runs the {@code /ping} slash command; when the bot's answer reaches the
 * simulator, the user clicks its button; when the bot has updated the message, Discord asks the bot to reconnect
 * (op 7); when the session is resumed, the script ends. Interactions go over the gateway, or with
 * {@code sample.simulator.interactions=http} as signed POSTs to the bot's interactions endpoint.
 */
public final class ScriptedConversation {

	private static final Logger logger = LoggerFactory.getLogger(ScriptedConversation.class);

	private final GatewaySimulator simulator;

	private final SimulatorProperties.Delivery delivery;

	private final AtomicInteger step = new AtomicInteger();

	private final Environment environment;

	private volatile boolean ready;

	private volatile int serverPort = -1;

	ScriptedConversation(GatewaySimulator simulator, SimulatorProperties.Delivery delivery, Environment environment) {
		this.simulator = simulator;
		this.delivery = delivery;
		this.environment = environment;
		simulator.onInteractionAnswer(this::onAnswer);
	}

	@EventListener
	void onReady(ShardLifecycleEvent.Ready event) {
		this.ready = true;
		begin();
	}

	@EventListener
	void onWebServer(WebServerInitializedEvent event) {
		this.serverPort = event.getWebServer().getPort();
		begin();
	}

	private void begin() {
		// over HTTP the endpoint must be listening too
		if (this.ready && (this.delivery == SimulatorProperties.Delivery.GATEWAY || this.serverPort > 0)
				&& this.step.compareAndSet(0, 1)) {
			logger.info("[simulator] script 1/3: a user runs /ping ({})", describe());
			deliver(this.simulator.slashCommand("ping"));
		}
	}

	private void onAnswer(SimulatorLog.InteractionCallback answer) {
		if (answer.accepted() && answer.type() == 4 && this.step.compareAndSet(1, 2)) {
			logger.info("[simulator] script 2/3: the bot answered /ping with pong and a button; the user clicks it");
			deliver(this.simulator.buttonClick(SlashCommandListener.PING_AGAIN));
		}
		else if (answer.accepted() && answer.type() == 7 && this.step.compareAndSet(2, 3)) {
			logger.info("[simulator] script 3/3: the bot updated its message; Discord asks the bot to reconnect (op 7)");
			this.simulator.reconnect(null);
		}
	}

	private void deliver(SimulatedInteraction interaction) {
		if (this.delivery == SimulatorProperties.Delivery.HTTP) {
			this.simulator.postInteraction(endpoint(), interaction, SimulatedInteraction.Signing.VALID);
		}
		else {
			this.simulator.dispatchInteraction(interaction);
		}
	}

	private String endpoint() {
		return "http://127.0.0.1:" + this.serverPort
				+ this.environment.getProperty("discord.interactions.path", "/discord/interactions");
	}

	private String describe() {
		return (this.delivery == SimulatorProperties.Delivery.HTTP) ? "a signed POST to " + endpoint()
				: "INTERACTION_CREATE over the gateway";
	}

	@EventListener
	void onResumed(ShardLifecycleEvent.Resumed event) {
		if (this.step.compareAndSet(3, 4)) {
			logger.info("[simulator] script done. The simulator keeps running; run /ping again with: curl -XPOST"
					+ " localhost:{}/simulator/slash -d ping", (this.serverPort > 0) ? this.serverPort : "<server.port>");
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
