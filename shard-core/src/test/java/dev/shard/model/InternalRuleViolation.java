package dev.shard.model;

import dev.shard.gateway.internal.Redaction;

/**
 * Test fixture for {@code ArchitectureTests}' self-checks, never part of a rule's real input: a class outside
 * {@code dev.shard.gateway} that reaches into {@code dev.shard.gateway.internal}.
 */
public final class InternalRuleViolation {

	private InternalRuleViolation() {
	}

	public static String mask(String text) {
		return Redaction.mask(text);
	}

}
