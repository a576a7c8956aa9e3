package dev.shard.autoconfigure.redis;

/**
 * {@code discord.gateway.coordination} asks for something this application cannot do (e.g. {@code redis} without
 * {@code shard-cluster} or Lettuce on the classpath). Start-up fails rather than run every shard uncoordinated in every instance.
 */
public class DiscordCoordinationException extends IllegalStateException {

	private final String value;

	private final boolean lettuceMissing;

	DiscordCoordinationException(String value, boolean lettuceMissing) {
		super(lettuceMissing
				? "discord.gateway.coordination=redis but shard-cluster (dev.shard:shard-cluster, which brings "
						+ "io.lettuce:lettuce-core) is not on the classpath"
				: "discord.gateway.coordination has the unknown value '" + value + "' (expected none or redis)");
		this.value = value;
		this.lettuceMissing = lettuceMissing;
	}

	/** The configured value. */
	public String value() {
		return this.value;
	}

	/** Whether the value is {@code redis} and {@code shard-cluster} or its Lettuce is missing. */
	public boolean isLettuceMissing() {
		return this.lettuceMissing;
	}

}
