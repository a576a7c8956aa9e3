package dev.shard.gateway.internal;

import java.nio.ByteBuffer;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.netty.buffer.ByteBuf;

/**
 * {@code compress=zstd-stream}: one streaming decompression context for the whole connection; every WebSocket
 * message is exactly one gateway message, but no zstd frame ends, so we feed it and drain until the input is used
 * up and the output buffer is not full. Loaded only when zstd-stream is chosen (zstd-jni is optional).
 */
final class ZstdStreamDecoder implements InboundDecoder {

	private static final int INITIAL = 64 * 1024;

	private static final int KEEP = 1024 * 1024;

	private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();

	private final int maxSize;

	private ByteBuffer in = ByteBuffer.allocateDirect(INITIAL);

	private ByteBuffer out = ByteBuffer.allocateDirect(INITIAL);

	ZstdStreamDecoder(int maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public byte[] decode(ByteBuf message) {
		int n = message.readableBytes();
		if (n > this.maxSize) {
			throw new InboundDecodeException("Compressed inbound message exceeds the cap of " + this.maxSize + " bytes");
		}
		if (this.in.capacity() < n) {
			this.in = ByteBuffer.allocateDirect(Math.max(n, this.in.capacity() * 2));
		}
		this.in.clear();
		message.getBytes(message.readerIndex(), this.in.limit(n));
		this.in.flip();
		this.out.clear();
		try {
			while (true) {
				if (!this.out.hasRemaining()) {
					if (this.out.capacity() > this.maxSize) {
						throw bomb();
					}
					ByteBuffer bigger = ByteBuffer
						.allocateDirect((int) Math.min((long) this.out.capacity() * 2, this.maxSize + 1L));
					this.out.flip();
					bigger.put(this.out);
					this.out = bigger;
				}
				this.ctx.decompressDirectByteBufferStream(this.out, this.in);
				if (this.out.position() > this.maxSize) {
					throw bomb();
				}
				if (!this.in.hasRemaining() && this.out.hasRemaining()) {
					break;
				}
			}
		}
		catch (ZstdException ex) {
			throw new InboundDecodeException("Corrupt zstd-stream data: " + ex.getMessage(), ex);
		}
		this.out.flip();
		byte[] bytes = new byte[this.out.remaining()];
		this.out.get(bytes);
		if (this.out.capacity() > KEEP) {
			this.out = ByteBuffer.allocateDirect(INITIAL);
		}
		if (this.in.capacity() > KEEP) {
			this.in = ByteBuffer.allocateDirect(INITIAL);
		}
		return bytes;
	}

	private InboundDecodeException bomb() {
		return new InboundDecodeException(
				"Inbound message inflates beyond the cap of " + this.maxSize + " bytes (maxInboundMessageSize); refused");
	}

	@Override
	public void close() {
		this.ctx.close();
	}

}
