package dev.shard.autoconfigure.observation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordEventBridge;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.GatewayException;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShutdownMode;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link DiscordObservationAutoConfiguration}, and the observations of listener calls and connection
 * attempts, fed through the bridge by hand (the simulator tests check them against real traffic).
 */
class DiscordObservationAutoConfigurationTests {

	private static final String MESSAGE = "{\"op\":0,\"s\":7,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1\",\"channel_id\":\"2\","
			+ "\"content\":\"hi\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}}";

	/** The defaults: listener calls observed only with a tracer. */
	private final ApplicationContextRunner defaultsRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordObservationAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.observation-secret.xyz");

	private final ApplicationContextRunner runner = this.defaultsRunner
		.withPropertyValues("discord.observations.listeners.enabled=true");

	@Test
	void runWithMetersOnlyShouldObserveListenerCallsOnlyWhenEnabled() {
		this.defaultsRunner.withUserConfiguration(RegistryConfiguration.class, Listeners.class).run((context) -> {
			// no tracer: a timer sample per event is not worth it by default
			assertThat(context.getBean(DiscordEventBridge.class).getListenerInvoker()).isNull();
			assertThat(context).hasSingleBean(DiscordConnectionObservations.class);
		});
	}

	@Test
	void runWithATracerShouldObserveListenerCallsUnlessDisabled() {
		ApplicationContextRunner withTracer = this.defaultsRunner
			.withUserConfiguration(RegistryConfiguration.class, Listeners.class)
			.withBean(Tracer.class, () -> Tracer.NOOP);
		withTracer.run((context) -> assertThat(context.getBean(DiscordEventBridge.class).getListenerInvoker())
			.isSameAs(context.getBean(DiscordListenerObservations.class)));
		withTracer.withPropertyValues("discord.observations.listeners.enabled=false")
			.run((context) -> assertThat(context.getBean(DiscordEventBridge.class).getListenerInvoker()).isNull());
	}

