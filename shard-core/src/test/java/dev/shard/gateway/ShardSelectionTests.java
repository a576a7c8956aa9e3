package dev.shard.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ShardSelection} parsing and resolution, and guild routing.
 */
class ShardSelectionTests {

	@Test
	void allResolvesToEveryId() {
		assertThat(ShardSelection.parse("all").resolve(4)).containsExactly(0, 1, 2, 3);
		assertThat(ShardSelection.parse("").isAll()).isTrue();
		assertThat(ShardSelection.all().resolve(1)).containsExactly(0);
	}

	@Test
	void rangesListsAndMixes() {
		assertThat(ShardSelection.parse("0-3").resolve(16)).containsExactly(0, 1, 2, 3);
		assertThat(ShardSelection.parse("7,0,3").resolve(8)).containsExactly(0, 3, 7);
		assertThat(ShardSelection.parse(" 0-1, 5 ,8-9").resolve(10)).containsExactly(0, 1, 5, 8, 9);
		assertThat(ShardSelection.range(2, 4).resolve(5)).containsExactly(2, 3, 4);
		assertThat(ShardSelection.of(9, 1).resolve(10)).containsExactly(1, 9);
	}

	@Test
	void badInputIsRejectedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShardSelection.parse("0-x")).withMessageContaining("0-x");
		assertThatIllegalArgumentException().isThrownBy(() -> ShardSelection.parse("5-2")).withMessageContaining("5-2");
		assertThatIllegalArgumentException().isThrownBy(() -> ShardSelection.parse("1,,2"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShardSelection.parse("-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> ShardSelection.parse("0-15").resolve(8))
			.withMessageContaining("shard 15")
			.withMessageContaining("8 shard(s)");
	}

	@Test
	void guildRoutingUsesTheUnsignedSnowflake() {
		// shard_id = (guild_id >> 22) % num_shards (https://discord.com/developers/docs/events/gateway#sharding);
		// 41771983444115456 >> 22 = 9959216939.
		assertThat(ShardManager.shardFor(41771983444115456L, 3)).isEqualTo(2);
		assertThat(ShardManager.shardFor(41771983444115456L, 16)).isEqualTo(11);
		long huge = Long.parseUnsignedLong("18446744073709551615");
		// (2^64 - 1) >> 22 = 2^42 - 1 = 4398046511103, not a negative number.
		assertThat(ShardManager.shardFor(huge, 1000)).isEqualTo(103);
	}

}
