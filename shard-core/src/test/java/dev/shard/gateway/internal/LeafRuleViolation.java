package dev.shard.gateway.internal;

import dev.shard.gateway.ShardState;

/**
 * Test fixture for {@code ArchitectureTests}' self-checks, never part of a rule's real input: an internal class
 * that uses the API package (breaks the leaf rule and, with the API's use of internal, makes a package cycle).
 */
public final class LeafRuleViolation {

	private LeafRuleViolation() {
	}

	public static boolean isTerminal(ShardState state) {
		return state.isTerminal();
	}

}
