/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A stream of {@code count} dispatches encoded once, before it is sent, for
 * {@link GatewaySimulator#replay(DispatchRecording, Integer, Double)}: replaying it costs the simulator about a
 * memory copy per event, the same for every client, instead of an encode (and, on {@code zlib-stream}, a deflate)
 * per event and connection. The payloads are those that the first {@link GatewaySimulator#dispatch} call of a fresh
 * simulator sends to a session of the shard, and their sequence numbers are fixed: {@code firstSequence} to
 * {@code firstSequence + count - 1}.
 * <p>
 * A recording is immutable and can be replayed any number of times, into any simulator built with the same world
 * settings (seed, guilds, members, distinct payloads), to a session of the same shard layout; the synthetic world is
 * deterministic, so the guilds, channels and members it names exist there too. {@code replay} refuses anything
 * else.
 * <ul>
 * <li>{@code zlib-stream}: every frame is stored whole (WebSocket header and payload) in a few large arrays. The
 * payloads come from one fresh raw deflater, flushed with {@code SYNC_FLUSH} after each message (as a live
 * connection's), so the recording never refers back to anything before its first frame and can follow any message
 * of a live stream. Every {@link #SPLICE_EVERY} messages it flushes with {@code FULL_FLUSH} instead, after which
 * it never refers back either: there, and only there, a replay lets live messages in (heartbeat ACKs).</li>
 * <li>{@code none}: frames are assembled from the pre-encoded payloads as they are written (header, envelope prefix,
 * sequence digits, the rest). Storing them whole would take about 1 KB per event (1.3 GB for 1.2 million), and
 * the copy into the socket's direct buffer that writing costs anyway is all the assembly costs.</li>
 * </ul>
 * {@code zstd-stream} is not supported.
 */
public final class DispatchRecording {

	/**
	 * zlib-stream: a {@code FULL_FLUSH} after every this many messages, where live messages can be let in. The
	 * message after one has no history to refer to: every 128 made the simulator's stream 15 % larger than a live
	 * connection's, every 1,024 makes it 1.3 % larger, and holds a heartbeat ACK 0.1 s at 10,000 events/s.
	 */
	static final int SPLICE_EVERY = 1024;

	private static final int CHUNK = 64 << 20;

	final String type;

	final int count;

	final long firstSequence;

	final String compress;

	final int shardId;

	final int shardCount;

	/** The settings of the synthetic world the payloads came from. */
	final String world;

	/** The payloads, frame {@code i} being {@code pool[i % pool.length]}. */
	private final DispatchTemplate[] pool;

	/** zlib-stream: whole frames, back to back; a frame never straddles two chunks. */
	private final byte[][] chunks;

	/** zlib-stream: index of the first frame of each chunk. */
	private final int[] chunkFirstFrame;

	/** zlib-stream: end offset of each frame in its chunk. */
	private final int[] frameEnds;

	private final long wireBytes;

	private DispatchRecording(String type, int count, long firstSequence, String compress, int shardId,
			int shardCount, String world, DispatchTemplate[] pool, byte[][] chunks, int[] chunkFirstFrame,
			int[] frameEnds, long wireBytes) {
		this.type = type;
		this.count = count;
		this.firstSequence = firstSequence;
		this.compress = compress;
		this.shardId = shardId;
		this.shardCount = shardCount;
		this.world = world;
		this.pool = pool;
		this.chunks = chunks;
		this.chunkFirstFrame = chunkFirstFrame;
		this.frameEnds = frameEnds;
		this.wireBytes = wireBytes;
	}

	/**
	 * Records {@code count} dispatches of {@code type} for shard 0 of 1, compressed at the simulator's zlib level.
	 * @see #of(GatewaySimulator, String, int, long, String, int, int, int)
	 */
	public static DispatchRecording of(GatewaySimulator sim, String type, int count, long firstSequence,
			String compress) {
		return of(sim, type, count, firstSequence, compress, sim.config.zlibLevel, 0, 1);
	}

	/**
	 * Records {@code count} dispatches of {@code type} with the payloads {@link GatewaySimulator#dispatch} sends to
	 * a session of shard {@code shardId} of {@code shardCount} on a fresh simulator with {@code sim}'s world
	 * settings ({@code sim} need not be started). Takes seconds for a million events.
	 * @param firstSequence the sequence number of the first dispatch: the session's next one when it is replayed
	 * @param compress {@code none} or {@code zlib-stream}, as the client asks for it in its gateway URL
	 * @param zlibLevel the deflate level for {@code zlib-stream}
	 */
	public static DispatchRecording of(GatewaySimulator sim, String type, int count, long firstSequence,
			String compress, int zlibLevel, int shardId, int shardCount) {
		if (count < 1 || firstSequence < 1) {
			throw new IllegalArgumentException("count and firstSequence must be positive");
		}
		if (!"none".equals(compress) && !"zlib-stream".equals(compress)) {
			throw new IllegalArgumentException("a recording is for compress=none or compress=zlib-stream, not '"
					+ compress + "' (zstd-stream replay is not supported)");
		}
		List<SyntheticWorld.Guild> guilds = sim.world.guildsFor(shardId, shardCount);
		if (guilds.isEmpty()) {
			// without a guild a payload carries a live snowflake (now): not the same from one simulator to the next
			throw new IllegalArgumentException(
					"shard " + shardId + " of " + shardCount + " has no guild: its payloads could not be reproduced");
		}
		DispatchTemplate[] pool = sim.payloadPool(type, count, guilds, 0).toArray(DispatchTemplate[]::new);
		String world = sim.worldSettings();
		if ("none".equals(compress)) {
			long bytes = 0;
			for (int i = 0; i < count; i++) {
				int length = pool[i % pool.length].encodedLength(firstSequence + i);
				bytes += headerLength(length) + length;
			}
			return new DispatchRecording(type, count, firstSequence, compress, shardId, shardCount, world, pool, null,
					null, null, bytes);
		}
		return deflated(type, count, firstSequence, compress, zlibLevel, shardId, shardCount, world, pool);
	}

	private static DispatchRecording deflated(String type, int count, long firstSequence, String compress,
			int zlibLevel, int shardId, int shardCount, String world, DispatchTemplate[] pool) {
		List<byte[]> chunks = new ArrayList<>();
		List<Integer> firsts = new ArrayList<>();
		int[] ends = new int[count];
		byte[] chunk = null;
		int used = 0;
		long bytes = 0;
		byte[] message = new byte[8192];
		byte[] deflated = new byte[8192];
		// raw deflate (no zlib header: the connection sent its own before its first message)
		Deflater deflater = new Deflater(zlibLevel, true);
		try {
			for (int i = 0; i < count; i++) {
				DispatchTemplate t = pool[i % pool.length];
				int length = t.encodedLength(firstSequence + i);
				if (length > message.length) {
					message = new byte[Math.max(length, message.length * 2)];
				}
				t.encode(firstSequence + i, message, 0);
				deflater.setInput(message, 0, length);
				int flush = ((i + 1) % SPLICE_EVERY == 0) ? Deflater.FULL_FLUSH : Deflater.SYNC_FLUSH;
				int n = 0;
				while (true) {
					if (n == deflated.length) {
						deflated = Arrays.copyOf(deflated, deflated.length * 2);
					}
					n += deflater.deflate(deflated, n, deflated.length - n, flush);
					// the flush is complete when deflate leaves room in the buffer
					if (n < deflated.length && deflater.needsInput()) {
						break;
					}
				}
				int frame = headerLength(n) + n;
				if (chunk == null || used + frame > chunk.length) {
					if (chunk != null) {
						chunks.set(chunks.size() - 1, Arrays.copyOf(chunk, used));
					}
					chunk = new byte[Math.max(CHUNK, frame)];
					chunks.add(chunk);
					firsts.add(i);
					used = 0;
				}
				used = writeHeader(chunk, used, 0x2, n);
				System.arraycopy(deflated, 0, chunk, used, n);
				used += n;
				ends[i] = used;
				bytes += frame;
			}
		}
		finally {
			deflater.end();
		}
		chunks.set(chunks.size() - 1, Arrays.copyOf(chunk, used));
		return new DispatchRecording(type, count, firstSequence, compress, shardId, shardCount, world, pool,
				chunks.toArray(byte[][]::new), firsts.stream().mapToInt(Integer::intValue).toArray(), ends, bytes);
	}

	public String type() {
		return this.type;
	}

	public int count() {
		return this.count;
	}

	public long firstSequence() {
		return this.firstSequence;
	}

	public long lastSequence() {
		return this.firstSequence + this.count - 1;
	}

	/** {@code none} or {@code zlib-stream}. */
	public String compress() {
		return this.compress;
	}

	public int shardId() {
		return this.shardId;
	}

	public int shardCount() {
		return this.shardCount;
	}

	/** Bytes on the wire, WebSocket headers included. */
	public long wireBytes() {
		return this.wireBytes;
	}

	@Override
	public String toString() {
		return this.count + " " + this.type + " s=" + this.firstSequence + ".." + lastSequence() + " " + this.compress
				+ " (" + this.wireBytes + " bytes on the wire)";
	}

	boolean zlib() {
		return this.chunks != null;
	}

	/** Whether a replay may let live messages in before frame {@code i}: nothing after refers back past it. */
	boolean splicePoint(int i) {
		return !zlib() || i % SPLICE_EVERY == 0;
	}

	/** The first splice point after frame {@code i}. */
	int nextSplicePoint(int i) {
		return zlib() ? Math.min(this.count, (i / SPLICE_EVERY + 1) * SPLICE_EVERY) : Math.min(this.count, i + 1);
	}

	/**
	 * The end of a slice of frames from {@code from}: at most {@code to}, at most {@code maxBytes} (but one frame at
	 * least), within one chunk.
	 */
	int sliceEnd(int from, int to, int maxBytes) {
		int end = from + 1;
		long bytes = frameLength(from);
		int limit = zlib() ? Math.min(to, chunkEnd(chunkOf(from))) : to;
		while (end < limit) {
			long next = bytes + frameLength(end);
			if (next > maxBytes) {
				break;
			}
			bytes = next;
			end++;
		}
		return end;
	}

	/** Frames {@code from} to {@code end} (exclusive; one chunk: see {@link #sliceEnd}) in one new direct buffer. */
	ByteBuf slice(ByteBufAllocator alloc, int from, int end) {
		if (zlib()) {
			int c = chunkOf(from);
			int start = frameStart(c, from);
			int length = this.frameEnds[end - 1] - start;
			return alloc.directBuffer(length).writeBytes(this.chunks[c], start, length);
		}
		int length = 0;
		for (int i = from; i < end; i++) {
			length += frameLength(i);
		}
		ByteBuf buf = alloc.directBuffer(length);
		byte[] digits = new byte[20];
		for (int i = from; i < end; i++) {
			DispatchTemplate t = this.pool[i % this.pool.length];
			long seq = this.firstSequence + i;
			int payload = t.encodedLength(seq);
			buf.writeByte(0x81);
			if (payload < 126) {
				buf.writeByte(payload);
			}
			else if (payload < 65536) {
				buf.writeByte(126);
				buf.writeShort(payload);
			}
			else {
				buf.writeByte(127);
				buf.writeLong(payload);
			}
			buf.writeBytes(t.prefix);
			int n = DispatchTemplate.digits(seq);
			long v = seq;
			for (int d = n - 1; d >= 0; d--) {
				digits[d] = (byte) ('0' + (v % 10));
				v /= 10;
			}
			buf.writeBytes(digits, 0, n);
			buf.writeBytes(t.suffix);
		}
		return buf;
	}

	private int frameLength(int i) {
		if (zlib()) {
			return this.frameEnds[i] - frameStart(chunkOf(i), i);
		}
		int payload = this.pool[i % this.pool.length].encodedLength(this.firstSequence + i);
		return headerLength(payload) + payload;
	}

	private int chunkOf(int frame) {
		int c = Arrays.binarySearch(this.chunkFirstFrame, frame);
		return (c >= 0) ? c : -c - 2;
	}

	private int chunkEnd(int c) {
		return (c + 1 < this.chunkFirstFrame.length) ? this.chunkFirstFrame[c + 1] : this.count;
	}

	private int frameStart(int c, int frame) {
		return (frame == this.chunkFirstFrame[c]) ? 0 : this.frameEnds[frame - 1];
	}

	/** A server frame's header (RFC 6455 5.2: FIN, opcode, no mask, 7, 7+16 or 7+64 bit length). */
	static int headerLength(int payload) {
		return (payload < 126) ? 2 : (payload < 65536) ? 4 : 10;
	}

	private static int writeHeader(byte[] target, int offset, int opcode, int payload) {
		target[offset++] = (byte) (0x80 | opcode);
		if (payload < 126) {
			target[offset++] = (byte) payload;
		}
		else if (payload < 65536) {
			target[offset++] = 126;
			target[offset++] = (byte) (payload >> 8);
			target[offset++] = (byte) payload;
		}
		else {
			target[offset++] = 127;
			for (int shift = 56; shift >= 0; shift -= 8) {
				target[offset++] = (byte) ((long) payload >> shift);
			}
		}
		return offset;
	}

}
