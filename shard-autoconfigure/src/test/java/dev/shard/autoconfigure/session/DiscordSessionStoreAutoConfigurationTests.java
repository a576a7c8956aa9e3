package dev.shard.autoconfigure.session;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;
import javax.tools.ToolProvider;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.SessionStoreType;
import dev.shard.autoconfigure.ShardManagerCustomizer;
import dev.shard.gateway.FileSessionStore;
import dev.shard.gateway.InMemorySessionStore;
import dev.shard.gateway.SessionStore;
import dev.shard.gateway.ShardConfig;
import dev.shard.gateway.ShardManager;
import dev.shard.gateway.ShutdownMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DiscordSessionStoreAutoConfiguration}: which store each {@code discord.gateway.session-store.type} defines,
 * the default shutdown mode that follows from it, and the combinations that fail start-up.
 */
class DiscordSessionStoreAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DiscordAutoConfiguration.class, DiscordSessionStoreAutoConfiguration.class))
		.withPropertyValues("discord.enabled=false", "discord.token=MTIz.session-store-test.xyz");

	@Test
	void runShouldDefineNoStoreByDefaultAndEndSessionsOnShutdown() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SessionStore.class);
			assertThat(shutdownMode(context)).isEqualTo(ShutdownMode.FINAL);
			assertThat(customized(context)).isNull();
		});
	}

	@Test
	void runShouldDefineAFileStoreInTheConfiguredDirectoryAndKeepSessionsOnShutdown() {
		this.runner
			.withPropertyValues("discord.gateway.session-store.type=file",
					"discord.gateway.session-store.file.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(FileSessionStore.class);
				assertThat(context.getBean(FileSessionStore.class).directory()).isEqualTo(this.directory);
				assertThat(shutdownMode(context)).isEqualTo(ShutdownMode.RESUMABLE);
				assertThat(customized(context)).isSameAs(context.getBean(SessionStore.class));
			});
	}

	@Test
	void runShouldUseTheJvmWideMemoryStoreOfTheApplicationName() {
		this.runner
			.withPropertyValues("discord.gateway.session-store.type=memory", "spring.application.name=store-test")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(InMemorySessionStore.class);
				assertThat(context.getBean(SessionStore.class)).isSameAs(InMemorySessionStore.shared("store-test"));
			});
	}

	@Test
	void runShouldDefineAJdbcStoreOnTheDataSource() {
		this.runner.withPropertyValues("discord.gateway.session-store.type=jdbc",
				"discord.gateway.session-store.jdbc.table-name=bot_sessions")
			.withBean(DataSource.class, () -> new SimpleDriverDataSource())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcSessionStore.class);
				assertThat(context.getBean(SessionStore.class).description()).isEqualTo("jdbc (bot_sessions)");
			});
	}

	@Test
	void runShouldFailWhenTheJdbcStoreHasNoDataSource() {
		this.runner.withPropertyValues("discord.gateway.session-store.type=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("needs one DataSource");
		});
	}

	@Test
	void runShouldFailWhenTheJdbcStoreHasNoSpringJdbc() {
		this.runner.withPropertyValues("discord.gateway.session-store.type=jdbc")
			.withClassLoader(new FilteredClassLoader("org.springframework.jdbc"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("needs spring-jdbc");
			});
	}

	@Test
	void runShouldFailWhenTheRedisStoreIsChosenWithoutRedisCoordination() {
		this.runner.withPropertyValues("discord.gateway.session-store.type=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("comes with discord.gateway.coordination=redis");
		});
	}

	@Test
	void runShouldBackOffForTheApplicationsOwnStore() {
		InMemorySessionStore own = new InMemorySessionStore();
		this.runner.withPropertyValues("discord.gateway.session-store.type=file")
			.withBean(SessionStore.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(FileSessionStore.class);
				assertThat(customized(context)).isSameAs(own);
			});
	}

	@Test
	void runShouldKeepAnExplicitShutdownMode() {
		this.runner
			.withPropertyValues("discord.gateway.session-store.type=file",
					"discord.gateway.session-store.file.directory=" + this.directory, "discord.gateway.shutdown=final")
			.run((context) -> assertThat(shutdownMode(context)).isEqualTo(ShutdownMode.FINAL));
	}

	@Test
	void theTypeDefaultsToRedisWithRedisCoordinationThenToMemoryWithDevTools() throws Exception {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(SessionStoreType.resolve(new MockEnvironment(), loader)).isEqualTo(SessionStoreType.NONE);
		assertThat(SessionStoreType.resolve(new MockEnvironment().withProperty("discord.gateway.coordination", "redis"),
				loader))
			.isEqualTo(SessionStoreType.REDIS);
		assertThat(SessionStoreType.resolve(
				new MockEnvironment().withProperty("discord.gateway.session-store.type", "FILE"), loader))
			.isEqualTo(SessionStoreType.FILE);
		assertThat(SessionStoreType.resolve(new MockEnvironment(), devToolsPresent(loader)))
			.isEqualTo(SessionStoreType.MEMORY);
	}

	private static ShutdownMode shutdownMode(org.springframework.context.ApplicationContext context) {
		// the lifecycle bean is package-private: read it through its public SmartLifecycle face's accessor
		Object lifecycle = context.getBean("discordGatewayLifecycle");
		try {
			var method = lifecycle.getClass().getDeclaredMethod("shutdownMode");
			method.setAccessible(true);
			return (ShutdownMode) method.invoke(lifecycle);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The store the starter's customizers give the shard manager, or {@code null}. */
	private static SessionStore customized(org.springframework.context.ApplicationContext context) {
		ShardManager.Builder builder = ShardManager.builder(ShardConfig.builder("MTIz.session-store-test.xyz").build())
			.sink((d) -> {
			});
		context.getBeanProvider(ShardManagerCustomizer.class).orderedStream().forEach((c) -> c.customize(builder));
		return builder.build().sessionStore().orElse(null);
	}

	/** A class loader with a stand-in for DevTools' restarter class (compiled here: it must not be on the test path). */
	private ClassLoader devToolsPresent(ClassLoader parent) throws Exception {
		Path sources = this.directory.resolve("devtools-src/org/springframework/boot/devtools/restart");
		Files.createDirectories(sources);
		Path source = sources.resolve("Restarter.java");
		Files.writeString(source, "package org.springframework.boot.devtools.restart; public class Restarter { }");
		Path classes = Files.createDirectories(this.directory.resolve("devtools-classes"));
		int result = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "-d", classes.toString(), source.toString());
		assertThat(result).isZero();
		return new URLClassLoader(new URL[] { classes.toUri().toURL() }, parent);
	}

}
