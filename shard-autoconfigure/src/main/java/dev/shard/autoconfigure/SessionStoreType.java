package dev.shard.autoconfigure;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/** Where the shards' sessions are kept between runs ({@code discord.gateway.session-store.type}). */
public enum SessionStoreType {

	/** Nowhere: every start identifies. */
	NONE,

	/** In this JVM: survives a restart of the application context, such as a DevTools restart. */
	MEMORY,

	/** A directory of files, with a lock per shard. */
	FILE,

	/** A table of the application's {@code DataSource}. */
	JDBC,

	/** Redis, through the shard leases of {@code discord.gateway.coordination=redis}. */
	REDIS;

	/** The property that sets it. */
	public static final String PROPERTY = "discord.gateway.session-store.type";

	private static final String DEVTOOLS_RESTARTER = "org.springframework.boot.devtools.restart.Restarter";

	/**
	 * The type in effect: the property if set, else {@link #REDIS} with {@code coordination=redis}, {@link #MEMORY}
	 * when DevTools is on the classpath, otherwise {@link #NONE}.
	 * @param environment the environment
	 * @param classLoader where to look for DevTools
	 * @return the type
	 */
	public static SessionStoreType resolve(Environment environment, ClassLoader classLoader) {
		SessionStoreType configured = Binder.get(environment).bind(PROPERTY, SessionStoreType.class).orElse(null);
		if (configured != null) {
			return configured;
		}
		if ("redis".equalsIgnoreCase(environment.getProperty("discord.gateway.coordination", "none").trim())) {
			return REDIS;
		}
		return ClassUtils.isPresent(DEVTOOLS_RESTARTER, classLoader) ? MEMORY : NONE;
	}

}
