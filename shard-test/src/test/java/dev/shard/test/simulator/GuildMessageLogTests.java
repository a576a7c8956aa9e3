/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GuildMessageLog}: a duplicate, a gap or a reordering in a guild is a problem; other contents are ignored. */
class GuildMessageLogTests {

	@Test
	void eachMessageOnceInOrderHasNoProblem() {
		GuildMessageLog log = log("1#1", "2#1", "1#2", "hello", "2#2");
		assertThat(log.problems()).isEmpty();
		assertThat(log.delivered()).isEqualTo(4);
		assertThat(log.guilds()).containsExactlyInAnyOrder("1", "2");
	}

	@Test
	void aDuplicateAGapOrAReorderingIsAProblem() {
		assertThat(log("1#1", "1#1").problems()).containsExactly("guild 1: [1, 1]");
		assertThat(log("1#1", "1#3").problems()).containsExactly("guild 1: [1, 3]");
		assertThat(log("1#2", "1#1").problems()).containsExactly("guild 1: [2, 1]");
	}

	private static GuildMessageLog log(String... contents) {
		GuildMessageLog log = new GuildMessageLog();
		for (String content : contents) {
			log.record(content);
		}
		return log;
	}

}
