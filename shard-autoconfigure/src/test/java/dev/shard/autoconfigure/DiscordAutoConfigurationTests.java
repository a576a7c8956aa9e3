package dev.shard.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.shard.gateway.Compression;
import dev.shard.gateway.DeliveryThreads;
import dev.shard.gateway.IdentifyRateLimiter;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShutdownMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conditions, properties and back-off of {@link DiscordAutoConfiguration}. The shards are not started here
 * ({@code discord.enabled=false}); the {@code @SpringBootTest} classes run them against the simulator.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiscordAutoConfigurationTests {

	private static final String TOKEN = "MTIz.secret-token-value.xyz";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DiscordAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false");

	@Test
	void runWithoutTokenShouldNotConfigureAnything() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DiscordAutoConfiguration.class)
			.doesNotHaveBean(DiscordGatewayLifecycle.class)
			.doesNotHaveBean(DiscordProperties.class));
	}

	@Test
	void runWithTokenShouldConfigureEveryBean() {
		this.runner.withPropertyValues("discord.token=" + TOKEN).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(DiscordProperties.class)
				.hasSingleBean(DiscordConnectionDetails.class)
				.hasSingleBean(DiscordPropertiesMapper.class)
				.hasSingleBean(DiscordEventBridge.class)
				.hasSingleBean(GatewayShards.class)
				.hasSingleBean(dev.shard.gateway.InMemoryIdentifyRateLimiter.class)
				.hasSingleBean(dev.shard.gateway.GatewayDiscovery.class)
				.hasSingleBean(DiscordGatewayLifecycle.class)
				.hasBean("discordTokenSanitizingFunction");
			assertThat(context.getBean(DiscordConnectionDetails.class))
				.isInstanceOf(PropertiesDiscordConnectionDetails.class);
			DiscordGatewayLifecycle lifecycle = context.getBean(DiscordGatewayLifecycle.class);
			assertThat(lifecycle.isAutoStartup()).isFalse();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(lifecycle.getPhase()).isEqualTo(Integer.MAX_VALUE - 512);
			assertThat(context.getBean(dev.shard.gateway.InMemoryIdentifyRateLimiter.class).window())
				.isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void runWithEmptyTokenShouldFailWithAdvice() {
		this.runner.withPropertyValues("discord.token=").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			DiscordTokenMissingException cause = findCause(failure, DiscordTokenMissingException.class);
			assertThat(cause).isNotNull();
			FailureAnalysis analysis = new DiscordTokenMissingFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("discord.token");
			assertThat(analysis.getAction()).contains("DISCORD_TOKEN").contains("discord.token")
				.contains("DiscordConnectionDetails");
		});
	}

	@Test
	void applicationWithEmptyTokenShouldPrintTheFailureAnalysis(CapturedOutput output) {
		// a real SpringApplication, so that the analyzer is found through META-INF/spring.factories
		assertThatThrownBy(() -> new SpringApplicationBuilder(NoBeans.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run("--discord.token=", "--discord.enabled=false")).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("no bot token is set: the property 'discord.token' is empty")
			.contains("DISCORD_TOKEN");
	}

	@Test
	void runWithUserConnectionDetailsShouldNotNeedTheTokenProperty() {
		this.runner.withUserConfiguration(SimulatorConnectionDetailsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DiscordGatewayLifecycle.class);
			assertThat(context.getBean(DiscordConnectionDetails.class))
				.isSameAs(context.getBean(SimulatorConnectionDetailsConfiguration.class).details);
			ShardConfig config = context.getBean(DiscordPropertiesMapper.class).toShardConfigBuilder().build();
			assertThat(config.gatewayUrl()).isEqualTo(URI.create("ws://127.0.0.1:9/gateway"));
			assertThat(config.token()).isEqualTo("sim-token");
		});
	}

	@Test
	void runWithoutReactorNettyShouldBackOff() {
		this.runner.withPropertyValues("discord.token=" + TOKEN)
			.withClassLoader(new FilteredClassLoader(HttpClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DiscordGatewayLifecycle.class));
	}

	@Test
	void runWithoutActuatorShouldNotDefineTheSanitizingFunction() {
		this.runner.withPropertyValues("discord.token=" + TOKEN)
			.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DiscordGatewayLifecycle.class)
				.doesNotHaveBean("discordTokenSanitizingFunction"));
	}

	@Test
	void defaultsShouldMatchTheDocumentation() {
		this.runner.withPropertyValues("discord.token=" + TOKEN).run((context) -> {
			DiscordProperties properties = context.getBean(DiscordProperties.class);
			assertThat(properties.apiBaseUrl()).isEqualTo(URI.create("https://discord.com/api/v10"));
			DiscordProperties.Gateway gateway = properties.gateway();
			assertThat(gateway.url()).isNull();
			assertThat(gateway.intents()).containsExactly("auto");
			assertThat(gateway.compression()).isEqualTo(Compression.ZLIB_STREAM);
			assertThat(gateway.shards().total()).isEqualTo("auto");
			assertThat(gateway.shards().ids()).containsExactly("all");
			assertThat(gateway.largeThreshold()).isEqualTo(50);
			assertThat(gateway.eventBufferSize()).isEqualTo(1024);
			assertThat(gateway.shutdown()).isNull();
			// no session store: nothing could resume the session, so it ends (close 1000)
			assertThat(context.getBean(DiscordGatewayLifecycle.class).shutdownMode()).isEqualTo(ShutdownMode.FINAL);
			assertThat(gateway.sessionStore().type()).isNull();
			assertThat(gateway.sessionStore().checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(gateway.sessionStore().lockWait()).isEqualTo(Duration.ofSeconds(60));
			assertThat(gateway.sessionStore().file().directory()).isEqualTo(".shard/sessions");
			assertThat(gateway.sessionStore().jdbc().tableName()).isEqualTo("discord_gateway_session");
			assertThat(gateway.sessionStore().jdbc().initializeSchema()).isFalse();
			assertThat(gateway.readiness()).isTrue();
			assertThat(gateway.presence().status()).isEqualTo("online");
			assertThat(gateway.presence().activity().name()).isNull();
			DiscordPropertiesMapper mapper = context.getBean(DiscordPropertiesMapper.class);
			assertThat(mapper.intents().auto()).isTrue();
			assertThat(mapper.totalShards()).isEmpty();
			assertThat(mapper.shardIds().isAll()).isTrue();
			ShardConfig config = mapper.toShardConfigBuilder().build();
			assertThat(config.compression()).isEqualTo(Compression.ZLIB_STREAM);
			assertThat(config.presence()).isNull();
			assertThat(config.helloTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(config.sessionResumeWindow()).isEqualTo(Duration.ofMinutes(5));
			assertThat(config.eventBufferSize()).isEqualTo(1024);
			assertThat(config.maxInboundMessageSize()).isEqualTo(64 * 1024 * 1024);
			assertThat(config.token()).isEqualTo(TOKEN);
		});
	}

	@Test
	void overridesShouldReachTheShardConfig() {
		this.runner
			.withPropertyValues("discord.token=Bot " + TOKEN, "discord.api-base-url=http://127.0.0.1:1/api/v10",
					"discord.gateway.url=ws://127.0.0.1:2", "discord.gateway.intents=GUILDS,guild-messages,4096",
					"discord.gateway.compression=zstd-stream", "discord.gateway.shards.total=16",
					"discord.gateway.shards.ids=0-3,8", "discord.gateway.large-threshold=250",
					"discord.gateway.presence.status=dnd", "discord.gateway.presence.activity.type=watching",
					"discord.gateway.presence.activity.name=the logs", "discord.gateway.event-buffer-size=64",
					"discord.gateway.shutdown=final", "discord.gateway.readiness=false",
					"discord.gateway.hello-timeout=3s", "discord.gateway.ready-timeout=4s",
					"discord.gateway.session-resume-window=90s", "discord.gateway.max-inbound-message-size=8MB", "discord.gateway.reconnect.initial-delay=100ms",
					"discord.gateway.reconnect.max-delay=2s", "discord.gateway.reconnect.multiplier=3",
					"discord.gateway.invalid-session-delay-min=10ms", "discord.gateway.invalid-session-delay-max=20ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DiscordConnectionDetails details = context.getBean(DiscordConnectionDetails.class);
				assertThat(details.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:1/api/v10"));
				DiscordPropertiesMapper mapper = context.getBean(DiscordPropertiesMapper.class);
				assertThat(mapper.intents()).isEqualTo(new DiscordPropertiesMapper.IntentsSetting(false, 1 | 512 | 4096));
				assertThat(mapper.totalShards()).hasValue(16);
				assertThat(mapper.shardIds().resolve(16)).containsExactly(0, 1, 2, 3, 8);
				ShardConfig config = mapper.toShardConfigBuilder().build();
				assertThat(config.token()).isEqualTo(TOKEN);
				assertThat(config.intents()).isEqualTo(1 | 512 | 4096);
				assertThat(config.gatewayUrl()).isEqualTo(URI.create("ws://127.0.0.1:2"));
				assertThat(config.compression()).isEqualTo(Compression.ZSTD_STREAM);
				assertThat(config.largeThreshold()).isEqualTo(250);
				assertThat(config.presence().status()).isEqualTo("dnd");
				assertThat(config.presence().activities()).singleElement()
					.satisfies((a) -> assertThat(a.name()).isEqualTo("the logs"))
					.satisfies((a) -> assertThat(a.type().value()).isEqualTo(3));
				assertThat(config.eventBufferSize()).isEqualTo(64);
				assertThat(config.helloTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(config.sessionResumeWindow()).isEqualTo(Duration.ofSeconds(90));
				assertThat(config.maxInboundMessageSize()).isEqualTo(8 * 1024 * 1024);
				assertThat(config.reconnectBackoff())
					.isEqualTo(new ShardConfig.Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 3));
				assertThat(config.invalidSessionDelayMin()).isEqualTo(Duration.ofMillis(10));
				assertThat(config.invalidSessionDelayMax()).isEqualTo(Duration.ofMillis(20));
				DiscordProperties.Gateway gateway = context.getBean(DiscordProperties.class).gateway();
				assertThat(gateway.shutdown()).isEqualTo(ShutdownMode.FINAL);
				assertThat(gateway.readiness()).isFalse();
			});
	}

	@Test
	void intentsShouldAcceptAYamlStyleListAndAutoWithExtras() {
		this.runner
			.withPropertyValues("discord.token=" + TOKEN, "discord.gateway.intents[0]=auto",
					"discord.gateway.intents[1]=MESSAGE_CONTENT")
			.run((context) -> assertThat(context.getBean(DiscordPropertiesMapper.class).intents())
				.isEqualTo(new DiscordPropertiesMapper.IntentsSetting(true, 32768)));
	}

	@Test
	void shardIdsShouldAcceptAList() {
		this.runner
			.withPropertyValues("discord.token=" + TOKEN, "discord.gateway.shards.total=4",
					"discord.gateway.shards.ids[0]=0", "discord.gateway.shards.ids[1]=3")
			.run((context) -> assertThat(context.getBean(DiscordPropertiesMapper.class).shardIds().resolve(4))
				.containsExactly(0, 3));
	}

	@Test
	void invalidValuesShouldFailWithThePropertyName() {
		assertInvalid("discord.gateway.intents=GUILDS,NOT_AN_INTENT", "discord.gateway.intents", "Unknown intent");
		assertInvalid("discord.gateway.shards.total=zero", "discord.gateway.shards.total", "'auto' or a number");
		assertInvalid("discord.gateway.shards.total=0", "discord.gateway.shards.total", "'auto' or a number");
		assertInvalid("discord.gateway.shards.ids=3-1", "discord.gateway.shards.ids", "0 <= from <= to");
		assertInvalid("discord.gateway.shards.ids=x", "discord.gateway.shards.ids", "is not 'all'");
		assertInvalid("discord.gateway.large-threshold=20", "discord.gateway.large-threshold", "between 50 and 250");
		assertInvalid("discord.gateway.event-buffer-size=0", "discord.gateway.event-buffer-size", "at least 1");
		assertInvalid("discord.gateway.hello-timeout=0s", "discord.gateway.hello-timeout", "positive");
		assertInvalid("discord.gateway.session-resume-window=0s", "discord.gateway.session-resume-window", "positive");
		assertInvalid("discord.gateway.presence.status=happy", "discord.gateway.presence.status", "online");
		assertInvalid("discord.gateway.max-inbound-message-size=1KB", "discord.gateway.max-inbound-message-size",
				"4KB");
		this.runner
			.withPropertyValues("discord.token=" + TOKEN, "discord.gateway.shards.total=4",
					"discord.gateway.shards.ids=0-4")
			.run((context) -> {
				InvalidConfigurationPropertyValueException ex = findCause(context.getStartupFailure(),
						InvalidConfigurationPropertyValueException.class);
				assertThat(ex.getName()).isEqualTo("discord.gateway.shards.ids");
				assertThat(ex.getMessage()).contains("has only 4 shard(s)");
			});
	}

	private void assertInvalid(String property, String name, String reason) {
		this.runner.withPropertyValues("discord.token=" + TOKEN, property).run((context) -> {
			assertThat(context).hasFailed();
			InvalidConfigurationPropertyValueException ex = findCause(context.getStartupFailure(),
					InvalidConfigurationPropertyValueException.class);
			assertThat(ex).as(property).isNotNull();
			assertThat(ex.getName()).isEqualTo(name);
			assertThat(ex.getReason()).containsIgnoringCase(reason);
			assertThat(String.valueOf(context.getStartupFailure())).doesNotContain(TOKEN);
		});
	}

	@Test
	void userBeansShouldWin() {
		this.runner.withPropertyValues("discord.token=" + TOKEN)
			.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(DiscordPropertiesMapper.class)
					.isSameAs(context.getBean(UserBeansConfiguration.class).mapper);
				assertThat(context).hasSingleBean(DiscordPropertiesMapper.class);
				assertThat(context).hasSingleBean(IdentifyRateLimiter.class);
				assertThat(context.getBean(GatewayShards.class).identifyLimiter())
					.isSameAs(context.getBean("myLimiter"));
			});
	}

	@Test
	void userSanitizingFunctionOfTheSameNameShouldWin() {
		this.runner.withPropertyValues("discord.token=" + TOKEN)
			.withUserConfiguration(UserSanitizerConfiguration.class)
			.run((context) -> assertThat(context.getBean("discordTokenSanitizingFunction"))
				.isSameAs(UserSanitizerConfiguration.FUNCTION));
	}

	@Test
	void deliveryThreadsShouldBeSharedUnlessSizedAndThenClosedWithTheContext() {
		this.runner.withPropertyValues("discord.token=" + TOKEN).run((context) -> {
			assertThat(context).doesNotHaveBean(DeliveryThreads.class);
			assertThat(shardConfig(context).deliveryThreads()).isEmpty();
		});
		DeliveryThreads[] own = new DeliveryThreads[1];
		this.runner.withPropertyValues("discord.token=" + TOKEN, "discord.gateway.delivery-threads=3").run((context) -> {
			own[0] = context.getBean(DeliveryThreads.class);
			assertThat(own[0].size()).isEqualTo(3);
			assertThat(shardConfig(context).deliveryThreads()).containsSame(own[0]);
		});
		// that a closed pool refuses work is DeliveryThreadsTests' part
		assertThat(own[0].isClosed()).isTrue();
		assertInvalid("discord.gateway.delivery-threads=0", "discord.gateway.delivery-threads", "at least 1");
	}

	private static ShardConfig shardConfig(org.springframework.context.ApplicationContext context) {
		return new ShardConfigFactory(context.getBean(DiscordPropertiesMapper.class),
				context.getBeanProvider(ShardConfigCustomizer.class))
			.create(java.util.Set.of(), false);
	}

	@Test
	void customizersShouldApplyInOrderAfterProperties() {
		this.runner.withPropertyValues("discord.token=" + TOKEN, "discord.gateway.intents=GUILDS")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				ShardConfigFactory factory = new ShardConfigFactory(context.getBean(DiscordPropertiesMapper.class),
						context.getBeanProvider(ShardConfigCustomizer.class));
				ShardConfig config = factory.create(java.util.Set.of(), false);
				// second (order 2) runs after first (order 1): 50 -> 100 -> 200
				assertThat(config.largeThreshold()).isEqualTo(200);
				assertThat(config.intents()).isEqualTo(1);
			});
	}

	@Test
	void autoIntentsShouldComeFromListenedTypes() {
		assertThat(ShardConfigFactory.autoIntents(java.util.Set.of("MESSAGE_CREATE"), false, 0))
			.isEqualTo(512 | 4096);
		assertThat(ShardConfigFactory.autoIntents(java.util.Set.of("GUILD_CREATE", "GUILD_MEMBER_ADD"), false, 32768))
			.isEqualTo(1 | 2 | 32768);
		assertThat(ShardConfigFactory.autoIntents(java.util.Set.of(), false, 0)).isZero();
		assertThat(ShardConfigFactory.autoIntents(java.util.Set.of(), true, 0))
			.isEqualTo(GatewayIntents.ALL_NON_PRIVILEGED);
	}

	@Test
	void tokenShouldNotAppearInToStringOrSanitizedActuatorValues() {
		this.runner.withPropertyValues("discord.token=" + TOKEN).run((context) -> {
			assertThat(context.getBean(DiscordProperties.class).toString()).doesNotContain(TOKEN)
				.contains("[redacted]");
			assertThat(context.getBean(DiscordConnectionDetails.class).toString()).doesNotContain(TOKEN);
			assertThat(context.getBean(DiscordPropertiesMapper.class).toShardConfigBuilder().build().toString())
				.doesNotContain(TOKEN);
			SanitizingFunction function = context.getBean("discordTokenSanitizingFunction", SanitizingFunction.class);
			MapPropertySource source = new MapPropertySource("test", java.util.Map.of());
			assertThat(function.apply(new SanitizableData(source, "discord.token", TOKEN)).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "DISCORD_TOKEN", TOKEN)).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "token", TOKEN)).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "sun.java.command", "app.jar --discord.token=" + TOKEN))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(new SanitizableData(source, "discord.gateway.compression", "zlib-stream"))
				.getValue()).isEqualTo("zlib-stream");
		});
	}

	@Test
	void propertiesShouldHaveGeneratedMetadata() throws Exception {
		JsonNode metadata = null;
		var resources = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			var url = resources.nextElement();
			if (url.toString().contains("shard-autoconfigure")) {
				try (var in = url.openStream()) {
					metadata = JsonMapper.builder().build().readTree(in);
				}
			}
		}
		assertThat(metadata).isNotNull();
		java.util.Map<String, JsonNode> properties = new java.util.HashMap<>();
		metadata.get("properties").forEach((p) -> properties.put(p.get("name").asString(), p));
		assertThat(properties).containsKeys("discord.token", "discord.enabled", "discord.api-base-url",
				"discord.gateway.url", "discord.gateway.intents", "discord.gateway.compression",
				"discord.gateway.shards.total", "discord.gateway.shards.ids", "discord.gateway.large-threshold",
				"discord.gateway.presence.status", "discord.gateway.presence.activity.name",
				"discord.gateway.event-buffer-size", "discord.gateway.shutdown", "discord.gateway.readiness");
		assertThat(properties.get("discord.api-base-url").get("defaultValue").asString())
			.isEqualTo("https://discord.com/api/v10");
		assertThat(properties.get("discord.gateway.event-buffer-size").get("description").asString())
			.startsWith("Dispatches buffered per shard");
		assertThat(properties.values()).allSatisfy((p) -> assertThat(p.get("description")).as(p.toString()).isNotNull());
		java.util.List<String> hinted = new java.util.ArrayList<>();
		metadata.get("hints").forEach((h) -> hinted.add(h.get("name").asString()));
		assertThat(hinted).contains("discord.gateway.intents", "discord.gateway.shards.total");
	}

	@SuppressWarnings("unchecked")
	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable t = failure;
		while (t != null) {
			if (type.isInstance(t)) {
				return (T) t;
			}
			t = t.getCause();
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration(DiscordAutoConfiguration.class)
	static class NoBeans {

	}

	@Configuration(proxyBeanMethods = false)
	static class SimulatorConnectionDetailsConfiguration {

		final DiscordConnectionDetails details = new DiscordConnectionDetails() {

			@Override
			public String token() {
				return "sim-token";
			}

			@Override
			public URI apiBaseUrl() {
				return URI.create("http://127.0.0.1:9/api/v10");
			}

			@Override
			public URI gatewayUrl() {
				return URI.create("ws://127.0.0.1:9/gateway");
			}

		};

		@Bean
		DiscordConnectionDetails simulatorConnectionDetails() {
			return this.details;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		DiscordPropertiesMapper mapper;

		@Bean
		DiscordPropertiesMapper myMapper(DiscordProperties properties, DiscordConnectionDetails details) {
			this.mapper = new DiscordPropertiesMapper(properties, details);
			return this.mapper;
		}

		@Bean
		IdentifyRateLimiter myLimiter() {
			return (shardId) -> Mono.just(new IdentifyRateLimiter.IdentifyPermit(shardId, 0, 0));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSanitizerConfiguration {

		static final SanitizingFunction FUNCTION = (data) -> data;

		@Bean
		SanitizingFunction discordTokenSanitizingFunction() {
			return FUNCTION;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@Order(2)
		ShardConfigCustomizer second() {
			return (builder) -> builder.largeThreshold(200);
		}

		@Bean
		@Order(1)
		ShardConfigCustomizer first() {
			return (builder) -> builder.largeThreshold(100);
		}

	}

}
