/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A third-party client (JDA 6) against the simulator: REST base URL through {@link RestConfig}, gateway URL
 * through a {@link ConcurrentSessionController} override. It must reach READY, receive events and resume
 * after op 7 at the {@code resume_gateway_url} with nothing lost.
 */
class JdaCompatibilityTests {

	@Test
	void jdaConnectsReceivesEventsAndResumesAfterReconnect() throws Exception {
		try (GatewaySimulator sim = GatewaySimulator.builder().guilds(3).build().start()) {
			Set<String> messages = ConcurrentHashMap.newKeySet();
			AtomicInteger ready = new AtomicInteger();
			AtomicInteger resumed = new AtomicInteger();
			JDA jda = JDABuilder.createLight(sim.token(), GatewayIntent.GUILD_MESSAGES)
				.setRestConfig(new RestConfig().setBaseUrl(sim.restBaseUrl() + "/"))
				.setSessionController(new ConcurrentSessionController() {
					@Override
					public String getGateway() {
						return sim.gatewayUrl();
					}
				})
				.addEventListeners((net.dv8tion.jda.api.hooks.EventListener) (GenericEvent event) -> {
					if (event instanceof MessageReceivedEvent m) {
						messages.add(m.getMessageId());
					}
					else if (event instanceof ReadyEvent) {
						ready.incrementAndGet();
					}
					else if (event instanceof SessionResumeEvent) {
						resumed.incrementAndGet();
					}
				})
				.build();
			try {
				await().atMost(Duration.ofSeconds(20)).until(() -> ready.get() == 1);
				assertThat(jda.getGuilds()).hasSize(3);
				sim.dispatch("MESSAGE_CREATE", 50, null, null).join();
				await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 50);
				sim.reconnect(null);
				// dispatched while JDA reconnects: delivered live or buffered and replayed on resume
				sim.dispatch("MESSAGE_CREATE", 50, null, null).join();
				await().atMost(Duration.ofSeconds(20)).until(() -> resumed.get() == 1 && messages.size() == 100);
				assertThat(sim.resumes()).singleElement().satisfies((r) -> {
					assertThat(r.outcome()).isEqualTo("RESUMED");
					assertThat(r.resumeUrl()).isTrue();
				});
				assertThat(sim.identifies()).hasSize(1);
				assertThat(sim.violations()).isEmpty();
				assertThat(sim.log().connections().get(0).close().code()).isNotIn(1000, 1001);
			}
			finally {
				jda.shutdownNow();
			}
		}
	}

}
