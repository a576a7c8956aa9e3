package dev.shard.gateway;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

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

/**
 * The only writer of a shard's {@link ShardState}: every change goes through {@link #transition}, which allows
 * only the moves in {@link #LEGAL}.
 * <p>
 * Threads: {@link #transition} may be called from any thread (the connection's event loop for the steps of a
 * handshake, the shard's lock holder for connects, reconnects and the end); it is a compare-and-set, so a check
 * of legality and the write that follows it cannot be split by another writer. Reads are volatile.
 */
final class ShardStateMachine {

	/**
	 * The legal moves, as data. A shard that is stopping ({@link ShardState#DISCONNECTING}) only ever ends, and a
	 * terminal state has no way out. Every live state may fail fatally, be shut down, or (once a connection was
	 * being opened) go back to reconnecting.
	 */
	static final Map<ShardState, Set<ShardState>> LEGAL = legal();

	private final ShardContext context;

	private final AtomicReference<ShardState> state = new AtomicReference<>(DISCONNECTED);

	ShardStateMachine(ShardContext context) {
		this.context = context;
	}

	ShardState state() {
		return this.state.get();
	}

	/**
	 * Moves to {@code next} if {@link #LEGAL} allows it from the current state; moving to the current state is no
	 * change and succeeds.
	 * <p>
	 * An illegal move is refused: the state stays, {@code false} is returned and the refusal is logged at DEBUG.
	 * It does not throw: refusals are how a step of a connection that is going away loses a race to the shard's
	 * end or to a close under way (HANDSHAKING after DISCONNECTING, CONNECTED after a close started, RECONNECTING
	 * after SHUT_DOWN). {@code ShardStateMachineTests} holds the table itself.
	 * @param next the state to move to
	 * @return whether the shard is now in {@code next}
	 */
	boolean transition(ShardState next) {
		while (true) {
			ShardState from = this.state.get();
			if (from == next) {
				return true;
			}
			if (!isLegal(from, next)) {
				this.context.log().debug("Shard {}: {} -> {} refused", this.context.shardId(), from, next);
				return false;
			}
			if (this.state.compareAndSet(from, next)) {
				this.context.log().debug("Shard {}: {} -> {}", this.context.shardId(), from, next);
				return true;
			}
		}
	}

	static boolean isLegal(ShardState from, ShardState to) {
		return LEGAL.get(from).contains(to);
	}

	private static Map<ShardState, Set<ShardState>> legal() {
		Map<ShardState, Set<ShardState>> legal = new EnumMap<>(ShardState.class);
		legal.put(DISCONNECTED, EnumSet.of(CONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(CONNECTING, EnumSet.of(HANDSHAKING, RECONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(HANDSHAKING, EnumSet.of(IDENTIFYING, RESUMING, RECONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(IDENTIFYING, EnumSet.of(CONNECTED, RECONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(RESUMING, EnumSet.of(CONNECTED, RECONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(CONNECTED, EnumSet.of(RECONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(RECONNECTING, EnumSet.of(CONNECTING, DISCONNECTING, FATALLY_CLOSED));
		legal.put(DISCONNECTING, EnumSet.of(SHUT_DOWN, FATALLY_CLOSED));
		legal.put(FATALLY_CLOSED, EnumSet.noneOf(ShardState.class));
		legal.put(SHUT_DOWN, EnumSet.noneOf(ShardState.class));
		legal.replaceAll((from, to) -> Collections.unmodifiableSet(to));
		return Collections.unmodifiableMap(legal);
	}

}
