package dev.shard.autoconfigure.redis;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Checks {@code discord.gateway.coordination} whenever it is set: {@code none} or {@code redis}, and {@code redis}
 * only with {@code shard-cluster} (and the Lettuce it brings) on the classpath. Anything else fails start-up ({@link DiscordCoordinationFailureAnalyzer}
 * explains it) instead of silently running every shard in every instance. Loads no Redis class itself.
 */
@AutoConfiguration(before = DiscordRedisAutoConfiguration.class)
@ConditionalOnProperty(name = "discord.gateway.coordination")
public final class DiscordCoordinationAutoConfiguration {

	static final String LETTUCE_CLIENT = "io.lettuce.core.RedisClient";

	static final String CLUSTER_CLIENT = "dev.shard.cluster.ClusterRedisClient";

	DiscordCoordinationAutoConfiguration() {
	}

	@Bean
	CoordinationCheck discordCoordinationCheck(Environment environment) {
		return new CoordinationCheck(environment.getProperty("discord.gateway.coordination", "none"));
	}

	/** Fails the context when the coordination setting cannot be honoured. */
	static final class CoordinationCheck implements BeanClassLoaderAware, InitializingBean {

		private final String value;

		private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

		CoordinationCheck(String value) {
			this.value = value.trim();
		}

		@Override
		public void setBeanClassLoader(ClassLoader classLoader) {
			this.classLoader = classLoader;
		}

		@Override
		public void afterPropertiesSet() {
			if (this.value.equalsIgnoreCase("none")) {
				return;
			}
			if (!this.value.equalsIgnoreCase("redis")) {
				throw new DiscordCoordinationException(this.value, false);
			}
			if (!ClassUtils.isPresent(CLUSTER_CLIENT, this.classLoader)
					|| !ClassUtils.isPresent(LETTUCE_CLIENT, this.classLoader)) {
				throw new DiscordCoordinationException(this.value, true);
			}
		}

	}

}
