package dev.shard.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.shard.event.GatewayEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.event.RawDispatchEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.GatewayException;
import dev.shard.gateway.ReconnectCause;
import dev.shard.gateway.ShardLifecycleEvent;
import dev.shard.gateway.ShardSink;
import dev.shard.gateway.ShutdownMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which dispatch types the bridge wants, from the listeners in the context, and what it publishes. No gateway
 * here: dispatches are handed to the sink directly.
 */
class DiscordEventBridgeTests {

	private static final String MESSAGE = "{\"op\":0,\"s\":7,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1\",\"channel_id\":\"2\","
			+ "\"content\":\"hi\",\"author\":{\"id\":\"3\",\"username\":\"u\"}}}";

	private static final String TYPING = "{\"op\":0,\"s\":8,\"t\":\"TYPING_START\",\"d\":{\"channel_id\":\"2\",\"user_id\":\"3\",\"timestamp\":1}}";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=abc.def");

	@Test
	void typedListenerOnlyWantsItsTypeAndInfrastructureCatchAllsAreIgnored() {
		this.runner.withUserConfiguration(MessageListener.class, CatchAllInfrastructure.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			assertThat(bridge.listenedTypes()).containsExactly("MESSAGE_CREATE");
			assertThat(bridge.rawListened()).isFalse();
			ShardSink sink = bridge.sinkFor(0);
			assertThat(sink.wants("MESSAGE_CREATE")).isTrue();
			assertThat(sink.wants("TYPING_START")).isFalse();
			assertThat(sink.wants("SOMETHING_NEW")).isFalse();
			sink.onDispatch(dispatch(MESSAGE));
			MessageListener listener = context.getBean(MessageListener.class);
			assertThat(listener.received).singleElement().satisfies((event) -> {
				assertThat(event.sequence()).isEqualTo(7);
				assertThat(event.message().content()).isEqualTo("hi");
			});
			assertThat(bridge.boundEvents("MESSAGE_CREATE")).isEqualTo(1);
			// the infrastructure catch-all listener was not handed Discord events
			assertThat(context.getBean(CatchAllInfrastructure.class).payloads).isEmpty();
		});
	}

	@Test
	void rawListenerWantsEverythingAndGetsUnknownTypes() {
		this.runner.withUserConfiguration(RawListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			assertThat(bridge.rawListened()).isTrue();
			assertThat(bridge.listenedTypes()).isEmpty();
			ShardSink sink = bridge.sinkFor(0);
			assertThat(sink.wants("TYPING_START")).isTrue();
			assertThat(sink.wants("SOMETHING_NEW")).isTrue();
			sink.onDispatch(dispatch(TYPING));
			sink.onDispatch(dispatch("{\"op\":0,\"s\":9,\"t\":\"SOMETHING_NEW\",\"d\":{}}"));
			assertThat(context.getBean(RawListener.class).received).extracting(RawDispatchEvent::type)
				.containsExactly("TYPING_START", "SOMETHING_NEW");
			// nobody listens typed: nothing was bound
			assertThat(bridge.boundEvents()).isZero();
		});
	}

	@Test
	void supertypeListenersWantEverything() {
		this.runner.withUserConfiguration(GatewayEventListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			assertThat(bridge.rawListened()).isTrue();
			assertThat(bridge.listenedTypes()).contains("MESSAGE_CREATE", "TYPING_START", "GUILD_CREATE");
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			// a GatewayEvent listener gets both the typed and the raw form
			assertThat(context.getBean(GatewayEventListener.class).received).hasSize(2)
				.hasAtLeastOneElementOfType(MessageCreateEvent.class)
				.hasAtLeastOneElementOfType(RawDispatchEvent.class);
		});
		this.runner.withUserConfiguration(ObjectListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			assertThat(bridge.rawListened()).isTrue();
		});
	}

	@Test
	void applicationListenerBeansOfAPayloadTypeCount() {
		this.runner.withUserConfiguration(PayloadListenerBean.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			assertThat(bridge.listenedTypes()).containsExactly("MESSAGE_CREATE");
			assertThat(bridge.rawListened()).isFalse();
		});
	}

	@Test
	void aWantedDispatchIsBoundAheadAndThatEventIsTheOnePublished() {
		this.runner.withUserConfiguration(MessageListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			ShardSink sink = bridge.sinkFor(0);
			GatewayDispatch message = dispatch(MESSAGE);
			Object bound = sink.prepare(message);
			assertThat(bound).isInstanceOfSatisfying(MessageCreateEvent.class,
					(event) -> assertThat(event.message().content()).isEqualTo("hi"));
			assertThat(sink.prepare(dispatch(TYPING))).as("nobody listens to typing").isNull();
			sink.onDispatch(message, bound);
			assertThat(context.getBean(MessageListener.class).received).singleElement().isSameAs(bound);
			// counted once, when published, not when bound ahead
			assertThat(bridge.boundEvents("MESSAGE_CREATE")).isEqualTo(1);
			// unprepared (a failed or skipped prepare): bound on delivery as before
			sink.onDispatch(message, null);
			assertThat(context.getBean(MessageListener.class).received).hasSize(2);
			assertThat(bridge.boundEvents("MESSAGE_CREATE")).isEqualTo(2);
		});
	}

	@Test
	void aBadPayloadIsLoggedNotThrown() {
		this.runner.withUserConfiguration(MessageListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.sinkFor(0)
				.onDispatch(dispatch("{\"op\":0,\"s\":1,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":{\"not\":\"an id\"}}}"));
			assertThat(bridge.bindFailures()).isEqualTo(1);
			assertThat(context.getBean(MessageListener.class).received).isEmpty();
		});
	}

	@Test
	void listenersRunInOrderAThrowingOneDoesNotStopTheOthersAndConditionsApply() {
		this.runner.withUserConfiguration(OrderedListeners.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			OrderedListeners listeners = context.getBean(OrderedListeners.class);
			for (int i = 0; i < 3; i++) {
				bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			}
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE.replace("\"hi\"", "\"skip\"")));
			// per event: first, the throwing one, last; the conditional one only sees content != 'skip'
			assertThat(listeners.calls).containsExactly("first", "throwing", "conditional", "last", "first", "throwing",
					"conditional", "last", "first", "throwing", "conditional", "last", "first", "throwing", "last");
		});
	}

	@Test
	void applicationListenerBeansReceiveThePayloadEvent() {
		this.runner.withUserConfiguration(PayloadListenerBean.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			assertThat(PayloadListenerBean.received).hasSize(2)
				.allSatisfy((event) -> assertThat(event.message().content()).isEqualTo("hi"));
		});
	}

	@Test
	void aListenerAddedAtRuntimeIsUsedAfterRefresh() {
		this.runner.withUserConfiguration(MessageListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			List<Object> late = new CopyOnWriteArrayList<>();
			// an anonymous class, not a lambda: a lambda's generic type is erased, so it would look like a catch-all
			context.addApplicationListener(new ApplicationListener<PayloadApplicationEvent<MessageCreateEvent>>() {

				@Override
				public void onApplicationEvent(PayloadApplicationEvent<MessageCreateEvent> event) {
					late.add(event.getPayload());
				}

			});
			bridge.refreshListeners();
			bridge.sinkFor(0).onDispatch(dispatch(MESSAGE));
			assertThat(context.getBean(MessageListener.class).received).hasSize(2);
			assertThat(late).hasSize(1);
		});
	}

	@Test
	void singletonListenerBeansAreLookedUpOnceScopedOnesPerEvent() {
		this.runner.withUserConfiguration(MessageListener.class, PrototypeListenerConfiguration.class)
			.run((context) -> {
				DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
				bridge.refreshListeners();
				assertThat(((org.springframework.context.support.AbstractApplicationContext) context.getSourceApplicationContext())
					.getApplicationListeners()).filteredOn(DiscordEventListenerFactory.SingletonListenerMethodAdapter.class::isInstance)
					.hasSize(2);
				ShardSink sink = bridge.sinkFor(0);
				for (int i = 0; i < 3; i++) {
					sink.onDispatch(dispatch(MESSAGE));
				}
				assertThat(context.getBean(MessageListener.class).received).hasSize(3);
				// a prototype listener bean is still created for every event, as Spring does
				assertThat(PrototypeListener.instances).hasSize(3);
				assertThat(PrototypeListener.instances).doesNotHaveDuplicates();
			});
	}

	@Test
	void lifecycleEventsArePublishedAsTheCoresRecords() {
		this.runner.withUserConfiguration(LifecycleListener.class).run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			// lifecycle listeners do not ask for dispatches
			assertThat(bridge.listenedTypes()).isEmpty();
			assertThat(bridge.rawListened()).isFalse();
			GatewayException error = new GatewayException("Authentication failed");
			List<ShardLifecycleEvent> events = List.of(new ShardLifecycleEvent.Connected(0, "wss://gateway"),
					new ShardLifecycleEvent.Ready(0, "s1", 3), new ShardLifecycleEvent.Zombie(0),
					new ShardLifecycleEvent.Reconnecting(0, ReconnectCause.ZOMBIE, 4900, "zombie", true),
					new ShardLifecycleEvent.Reconnecting(0, ReconnectCause.TIMEOUT, ShardLifecycleEvent.NO_CLOSE_CODE,
							null, true),
					new ShardLifecycleEvent.Resumed(0, "s1", 7), new ShardLifecycleEvent.InvalidSession(0, false),
					new ShardLifecycleEvent.FatallyClosed(0, 4004, null, error),
					new ShardLifecycleEvent.ShutDown(0, ShutdownMode.RESUMABLE));
			events.forEach(bridge::publishLifecycle);
			LifecycleListener listener = context.getBean(LifecycleListener.class);
			assertThat(listener.all).hasSize(events.size());
			for (int i = 0; i < events.size(); i++) {
				assertThat(listener.all.get(i)).isSameAs(events.get(i));
			}
			assertThat(listener.zombies).containsExactly(new ShardLifecycleEvent.Zombie(0));
			assertThat(listener.reconnecting).extracting(ShardLifecycleEvent.Reconnecting::cause)
				.containsExactly(ReconnectCause.ZOMBIE, ReconnectCause.TIMEOUT);
			assertThat(listener.reconnecting).extracting(ShardLifecycleEvent.Reconnecting::closeCode)
				.containsExactly(4900, -1);
			assertThat(listener.reconnecting).extracting(ShardLifecycleEvent.Reconnecting::detail)
				.containsExactly("zombie", "");
			assertThat(listener.all).filteredOn(ShardLifecycleEvent.FatallyClosed.class::isInstance)
				.singleElement()
				.satisfies((event) -> {
					ShardLifecycleEvent.FatallyClosed fatal = (ShardLifecycleEvent.FatallyClosed) event;
					assertThat(fatal.closeCode()).isEqualTo(4004);
					assertThat(fatal.reason()).isEmpty();
					assertThat(fatal.error()).isSameAs(error);
				});
		});
	}

	@Test
	void inlineDeliveryIsOptIn() {
		this.runner.withUserConfiguration(MessageListener.class)
			.run((context) -> assertThat(context.getBean(DiscordEventBridge.class).sinkFor(0).nonBlocking()).isFalse());
		this.runner.withUserConfiguration(MessageListener.class)
			.withPropertyValues("discord.gateway.inline-delivery=true")
			.run((context) -> assertThat(context.getBean(DiscordEventBridge.class).sinkFor(0).nonBlocking()).isTrue());
	}

	private static GatewayDispatch dispatch(String json) {
		String type = json.replaceAll(".*\"t\":\"([A-Z_]+)\".*", "$1");
		long seq = Long.parseLong(json.replaceAll(".*\"s\":(\\d+).*", "$1"));
		return new GatewayDispatch(0, seq, type, json.getBytes(StandardCharsets.UTF_8), System.nanoTime());
	}

	@Configuration(proxyBeanMethods = false)
	static class MessageListener {

		final List<MessageCreateEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(MessageCreateEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LifecycleListener {

		final List<ShardLifecycleEvent> all = new CopyOnWriteArrayList<>();

		final List<ShardLifecycleEvent.Zombie> zombies = new CopyOnWriteArrayList<>();

		final List<ShardLifecycleEvent.Reconnecting> reconnecting = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ShardLifecycleEvent event) {
			this.all.add(event);
		}

		@EventListener
		void on(ShardLifecycleEvent.Zombie event) {
			this.zombies.add(event);
		}

		@EventListener
		void on(ShardLifecycleEvent.Reconnecting event) {
			this.reconnecting.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeListenerConfiguration {

		@org.springframework.context.annotation.Bean
		@org.springframework.context.annotation.Scope("prototype")
		PrototypeListener prototypeListener() {
			return new PrototypeListener();
		}

	}

	static class PrototypeListener {

		static final List<PrototypeListener> instances = new CopyOnWriteArrayList<>();

		@EventListener
		void on(MessageCreateEvent event) {
			instances.add(this);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListeners {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@EventListener
		@Order(4)
		void last(MessageCreateEvent event) {
			this.calls.add("last");
		}

		@EventListener(condition = "#event.message().content() != 'skip'")
		@Order(3)
		void conditional(MessageCreateEvent event) {
			this.calls.add("conditional");
		}

		@EventListener
		@Order(2)
		void throwing(MessageCreateEvent event) {
			this.calls.add("throwing");
			throw new IllegalStateException("listener failure (expected by the test)");
		}

		@EventListener
		@Order(1)
		void first(MessageCreateEvent event) {
			this.calls.add("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RawListener {

		final List<RawDispatchEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(RawDispatchEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GatewayEventListener {

		final List<GatewayEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(GatewayEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObjectListener {

		@EventListener
		void on(Object event) {
		}

	}

	/** Like Boot's DelegatingApplicationListener: sees every application event. */
	static class CatchAllInfrastructure implements ApplicationListener<ApplicationEvent> {

		final List<Object> payloads = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof GatewayEvent) {
				this.payloads.add(payload.getPayload());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PayloadListenerBean {

		static final List<MessageCreateEvent> received = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<PayloadApplicationEvent<MessageCreateEvent>> messageListenerBean() {
			received.clear();
			return new ApplicationListener<>() {

				@Override
				public void onApplicationEvent(PayloadApplicationEvent<MessageCreateEvent> event) {
					received.add(event.getPayload());
				}

			};
		}

	}

}
