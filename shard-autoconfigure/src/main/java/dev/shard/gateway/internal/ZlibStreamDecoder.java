package dev.shard.gateway.internal;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;

/**
 * {@code compress=zlib-stream}: one {@link Inflater} for the whole connection (never reset between messages);
 * WebSocket messages are buffered until the buffer ends with the Z_SYNC_FLUSH marker {@code 00 00 FF FF}. The
 * inflated size is capped so that a decompression bomb is refused instead of exhausting the heap.
 */
public final class ZlibStreamDecoder implements InboundDecoder {

	private static final int INITIAL = 16 * 1024;

	/** Buffers that grew past this are dropped after use, so one huge READY does not pin memory for good. */
	private static final int KEEP = 1024 * 1024;

	private final Inflater inflater = new Inflater();

	private final int maxSize;

	private byte[] in = new byte[INITIAL];

	private int inLength;

	private byte[] out = new byte[4 * INITIAL];

	public ZlibStreamDecoder(int maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public byte[] decode(ByteBuf message) {
		int n = message.readableBytes();
		if ((long) this.inLength + n > this.maxSize) {
			this.inLength = 0;
			throw new InboundDecodeException("Compressed inbound message exceeds the cap of " + this.maxSize + " bytes");
		}
		if (this.inLength + n > this.in.length) {
			this.in = Arrays.copyOf(this.in, Math.max(this.inLength + n, this.in.length * 2));
		}
		message.getBytes(message.readerIndex(), this.in, this.inLength, n);
		this.inLength += n;
		if (!endsWithSyncFlush()) {
			return null;
		}
		try {
			return inflate();
		}
		finally {
			this.inLength = 0;
			if (this.in.length > KEEP) {
				this.in = new byte[INITIAL];
			}
			if (this.out.length > KEEP) {
				this.out = new byte[4 * INITIAL];
			}
		}
	}

	private boolean endsWithSyncFlush() {
		int n = this.inLength;
		return n >= 4 && this.in[n - 4] == 0 && this.in[n - 3] == 0 && this.in[n - 2] == (byte) 0xFF
				&& this.in[n - 1] == (byte) 0xFF;
	}

	private byte[] inflate() {
		this.inflater.setInput(this.in, 0, this.inLength);
		int length = 0;
		try {
			while (true) {
				if (length == this.out.length) {
					if (length > this.maxSize) {
						throw bomb();
					}
					// one byte over the cap is enough to tell a bomb from a message of exactly maxSize
					this.out = Arrays.copyOf(this.out, (int) Math.min((long) this.out.length * 2, this.maxSize + 1L));
				}
				int produced = this.inflater.inflate(this.out, length, this.out.length - length);
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
		return Arrays.copyOf(this.out, length);
	}

	private InboundDecodeException bomb() {
		return new InboundDecodeException(
				"Inbound message inflates beyond the cap of " + this.maxSize + " bytes (maxInboundMessageSize); refused");
	}

	@Override
	public void close() {
		this.inflater.end();
	}

}
