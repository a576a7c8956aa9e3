package dev.shard.gateway;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One re-shard's bookkeeping (see {@link LayoutSink}): the fingerprints of what the outgoing layout delivered in the
 * last {@link #window}, and the moment of the switch.
 * <p>
 * The rule that makes each event delivered once: Discord sends a guild's event to the session of each layout that
 * covers the guild. The outgoing layout delivers what it <em>received</em> before the switch; the incoming one
 * what it received after, and of what it received before (within the window) whatever the outgoing layout did not
 * deliver, matched by type and payload; what it receives within the window after the switch that the outgoing
 * layout delivered before it (the new connection got it later than the old one) is dropped. Events without a guild (direct messages) go to shard 0 of each layout and
 * follow the same rule. The window bounds how far the two connections may lag each other (10 s: far more than two
 * healthy connections to the same gateway do).
 */
final class Reshard {

	/** How far apart the two layouts may receive one event. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final int from;

	final int to;

	final String cause;

	final long startedNanos = System.nanoTime();

	/** The new layout's shards, once launched. */
	volatile ShardSlots next;

	private final long window;

	/** Delivered by the outgoing layout: receive time and fingerprint, oldest first (guarded by this). */
	private final ArrayDeque<Delivered> recent = new ArrayDeque<>();

	private volatile boolean switched;

	private volatile long switchNanos;

	private final AtomicLong dropped = new AtomicLong();

	Reshard(int from, int to, String cause, Duration window) {
		this.from = from;
		this.to = to;
		this.cause = cause;
		this.window = window.toNanos();
	}

	/** The outgoing layout delivered this. */
	synchronized void delivered(GatewayDispatch dispatch) {
		this.recent.addLast(new Delivered(dispatch.receivedNanos(), DispatchFingerprint.of(dispatch)));
		if (!this.switched) {
			long oldest = dispatch.receivedNanos() - this.window;
			while (!this.recent.isEmpty() && this.recent.peekFirst().receivedNanos - oldest < 0) {
				this.recent.removeFirst();
			}
		}
	}

	/** The outgoing layout dropped a dispatch received after the switch. */
	void droppedAfterSwitch() {
		this.dropped.incrementAndGet();
	}

	long dropped() {
		return this.dropped.get();
	}

	/** The oldest receive time an incoming shard still holds, given its newest. */
	long holdFrom(long newestReceivedNanos) {
		return (this.switched ? this.switchNanos : newestReceivedNanos) - this.window;
	}

	/** The switch: from {@code nanos} on, the incoming layout delivers. */
	void switchAt(long nanos) {
		this.switchNanos = nanos;
		this.switched = true;
	}

	boolean isSwitched() {
		return this.switched;
	}

	long switchNanos() {
		return this.switchNanos;
	}

	long oldestHeld() {
		return this.switchNanos - this.window;
	}

	/** Until when the incoming layout drops late copies of what the outgoing one delivered before the switch. */
	long lateUntil() {
		return this.switchNanos + this.window;
	}

	/** What the outgoing layout delivered within the window before the switch (after it has drained). */
	synchronized DispatchFingerprint.Multiset deliveredBeforeSwitch() {
		DispatchFingerprint.Multiset set = new DispatchFingerprint.Multiset();
		long oldest = oldestHeld();
		for (Delivered d : this.recent) {
			if (d.receivedNanos - oldest >= 0) {
				set.add(d.fingerprint);
			}
		}
		this.recent.clear();
		return set;
	}

	/** The guilds a READY announces. */
	static int guildCount(GatewayDispatch ready) {
		try {
			JsonNode guilds = JSON.readTree(ready.frame()).path("d").path("guilds");
			return guilds.isArray() ? guilds.size() : 0;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private record Delivered(long receivedNanos, DispatchFingerprint fingerprint) {
	}

}
