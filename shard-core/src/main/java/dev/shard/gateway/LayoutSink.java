package dev.shard.gateway;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The sink a {@link ShardManager} gives each shard, in front of the application's: it passes everything on, except
 * while a re-shard replaces the shard's layout (see {@link Reshard}).
 * <ul>
 * <li>A shard of the <b>outgoing</b> layout delivers what it received before the switch and drops what it received
 * after, and remembers the fingerprints of what it delivered lately.</li>
 * <li>A shard of the <b>incoming</b> layout delivers nothing before the switch: it holds what it received in the
 * last {@link Reshard#window} (older than that, the outgoing layout had it too) and skips its READY and the
 * GUILD_CREATEs of the guilds READY announced (the listeners know them from the outgoing layout). At the switch it
 * delivers what it holds that the outgoing layout did not deliver, then passes everything on, except, for one window
 * after the switch, what the outgoing layout delivered before it: this connection may receive an event later than
 * the old one did, on the other side of the switch.</li>
 * </ul>
 * Outside a re-shard the cost is one volatile read per dispatch.
 */
final class LayoutSink implements ShardSink {

	private final ShardSink delegate;

	/** Created for an incoming layout: it also received types only it wanted (READY, GUILD_CREATE). */
	private final boolean filter;

	/** The re-shard this shard takes part in, or {@code null}. */
	private volatile Reshard reshard;

	/** Outgoing: dispatches received from this moment on are the incoming layout's to deliver. */
	private volatile long cutoffNanos;

	private volatile boolean cutoff;

	private volatile boolean incoming;

	/** Incoming: what it received and holds, oldest first (guarded by this). */
	private final ArrayDeque<GatewayDispatch> held = new ArrayDeque<>();

	/** After taking over: what the outgoing layout delivered and this layout has not received yet, or null. */
	private volatile DispatchFingerprint.Multiset lateCopies;

	/** Until when (received, {@code System.nanoTime()}) a dispatch may be a late copy of {@link #lateCopies}. */
	private volatile long lateUntilNanos;

	/** Incoming: GUILD_CREATEs of READY's guilds still to skip, or -1 before READY (guarded by this). */
	private int initialGuilds = -1;

	LayoutSink(ShardSink delegate) {
		this(delegate, false);
	}

	private LayoutSink(ShardSink delegate, boolean filter) {
		this.delegate = delegate;
		this.filter = filter;
	}

	/** A sink of a layout that waits to take over: it holds until {@link #takeOver}. */
	static LayoutSink incoming(ShardSink delegate, Reshard reshard) {
		LayoutSink sink = new LayoutSink(delegate, true);
		sink.incoming = true;
		sink.reshard = reshard;
		return sink;
	}

	/** From now on this shard's layout is being replaced: record what it delivers. */
	void outgoing(Reshard reshard) {
		this.reshard = reshard;
	}

	/** The re-shard was abandoned: back to passing everything on. */
	void abandon() {
		this.reshard = null;
		this.cutoff = false;
	}

	/** The switch: dispatches received from {@code nanos} on are dropped. */
	void cutOff(long nanos) {
		this.cutoffNanos = nanos;
		this.cutoff = true;
	}

	@Override
	public void onDispatch(GatewayDispatch dispatch) {
		onDispatch(dispatch, null);
	}

	@Override
	public void onDispatch(GatewayDispatch dispatch, Object prepared) {
		Reshard r = this.reshard;
		if (r == null) {
			if ((!this.filter || this.delegate.wants(dispatch.type())) && !isLateCopy(dispatch)) {
				this.delegate.onDispatch(dispatch, prepared);
			}
		}
		else if (this.incoming) {
			hold(dispatch, prepared, r);
		}
		else if (this.cutoff && dispatch.receivedNanos() - this.cutoffNanos >= 0) {
			r.droppedAfterSwitch();
		}
		else {
			this.delegate.onDispatch(dispatch, prepared);
			r.delivered(dispatch);
		}
	}

	private void hold(GatewayDispatch dispatch, Object prepared, Reshard r) {
		synchronized (this) {
			if (!this.incoming) {
				if (this.delegate.wants(dispatch.type()) && !isLateCopy(dispatch)) {
					this.delegate.onDispatch(dispatch, prepared); // taken over meanwhile
				}
				return;
			}
			if (skipInitial(dispatch) || !this.delegate.wants(dispatch.type())) {
				return;
			}
			this.held.addLast(dispatch);
			// older than the window: the outgoing layout received it too, long before any switch
			long oldest = r.holdFrom(dispatch.receivedNanos());
			while (!this.held.isEmpty() && this.held.peekFirst().receivedNanos() - oldest < 0) {
				this.held.removeFirst();
			}
		}
	}

	private boolean skipInitial(GatewayDispatch dispatch) {
		if ("READY".equals(dispatch.type())) {
			this.initialGuilds = Reshard.guildCount(dispatch);
			return true;
		}
		if (this.initialGuilds > 0 && "GUILD_CREATE".equals(dispatch.type())) {
			this.initialGuilds--;
			return true;
		}
		return false;
	}

	/** Whether the outgoing layout delivered this dispatch before the switch (then it is dropped here). */
	private boolean isLateCopy(GatewayDispatch dispatch) {
		DispatchFingerprint.Multiset late = this.lateCopies;
		if (late == null) {
			return false;
		}
		if (dispatch.receivedNanos() - this.lateUntilNanos >= 0) {
			this.lateCopies = null; // the window is over: back to one volatile read per dispatch
			return false;
		}
		return late.remove(DispatchFingerprint.of(dispatch));
	}

	/** Whether READY came and every guild it announced has arrived. */
	synchronized boolean guildsLoaded() {
		return this.initialGuilds == 0;
	}

	/**
	 * The switch, for a shard of the incoming layout: deliver what it holds that the outgoing layout did not
	 * (matched by fingerprint, each match used once), then pass everything on. Runs on the switching thread; the
	 * shard's own deliveries wait meanwhile, so its order holds.
	 * @param delivered what the outgoing layout delivered lately (shared by the incoming layout's shards: what is
	 * left of it after the take-over is dropped when it arrives late, until {@code lateUntilNanos})
	 * @param oldestNanos hold nothing received before this
	 * @param lateUntilNanos the end of the window after the switch
	 * @return how many held dispatches were delivered
	 */
	synchronized int takeOver(DispatchFingerprint.Multiset delivered, long oldestNanos, long lateUntilNanos) {
		int count = 0;
		for (Iterator<GatewayDispatch> it = this.held.iterator(); it.hasNext();) {
			GatewayDispatch dispatch = it.next();
			it.remove();
			if (dispatch.receivedNanos() - oldestNanos < 0 || delivered.remove(DispatchFingerprint.of(dispatch))) {
				continue;
			}
			this.delegate.onDispatch(dispatch, null);
			count++;
		}
		this.lateUntilNanos = lateUntilNanos;
		this.lateCopies = delivered;
		this.incoming = false;
		this.reshard = null;
		return count;
	}

	/** An incoming shard that will not take over: drop what it holds. */
	synchronized void discard() {
		this.held.clear();
	}

	@Override
	public Object prepare(GatewayDispatch dispatch) {
		// nothing is bound ahead for a shard that holds: it may never deliver
		return this.incoming ? null : this.delegate.prepare(dispatch);
	}

	@Override
	public boolean wants(String type) {
		return this.delegate.wants(type) || (this.incoming && ("READY".equals(type) || "GUILD_CREATE".equals(type)));
	}

	@Override
	public boolean nonBlocking() {
		return this.delegate.nonBlocking();
	}

}
