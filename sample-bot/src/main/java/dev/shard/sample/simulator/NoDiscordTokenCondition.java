package dev.shard.sample.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no bot token is configured: neither {@code discord.token} nor the {@code DISCORD_TOKEN}
 * environment variable (which binds to the same property), or only a blank one.
 */
final class NoDiscordTokenCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String token = context.getEnvironment().getProperty("discord.token");
		return StringUtils.hasText(token) ? ConditionOutcome.noMatch("discord.token is set")
				: ConditionOutcome.match("no discord.token (or DISCORD_TOKEN) is set");
	}

}
