package dev.shard.autoconfigure.session;

import java.nio.file.Path;

import javax.sql.DataSource;

import dev.shard.autoconfigure.DiscordAutoConfiguration;
import dev.shard.autoconfigure.DiscordProperties;
import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.SessionStoreType;
import dev.shard.autoconfigure.ShardManagerCustomizer;
import dev.shard.gateway.FileSessionStore;
import dev.shard.gateway.InMemorySessionStore;
import dev.shard.gateway.SessionStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;

/**
 * The session store of the auto-configured shards ({@code discord.gateway.session-store.type}): a restarted
 * application resumes its shards' sessions from it instead of identifying again. {@code memory} and {@code file}
 * are defined here, {@code jdbc} on the application's {@code DataSource}, {@code redis} by the Redis coordination
 * (whose leases load and save the sessions themselves). Any {@link SessionStore} bean of the application is used
 * instead.
 * <p>
 * Combinations that cannot work fail start-up with the property at fault: {@code redis} without
 * {@code coordination=redis}, another store with it, {@code jdbc} without a {@code DataSource}.
 */
@AutoConfiguration(after = DiscordAutoConfiguration.class,
		afterName = { "dev.shard.autoconfigure.redis.DiscordRedisAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@ConditionalOnBean(GatewayShards.class)
public final class DiscordSessionStoreAutoConfiguration {

	static final String JDBC_CLIENT = "org.springframework.jdbc.core.simple.JdbcClient";

	DiscordSessionStoreAutoConfiguration() {
	}

	@Bean
	ShardManagerCustomizer discordSessionStoreCustomizer(ObjectProvider<SessionStore> store,
			DiscordProperties properties, Environment environment, ResourceLoader resourceLoader) {
		ClassLoader classLoader = (resourceLoader.getClassLoader() != null) ? resourceLoader.getClassLoader()
				: getClass().getClassLoader();
		SessionStoreType type = SessionStoreType.resolve(environment, classLoader);
		check(type, environment, classLoader);
		DiscordProperties.SessionStoreSettings settings = properties.gateway().sessionStore();
		return (builder) -> {
			if (type == SessionStoreType.REDIS) {
				return; // the shard leases load and checkpoint the sessions (fenced)
			}
			SessionStore resolved = store.getIfAvailable();
			if (resolved != null) {
				builder.sessionStore(resolved)
					.sessionCheckpoints(settings.checkpointInterval(), settings.checkpointEvery())
					.sessionLockWait(settings.lockWait());
			}
		};
	}

	private static void check(SessionStoreType type, Environment environment, ClassLoader classLoader) {
		if (type == SessionStoreType.JDBC && !ClassUtils.isPresent(JDBC_CLIENT, classLoader)) {
			throw new InvalidConfigurationPropertyValueException(SessionStoreType.PROPERTY, "jdbc",
					"The JDBC session store needs spring-jdbc: add spring-boot-starter-jdbc and a JDBC driver.");
		}
		boolean redisCoordination = "redis"
			.equalsIgnoreCase(environment.getProperty("discord.gateway.coordination", "none").trim());
		if (type == SessionStoreType.REDIS && !redisCoordination) {
			throw new InvalidConfigurationPropertyValueException(SessionStoreType.PROPERTY, "redis",
					"The Redis session store comes with discord.gateway.coordination=redis (its leases keep the "
							+ "sessions); set that, or choose memory, file or jdbc.");
		}
		if (redisCoordination && type != SessionStoreType.REDIS) {
			throw new InvalidConfigurationPropertyValueException(SessionStoreType.PROPERTY,
					type.name().toLowerCase(), "With discord.gateway.coordination=redis the shard leases keep the "
							+ "sessions in Redis; leave session-store.type unset or set it to redis.");
		}
	}

	/** {@code memory}: one store per application name in this JVM, so a DevTools restart finds its sessions. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnMemory.class)
	static class MemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		InMemorySessionStore discordSessionStore(Environment environment) {
			return InMemorySessionStore.shared(environment.getProperty("spring.application.name", "application"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnFile.class)
	static class FileStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		FileSessionStore discordSessionStore(DiscordProperties properties) {
			return new FileSessionStore(Path.of(properties.gateway().sessionStore().file().directory()));
		}

	}

	/** {@code jdbc}: a table of the application's {@code DataSource}, through Spring's {@link JdbcClient}. */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnJdbc.class)
	@ConditionalOnClass(name = JDBC_CLIENT)
	static class JdbcStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(SessionStore.class)
		JdbcSessionStore discordSessionStore(ObjectProvider<DataSource> dataSource, DiscordProperties properties) {
			DataSource source = dataSource.getIfUnique();
			if (source == null) {
				throw new InvalidConfigurationPropertyValueException(SessionStoreType.PROPERTY, "jdbc",
						"The JDBC session store needs one DataSource: add spring-boot-starter-jdbc and a driver, and "
								+ "set spring.datasource.url.");
			}
			DiscordProperties.JdbcStore jdbc = properties.gateway().sessionStore().jdbc();
			if (jdbc.initializeSchema()) {
				JdbcSessionStoreSchema.initialize(source, jdbc.tableName());
			}
			return new JdbcSessionStore(JdbcClient.create(source), jdbc.tableName());
		}

	}

	abstract static class OnType extends SpringBootCondition {

		private final SessionStoreType type;

		OnType(SessionStoreType type) {
			this.type = type;
		}

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			SessionStoreType resolved = SessionStoreType.resolve(context.getEnvironment(),
					(context.getClassLoader() != null) ? context.getClassLoader() : getClass().getClassLoader());
			String message = "session store type " + resolved.name().toLowerCase();
			return (resolved == this.type) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
		}

	}

	static final class OnMemory extends OnType {

		OnMemory() {
			super(SessionStoreType.MEMORY);
		}

	}

	static final class OnFile extends OnType {

		OnFile() {
			super(SessionStoreType.FILE);
		}

	}

	static final class OnJdbc extends OnType {

		OnJdbc() {
			super(SessionStoreType.JDBC);
		}

	}

}
