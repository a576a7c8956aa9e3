package dev.shard.gateway;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static dev.shard.gateway.ShardState.CONNECTED;
import static dev.shard.gateway.ShardState.CONNECTING;
import static dev.shard.gateway.ShardState.DISCONNECTED;
import static dev.shard.gateway.ShardState.DISCONNECTING;
import static dev.shard.gateway.ShardState.FATALLY_CLOSED;
import static dev.shard.gateway.ShardState.HANDSHAKING;
import static dev.shard.gateway.ShardState.IDENTIFYING;
import static dev.shard.gateway.ShardState.RECONNECTING;
import static dev.shard.gateway.ShardState.RESUMING;
import static dev.shard.gateway.ShardState.SHUT_DOWN;
import static org.assertj.core.api.Assertions.assertThat;

/** The shard's state machine: the legal moves as data, and what an illegal one does (refused, state kept). */
class ShardStateMachineTests {

	private static ShardStateMachine machine() {
		ShardConfig config = ShardConfig.builder("t").build();
		return new ShardStateMachine(new ShardContext(0, 1, config, LoggerFactory.getLogger(Shard.class.getName() + ".0"),
				config.jsonMapper(), ShardObserver.NONE, null));
	}

	@Test
	void everyStateHasItsMoves() {
		assertThat(ShardStateMachine.LEGAL).containsOnlyKeys(ShardState.values());
		for (ShardState terminal : EnumSet.of(FATALLY_CLOSED, SHUT_DOWN)) {
			assertThat(ShardStateMachine.LEGAL.get(terminal)).as("%s", terminal).isEmpty();
		}
		// a stopping shard only ends
		assertThat(ShardStateMachine.LEGAL.get(DISCONNECTING)).containsExactlyInAnyOrder(SHUT_DOWN, FATALLY_CLOSED);
		// every live state may be shut down or fail fatally
		for (ShardState live : EnumSet.complementOf(EnumSet.of(DISCONNECTING, FATALLY_CLOSED, SHUT_DOWN))) {
			assertThat(ShardStateMachine.LEGAL.get(live)).as("%s", live).contains(DISCONNECTING, FATALLY_CLOSED);
		}
		// SHUT_DOWN only through DISCONNECTING
		for (ShardState from : ShardState.values()) {
			assertThat(ShardStateMachine.isLegal(from, SHUT_DOWN)).as("%s", from).isEqualTo(from == DISCONNECTING);
		}
	}

	@Test
	void aConnectionGoesLiveAndReconnects() {
		ShardStateMachine machine = machine();
		assertThat(machine.state()).isEqualTo(DISCONNECTED);
		for (ShardState next : new ShardState[] { CONNECTING, HANDSHAKING, IDENTIFYING, CONNECTED, RECONNECTING,
				CONNECTING, HANDSHAKING, RESUMING, CONNECTED }) {
			assertThat(machine.transition(next)).as("to %s", next).isTrue();
			assertThat(machine.state()).isEqualTo(next);
		}
		// the current state again is no change
		assertThat(machine.transition(CONNECTED)).isTrue();
		assertThat(machine.state()).isEqualTo(CONNECTED);
	}

	/** An illegal move is refused and leaves the state as it was: a step of the handshake loses to a shutdown. */
	@Test
	void anIllegalMoveIsRefused() {
		ShardStateMachine machine = machine();
		assertThat(machine.transition(CONNECTED)).isFalse();
		assertThat(machine.state()).isEqualTo(DISCONNECTED);
		machine.transition(CONNECTING);
		machine.transition(DISCONNECTING);
		for (ShardState step : Set.of(HANDSHAKING, IDENTIFYING, RESUMING, CONNECTED, RECONNECTING, CONNECTING)) {
			assertThat(machine.transition(step)).as("to %s", step).isFalse();
			assertThat(machine.state()).isEqualTo(DISCONNECTING);
		}
		assertThat(machine.transition(SHUT_DOWN)).isTrue();
		for (ShardState any : ShardState.values()) {
			if (any != SHUT_DOWN) {
				assertThat(machine.transition(any)).as("to %s", any).isFalse();
			}
		}
		assertThat(machine.state()).isEqualTo(SHUT_DOWN);
	}

	/** A close under way wins over a READY that arrives after it: the shard does not show CONNECTED meanwhile. */
	@Test
	void aCloseUnderWayIsNotUndoneByALateReady() {
		ShardStateMachine machine = machine();
		for (ShardState next : new ShardState[] { CONNECTING, HANDSHAKING, IDENTIFYING, RECONNECTING }) {
			machine.transition(next);
		}
		assertThat(machine.transition(CONNECTED)).isFalse();
		assertThat(machine.state()).isEqualTo(RECONNECTING);
	}

}
