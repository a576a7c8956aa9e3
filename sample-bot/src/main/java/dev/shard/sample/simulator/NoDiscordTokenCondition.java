package dev.shard.sample.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no bot token is configured: neither {@code discord.token} nor the {@code DISCORD_TOKEN}
 * environment variable (which binds to the same property), or only a blank one; and no test brings its own
 * simulator ({@code @AutoConfigureDiscordSimulator}, whose settings are {@code discord.simulator.*}).
 */
final class NoDiscordTokenCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String token = context.getEnvironment().getProperty("discord.token");
		if (StringUtils.hasText(token)) {
			return ConditionOutcome.noMatch("discord.token is set");
		}
		if (context.getEnvironment().containsProperty("discord.simulator.guilds")) {
			return ConditionOutcome.noMatch("a test's @AutoConfigureDiscordSimulator brings its own simulator");
		}
		return ConditionOutcome.match("no discord.token (or DISCORD_TOKEN) is set");
	}

}
