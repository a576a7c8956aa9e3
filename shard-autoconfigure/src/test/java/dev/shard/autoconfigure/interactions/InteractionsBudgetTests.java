package dev.shard.autoconfigure.interactions;

import dev.shard.event.EventBinder;
import dev.shard.model.Interaction;
import dev.shard.model.Snowflake;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Discord's 3 seconds start for the deadline guard: the interaction's snowflake time, unless the clocks
 * disagree.
 */
class InteractionsBudgetTests {

	private static Interaction createdAt(long epochMillis) {
		long id = (epochMillis - Snowflake.DISCORD_EPOCH) << 22;
		return EventBinder.shared().mapper().readValue("{\"id\":\"" + id + "\",\"token\":\"t\"}", Interaction.class);
	}

	@Test
	void theBudgetStartsAtTheSnowflakesTime() {
		long created = System.currentTimeMillis() - 800;
		assertThat(Interactions.budgetStart(createdAt(created))).isEqualTo(created);
	}

	@Test
	void anIdOlderThanTheBudgetOrFromTheFutureStartsItNow() {
		long now = System.currentTimeMillis();
		// a synthetic id, or a clock far behind Discord's: defer at once would help nobody
		assertThat(Interactions.budgetStart(createdAt(now - 60_000))).isBetween(now, now + 1000);
		assertThat(Interactions.budgetStart(createdAt(now + 60_000))).isBetween(now, now + 1000);
	}

}
