package dev.shard.gateway.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * {@code compress=zlib-stream}: one {@link Inflater} for the whole connection (never reset between messages);
 * WebSocket messages are buffered until the buffer ends with the Z_SYNC_FLUSH marker {@code 00 00 FF FF}. The
 * inflated size is capped so that a decompression bomb is refused instead of exhausting the heap.
 * <p>
 * Memory per connection is the {@code Inflater} (its window is native memory) and nothing else while idle: a
 * message that arrives whole (the usual case) is inflated straight from the Netty buffer, a split one is collected
 * in an input buffer that lives only until the message is complete, and the inflated bytes go to a scratch buffer
 * of the decoding thread (decoding runs on the connection's event loop, so one per event-loop thread, not per
 * shard) before being copied to the exact-size result.
 * <p>
 * The inflater is a raw one: the stream's two-byte zlib header is checked and skipped here. A zlib inflater keeps a
 * running Adler-32 of everything it produces, only to compare it with the trailer at the end of the stream, and a
 * gateway stream never ends (every message ends in a sync flush), so that sum is never compared; it measured as
 * more CPU than the inflating itself.
 */
final class ZlibStreamDecoder implements InboundDecoder {

	private static final int SCRATCH = 64 * 1024;

	/** Buffers that grew past this are dropped after use, so one huge READY does not pin memory for good. */
	private static final int KEEP = 1024 * 1024;

	private static final byte[] EMPTY = new byte[0];

	private static final FastThreadLocal<byte[][]> OUT = new FastThreadLocal<>() {

		@Override
		protected byte[][] initialValue() {
			return new byte[][] { new byte[SCRATCH] };
		}

	};

	/** Raw deflate: the zlib header is {@link #skipHeader checked by hand}, and there is never a trailer. */
	private final Inflater inflater = new Inflater(true);

	/** Whether the stream's two-byte zlib header has been read (it starts the first message). */
	private boolean headerRead;

	private final int maxSize;

	/** The start of a message split over several WebSocket messages; null between messages. */
	private byte[] in;

	private int inLength;

	ZlibStreamDecoder(int maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public byte[] decode(ByteBuf message) {
		int n = message.readableBytes();
		if ((long) this.inLength + n > this.maxSize) {
			this.in = null;
			this.inLength = 0;
			throw new InboundDecodeException("Compressed inbound message exceeds the cap of " + this.maxSize + " bytes");
		}
		if (this.inLength == 0 && endsWithSyncFlush(message, n)) {
			// the whole message in one piece: inflate from Netty's buffer, no copy
			int skip = this.headerRead ? 0 : skipHeader(message.getByte(message.readerIndex()),
					message.getByte(message.readerIndex() + 1));
			if (message.hasArray()) {
				this.inflater.setInput(message.array(), message.arrayOffset() + message.readerIndex() + skip,
						n - skip);
			}
			else if (message.nioBufferCount() == 1) {
				this.inflater.setInput(message.nioBuffer(message.readerIndex() + skip, n - skip));
			}
			else {
				byte[] copy = new byte[n - skip];
				message.getBytes(message.readerIndex() + skip, copy);
				this.inflater.setInput(copy, 0, n - skip);
			}
			return inflateAndRelease();
		}
		if (this.in == null || this.inLength + n > this.in.length) {
			int size = Math.max(this.inLength + n, (this.in != null) ? this.in.length * 2 : 1024);
			this.in = (this.in != null) ? Arrays.copyOf(this.in, size) : new byte[size];
		}
		message.getBytes(message.readerIndex(), this.in, this.inLength, n);
		this.inLength += n;
		if (!endsWithSyncFlush()) {
			return null;
		}
		int skip = this.headerRead ? 0 : skipHeader(this.in[0], this.in[1]);
		this.inflater.setInput(this.in, skip, this.inLength - skip);
		this.in = null;
		this.inLength = 0;
		return inflateAndRelease();
	}

	/**
	 * Check the zlib header (RFC 1950: deflate, a window of at most 32 KiB, no preset dictionary, the check bits)
	 * that starts the stream; its length.
	 */
	private int skipHeader(byte cmf, byte flg) {
		int header = ((cmf & 0xFF) << 8) | (flg & 0xFF);
		if ((cmf & 0x0F) != 8 || (cmf & 0xF0) > 0x70 || (flg & 0x20) != 0 || header % 31 != 0) {
			throw new InboundDecodeException("Corrupt zlib-stream data: not a zlib header: "
					+ String.format("%02x %02x", cmf & 0xFF, flg & 0xFF));
		}
		this.headerRead = true;
		return 2;
	}

	private static boolean endsWithSyncFlush(ByteBuf message, int n) {
		if (n < 4) {
			return false;
		}
		int end = message.readerIndex() + n;
		return message.getByte(end - 4) == 0 && message.getByte(end - 3) == 0
				&& message.getByte(end - 2) == (byte) 0xFF && message.getByte(end - 1) == (byte) 0xFF;
	}

	private boolean endsWithSyncFlush() {
		int n = this.inLength;
		return n >= 4 && this.in[n - 4] == 0 && this.in[n - 3] == 0 && this.in[n - 2] == (byte) 0xFF
				&& this.in[n - 1] == (byte) 0xFF;
	}

	private byte[] inflateAndRelease() {
		try {
			return inflate();
		}
		finally {
			// do not keep a reference to Netty's (pooled) buffer or to the collected input
			this.inflater.setInput(EMPTY);
		}
	}

	private byte[] inflate() {
		byte[][] holder = OUT.get();
		byte[] out = holder[0];
		int length = 0;
		try {
			while (true) {
				if (length == out.length) {
					if (length > this.maxSize) {
						throw bomb();
					}
					// one byte over the cap is enough to tell a bomb from a message of exactly maxSize
					out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, this.maxSize + 1L));
					holder[0] = (out.length > KEEP) ? holder[0] : out;
				}
				int produced = this.inflater.inflate(out, length, out.length - length);
				length += produced;
				if (length > this.maxSize) {
					throw bomb();
				}
				if (produced == 0 && (this.inflater.needsInput() || this.inflater.finished()
						|| this.inflater.needsDictionary())) {
					break;
				}
			}
		}
		catch (DataFormatException ex) {
			throw new InboundDecodeException("Corrupt zlib-stream data: " + ex.getMessage(), ex);
		}
		if (this.inflater.finished() || this.inflater.needsDictionary()) {
			throw new InboundDecodeException("zlib-stream ended unexpectedly");
		}
		return Arrays.copyOf(out, length);
	}

	private InboundDecodeException bomb() {
		return new InboundDecodeException(
				"Inbound message inflates beyond the cap of " + this.maxSize + " bytes (maxInboundMessageSize); refused");
	}

	@Override
	public void close() {
		this.in = null;
		this.inflater.end();
	}

}
