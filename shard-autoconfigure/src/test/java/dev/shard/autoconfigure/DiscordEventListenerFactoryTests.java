package dev.shard.autoconfigure;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.event.EventBinder;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.ShardSink;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener conditions are compiled by the starter (issue #18) and must mean what they mean under Spring's own
 * evaluator: every form of reference Spring offers, its conversion of the value to {@code Boolean}, and the same
 * answers once SpEL has compiled the expression (after about a hundred interpreted runs).
 */
class DiscordEventListenerFactoryTests {

	private static final int EVENTS = 300;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=abc.def")
		.withUserConfiguration(ConditionalListeners.class);

	@Test
	void conditionsSeeWhatSpringsEvaluatorOffersBeforeAndAfterTheyAreCompiled() {
		this.runner.run((context) -> {
			DiscordEventBridge bridge = context.getBean(DiscordEventBridge.class);
			bridge.refreshListeners();
			ShardSink sink = bridge.sinkFor(0);
			for (int i = 1; i <= EVENTS; i++) {
				String content = (i % 3 == 0) ? "!ping" : "hello";
				sink.onDispatch(message(i, content, i % 5 == 0));
			}
			int pings = EVENTS / 3;
			int bots = EVENTS / 5;
			int botPings = EVENTS / 15;
			ConditionalListeners listeners = context.getBean(ConditionalListeners.class);
			assertThat(listeners.calls).containsAllEntriesOf(Map.of(
					"byName", pings - botPings,
					"rootEvent", pings,
					"a0", bots,
					"p0", EVENTS - pings,
					"bean", pings,
					"yesString", EVENTS,
					"noCondition", EVENTS));
			assertThat(listeners.calls).doesNotContainKey("never");
		});
	}

	@Test
	void theSampleBotsConditionCompilesToBytecode() throws Exception {
		Method method = ConditionalListeners.class.getDeclaredMethod("byName", MessageCreateEvent.class);
		DiscordEventListenerFactory.CompiledCondition condition = new DiscordEventListenerFactory.CompiledCondition(
				method.getAnnotation(EventListener.class).condition(), method,
				new DefaultListableBeanFactory());
		PayloadApplicationEvent<MessageCreateEvent> ping = event(1, "!ping", false);
		PayloadApplicationEvent<MessageCreateEvent> botPing = event(2, "!ping", true);
		// interpreted once first, as in MIXED mode, so the compiler knows the types it meets
		assertThat(condition.matches(ping, new Object[] { ping.getPayload() })).isTrue();
		assertThat(condition.compile()).isTrue();
		assertThat(condition.matches(ping, new Object[] { ping.getPayload() })).isTrue();
		assertThat(condition.matches(botPing, new Object[] { botPing.getPayload() })).isFalse();
	}

	@Test
	void aConditionIsCompiledEvenWhenItsRightSideNeverRan() throws Exception {
		DiscordEventListenerFactory.CompiledCondition condition = condition("byName", new DefaultListableBeanFactory());
		PayloadApplicationEvent<MessageCreateEvent> hello = event(1, "hello", false);
		// the left side is false every time, so "and" never evaluates the right side: SpEL alone cannot compile it
		for (int i = 0; i < 3; i++) {
			assertThat(matches(condition, hello)).isFalse();
		}
		assertThat(condition.isCompiled()).isTrue();
		assertThat(matches(condition, event(2, "!ping", false))).isTrue();
		assertThat(matches(condition, event(3, "!ping", true))).isFalse();
		assertThat(matches(condition, hello)).isFalse();
	}

	@Test
	void aConditionWithABeanReferenceIsNeverEvaluatedBeyondWhatItSays() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		Words words = new Words();
		beanFactory.registerSingleton("words", words);
		DiscordEventListenerFactory.CompiledCondition condition = condition("guardedBean", beanFactory);
		for (int i = 0; i < DiscordEventListenerFactory.CompiledCondition.PRIMING_ATTEMPTS + 10; i++) {
			assertThat(matches(condition, event(i, "hello", false))).isFalse();
		}
		assertThat(words.calls).hasValue(0);
		assertThat(condition.isCompiled()).isFalse();
		assertThat(matches(condition, event(1, "!ping", false))).isTrue();
		assertThat(words.calls).hasValue(1);
	}

	@Test
	void anOperandThatFailsOnItsOwnLeavesTheConditionInterpretedAndRight() throws Exception {
		DiscordEventListenerFactory.CompiledCondition condition = condition("guardedNull",
				new DefaultListableBeanFactory());
		// no nonce in these messages: evaluated alone, the guarded right side fails on null, which priming ignores
		for (int i = 0; i < DiscordEventListenerFactory.CompiledCondition.PRIMING_ATTEMPTS + 10; i++) {
			assertThat(matches(condition, event(i, "hello", false))).isFalse();
		}
		assertThat(condition.isCompiled()).isFalse();
	}

	private static DiscordEventListenerFactory.CompiledCondition condition(String listener,
			DefaultListableBeanFactory beanFactory) throws Exception {
		Class<?> owner = listener.startsWith("guarded") ? GuardedConditions.class : ConditionalListeners.class;
		Method method = owner.getDeclaredMethod(listener, MessageCreateEvent.class);
		return new DiscordEventListenerFactory.CompiledCondition(method.getAnnotation(EventListener.class).condition(),
				method, beanFactory);
	}

	private static boolean matches(DiscordEventListenerFactory.CompiledCondition condition,
			PayloadApplicationEvent<MessageCreateEvent> event) {
		return condition.matches(event, new Object[] { event.getPayload() });
	}

	private static PayloadApplicationEvent<MessageCreateEvent> event(long seq,
			String content, boolean bot) {
		MessageCreateEvent payload = (MessageCreateEvent) EventBinder.shared()
			.bind(message(seq, content, bot));
		return new PayloadApplicationEvent<>(new Object(), payload);
	}

	private static GatewayDispatch message(long seq, String content, boolean bot) {
		String json = "{\"t\":\"MESSAGE_CREATE\",\"s\":" + seq + ",\"op\":0,\"d\":{\"id\":\"" + seq
				+ "\",\"channel_id\":\"2\",\"content\":\"" + content + "\",\"author\":{\"id\":\"3\",\"username\":\"u\""
				+ (bot ? ",\"bot\":true" : "") + "}}}";
		return new GatewayDispatch(0, seq, "MESSAGE_CREATE", json.getBytes(StandardCharsets.UTF_8), System.nanoTime());
	}

	@Configuration(proxyBeanMethods = false)
	static class ConditionalListeners {

		final Map<String, Integer> calls = new ConcurrentHashMap<>();

		private void count(String name) {
			this.calls.merge(name, 1, Integer::sum);
		}

		@Bean
		Words words() {
			return new Words();
		}

		// the sample bot's condition: the parameter by name, a null-safe call, a comparison with a Boolean
		@EventListener(condition = "#event.message().content() == '!ping' and #event.message().author()?.bot() != true")
		void byName(MessageCreateEvent event) {
			count("byName");
		}

		@EventListener(condition = "#root.event.payload.message().content() == '!ping' and #root.args.length == 1")
		void rootEvent(MessageCreateEvent event) {
			count("rootEvent");
		}

		@EventListener(condition = "#a0.message().author().bot() == true")
		void a0(MessageCreateEvent event) {
			count("a0");
		}

		@EventListener(condition = "#p0.message().content() != '!ping'")
		void p0(MessageCreateEvent event) {
			count("p0");
		}

		@EventListener(condition = "@words.isPing(#event.message().content())")
		void bean(MessageCreateEvent event) {
			count("bean");
		}

		// Spring converts the value to Boolean: "yes" passes, "no" does not
		@EventListener(condition = "'yes'")
		void yesString(MessageCreateEvent event) {
			count("yesString");
		}

		@EventListener(condition = "'no'")
		void never(MessageCreateEvent event) {
			count("never");
		}

		@EventListener
		void noCondition(MessageCreateEvent event) {
			count("noCondition");
		}

	}

	/** Not a configuration: conditions the priming must leave alone, read by the tests directly. */
	static class GuardedConditions {

		@EventListener(condition = "#event.message().content() == '!ping' and @words.isPing(#event.message().content())")
		void guardedBean(MessageCreateEvent event) {
		}

		@EventListener(condition = "#event.message().editedTimestamp() != null and #event.message().editedTimestamp().getYear() > 2000")
		void guardedNull(MessageCreateEvent event) {
		}

	}

	static class Words {

		final AtomicInteger calls = new AtomicInteger();

		public boolean isPing(String content) {
			this.calls.incrementAndGet();
			return "!ping".equals(content);
		}

	}

}
