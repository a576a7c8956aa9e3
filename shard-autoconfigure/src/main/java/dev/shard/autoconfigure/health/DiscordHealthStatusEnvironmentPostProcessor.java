package dev.shard.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Registers the {@link DiscordHealthIndicator#DEGRADED DEGRADED} status with the health endpoint as defaults with
 * the lowest precedence, so that any value the application sets wins:
 * <ul>
 * <li>{@code management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown} (Boot's order with
 * {@code degraded} before {@code up}; a status missing from the order is ignored by the aggregation);</li>
 * <li>{@code management.endpoint.health.status.http-mapping.degraded=200}, with Boot's own {@code down} and
 * {@code out-of-service} mappings to 503 restated, because any explicit mapping replaces Boot's defaults.</li>
 * </ul>
 * An application that sets its own {@code status.order} must list {@code degraded} in it.
 * Nothing is added when {@code management.health.discord.enabled=false}.
 */
final class DiscordHealthStatusEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Name of the property source holding the defaults. */
	static final String PROPERTY_SOURCE_NAME = "discordHealthStatusDefaults";

	private static final String STATUS = "management.endpoint.health.status.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("management.health.discord.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(STATUS + "order", "down,out-of-service,degraded,up,unknown");
		defaults.put(STATUS + "http-mapping.down", 503);
		defaults.put(STATUS + "http-mapping.out-of-service", 503);
		defaults.put(STATUS + "http-mapping.degraded", 200);
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

}