	@Test
	void runWithObservationRegistryShouldObserveEachListenerCallWithItsScopeOpen() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, Listeners.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			assertThat(bridge.getListenerInvoker()).isSameAs(context.getBean(DiscordListenerObservations.class));
			bridge.refreshListeners();
			bridge.sinkFor(5).onDispatch(dispatch(5, MESSAGE));

			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.messages).hasSize(1);
			// the listener ran with its own observation current
			assertThat(listeners.current).singleElement()
				.satisfies((current) -> assertThat(current.getContextView().getName())
					.isEqualTo("discord.event.listener"));
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("discord.event.listener", 1)
				.hasObservationWithNameEqualTo("discord.event.listener")
				.that()
				.hasContextualNameEqualTo("DiscordObservationAutoConfigurationTests.Listeners.onMessage")
				.hasLowCardinalityKeyValue("discord.event.type", "MessageCreateEvent")
				.hasLowCardinalityKeyValue("discord.listener",
						"DiscordObservationAutoConfigurationTests.Listeners.onMessage")
				.hasHighCardinalityKeyValue("discord.shard.id", "5")
				.hasBeenStarted()
				.hasBeenStopped()
				.doesNotHaveError();
			assertThat(registry.getCurrentObservation()).isNull();
		});
	}

	@Test
	void aThrowingListenerShouldRecordTheErrorAndTheNextListenerStillRun() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, FailingListeners.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.publishLifecycle(new ShardLifecycleEvent.Ready(2, "session", 1));

			assertThat(context.getBean(FailingListeners.class).secondCalled).isTrue();
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("discord.event.listener", 2)
				.hasAnObservation((observation) -> observation
					.hasLowCardinalityKeyValue("discord.listener",
							"DiscordObservationAutoConfigurationTests.FailingListeners.first")
					.hasLowCardinalityKeyValue("discord.event.type", "ShardLifecycleEvent.Ready")
					.hasHighCardinalityKeyValue("discord.shard.id", "2")
					.assertThatError()
					.hasMessage("boom"))
				.hasAnObservation((observation) -> observation
					.hasLowCardinalityKeyValue("discord.listener",
							"DiscordObservationAutoConfigurationTests.FailingListeners.second")
					.doesNotHaveError());
		});
	}

	@Test
	void connectionAttemptsShouldBeObservedFromConnectingToTheirEnd() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(0, "wss://gateway/?v=10", false));
			bridge.publishLifecycle(new ShardLifecycleEvent.Connected(0, "wss://gateway/?v=10"));
			assertThat(registry).hasSingleObservationThat().hasBeenStarted().isNotStopped();
			bridge.publishLifecycle(new ShardLifecycleEvent.Ready(0, "s1", 3));
			assertThat(registry).hasSingleObservationThat()
				.hasNameEqualTo("discord.gateway.connection")
				.hasContextualNameEqualTo("discord identify")
				.hasLowCardinalityKeyValue("discord.connection.kind", "identify")
				.hasLowCardinalityKeyValue("outcome", "ready")
				.hasLowCardinalityKeyValue("discord.reconnect.cause", "none")
				.hasHighCardinalityKeyValue("discord.shard.id", "0")
				.hasEvent("discord.gateway.connected")
				.doesNotHaveError()
				.hasBeenStopped();

			// a reconnect of a live session ends no attempt; a failed resume does, with an error
			registry.clear();
			bridge.publishLifecycle(new ShardLifecycleEvent.Reconnecting(0, ReconnectCause.ZOMBIE, 4000, "", true));
			assertThat(registry).hasNumberOfObservationsEqualTo(0);
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(0, "wss://resume/?v=10", true));
			bridge.publishLifecycle(
					new ShardLifecycleEvent.Reconnecting(0, ReconnectCause.TRANSPORT, -1, "refused", true));
			assertThat(registry).hasSingleObservationThat()
				.hasContextualNameEqualTo("discord resume")
				.hasLowCardinalityKeyValue("discord.connection.kind", "resume")
				.hasLowCardinalityKeyValue("outcome", "reconnecting")
				.hasLowCardinalityKeyValue("discord.reconnect.cause", "transport")
				.hasBeenStopped()
				.assertThatError()
				.hasMessageContaining("TRANSPORT: refused");

			registry.clear();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(0, "wss://resume/?v=10", true));
			bridge.publishLifecycle(new ShardLifecycleEvent.Resumed(0, "s1", 4));
			assertThat(registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("outcome", "resumed")
				.doesNotHaveError()
				.hasBeenStopped();

			registry.clear();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(1, "wss://gateway/?v=10", false));
			bridge.publishLifecycle(new ShardLifecycleEvent.FatallyClosed(1, 4004, "Authentication failed.",
					new GatewayException("token rejected")));
			assertThat(registry).hasSingleObservationThat()
				.hasHighCardinalityKeyValue("discord.shard.id", "1")
				.hasLowCardinalityKeyValue("outcome", "fatally_closed")
				.hasBeenStopped()
				.assertThatError()
				.hasMessage("token rejected");

			registry.clear();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(2, "wss://gateway/?v=10", false));
			bridge.publishLifecycle(new ShardLifecycleEvent.ShutDown(2, ShutdownMode.FINAL));
			assertThat(registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("outcome", "shut_down")
				.doesNotHaveError()
				.hasBeenStopped();

			// an attempt the shards never finish is stopped when the context closes
			registry.clear();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(3, "wss://gateway/?v=10", false));
			context.close();
			assertThat(registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("outcome", "abandoned")
				.hasBeenStopped();
		});
	}

	@Test
	void aFailingHandlerShouldNotStopLifecycleEventsFromReachingListeners() {
		this.runner.withUserConfiguration(FailingHandlerConfiguration.class, ReadyListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(0, "wss://gateway/?v=10", false));
			bridge.publishLifecycle(new ShardLifecycleEvent.Ready(0, "s1", 1));
			assertThat(context.getBean(ReadyListener.class).received).hasSize(1);
		});
	}

	@Test
	void runWithUserConventionShouldUseIt() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, Listeners.class, ConventionConfiguration.class)
			.run((context) -> {
				DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
				bridge.refreshListeners();
				bridge.sinkFor(0).onDispatch(dispatch(0, MESSAGE));
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasNumberOfObservationsWithNameEqualTo("discord.event.listener", 0)
					.hasObservationWithNameEqualTo("bot.handler")
					.that()
					.hasLowCardinalityKeyValue("handler", "DiscordObservationAutoConfigurationTests.Listeners.onMessage");
			});
	}

	@Test
	void bootsObservationPropertiesShouldTurnThemOffByPrefix() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					DiscordAutoConfiguration.class, DiscordObservationAutoConfiguration.class))
			.withPropertyValues("discord.enabled=false", "discord.token=MTIz.observation-secret.xyz",
					"management.observations.enable.discord.event=false")
			.withUserConfiguration(RegistryConfiguration.class, Listeners.class)
			.run((context) -> {
				DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
				bridge.refreshListeners();
				bridge.sinkFor(0).onDispatch(dispatch(0, MESSAGE));
				bridge.publishLifecycle(new ShardLifecycleEvent.Connecting(0, "wss://gateway/?v=10", false));
				assertThat(context.getBean(Listeners.class).messages).hasSize(1);
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasNumberOfObservationsWithNameEqualTo("discord.event.listener", 0)
					.hasNumberOfObservationsWithNameEqualTo("discord.gateway.connection", 1);
			});
	}

	@Test
	void runWithoutObservationRegistryShouldCallListenersDirectly() {
		this.runner.withUserConfiguration(Listeners.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(DiscordListenerObservations.class)
				.doesNotHaveBean(DiscordConnectionObservations.class);
			assertCalledDirectly(context);
		});
	}

	@Test
	void runWithNoopRegistryShouldInstallNothing() {
		this.runner.withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP)
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertCalledDirectly(context);
			});
	}

	@Test
	void runWithoutMicrometerObservationShouldCallListenersDirectly() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DiscordListenerObservations.class);
				assertThat(context.getBean(DiscordEventBridge.class).getListenerInvoker()).isNull();
			});
	}

	@Test
	void runWithoutDiscordShouldBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordObservationAutoConfiguration.class))
			.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DiscordListenerObservations.class)
				.doesNotHaveBean(DiscordConnectionObservations.class));
	}

	@Test
	void listenerNamesAreClassAndMethodOrTheAnnotationId() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, NamedListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.publishLifecycle(new ShardLifecycleEvent.Zombie(1));
			assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("discord.event.listener")
				.that()
				.hasLowCardinalityKeyValue("discord.listener", "zombie-alarm")
				.hasLowCardinalityKeyValue("discord.event.type", "ShardLifecycleEvent.Zombie");
		});
	}

	/** No invoker installed, and a message still reaches the listener. */
	private static void assertCalledDirectly(ApplicationContext context) {
		DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
		assertThat(bridge.getListenerInvoker()).isNull();
		bridge.refreshListeners();
		bridge.sinkFor(0).onDispatch(dispatch(0, MESSAGE));
		assertThat(context.getBean(Listeners.class).messages).hasSize(1);
	}

	private static GatewayDispatch dispatch(int shardId, String json) {
		return new GatewayDispatch(shardId, 7, "MESSAGE_CREATE", json.getBytes(StandardCharsets.UTF_8),
				System.nanoTime());
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<MessageCreateEvent> messages = new CopyOnWriteArrayList<>();

		final List<Observation> current = new CopyOnWriteArrayList<>();

		private final ObservationRegistry registry;

		Listeners(org.springframework.beans.factory.ObjectProvider<ObservationRegistry> registry) {
			this.registry = registry.getIfAvailable(() -> ObservationRegistry.NOOP);
		}

		@EventListener
		void onMessage(MessageCreateEvent event) {
			this.messages.add(event);
			Observation observation = this.registry.getCurrentObservation();
			if (observation != null) {
				this.current.add(observation);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListeners {

		volatile boolean secondCalled;

		@EventListener
		@Order(1)
		void first(ShardLifecycleEvent.Ready event) {
			throw new IllegalStateException("boom");
		}

		@EventListener
		@Order(2)
		void second(ShardLifecycleEvent.Ready event) {
			this.secondCalled = true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingHandlerConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<>() {

				@Override
				public void onStart(Observation.Context context) {
					if (context instanceof DiscordConnectionObservationContext) {
						throw new IllegalStateException("handler bug");
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReadyListener {

		final List<ShardLifecycleEvent.Ready> received = new CopyOnWriteArrayList<>();

		@EventListener
		void onReady(ShardLifecycleEvent.Ready event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedListener {

		@EventListener(id = "zombie-alarm")
		void onZombie(ShardLifecycleEvent.Zombie event) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		DiscordListenerObservationConvention botConvention() {
			return new DiscordListenerObservationConvention() {

				@Override
				public String getName() {
					return "bot.handler";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(DiscordListenerObservationContext context) {
					return KeyValues.of("handler", context.getListenerName());
				}

			};
		}

	}

}
