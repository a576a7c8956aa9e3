/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.test.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.Deflater;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

/**
 * Transport compression for one connection: one stream for the connection's whole life, flushed (never
 * ended) after each gateway message, exactly as Discord's {@code zlib-stream} and {@code zstd-stream} do.
 * Not thread-safe; only the connection's event loop uses it.
 */
abstract class OutboundCodec {

	static OutboundCodec create(String compress, int zlibLevel) {
		return switch (compress) {
			case "zlib-stream" -> new Zlib(zlibLevel);
			case "zstd-stream" -> new Zstd();
			default -> null;
		};
	}

	/** Compresses one whole gateway message. */
	abstract byte[] compress(byte[] message, int length);

	abstract void close();

	static final class Zlib extends OutboundCodec {

		private final Deflater deflater;

		/** The zlib header, written before the first message; null once written. */
		private byte[] header;

		private byte[] buffer = new byte[8192];

		/**
		 * A raw deflater behind a zlib header written here: the bytes on the wire are the same as a zlib deflater's
		 * (whose only other addition, the Adler-32 trailer, comes when a stream ends, and a gateway stream never
		 * does), without the running Adler-32 it would keep of every message for that trailer.
		 */
		Zlib(int level) {
			this.deflater = new Deflater(level, true);
			// RFC 1950: deflate with a 32 KiB window, the level's FLEVEL as zlib sets it, no dictionary, check bits
			int levelFlags = (level == Deflater.DEFAULT_COMPRESSION || level == 6) ? 2 : (level < 2) ? 0
					: (level < 6) ? 1 : 3;
			int header = (0x78 << 8) | (levelFlags << 6);
			header += 31 - (header % 31);
			this.header = new byte[] { (byte) (header >> 8), (byte) header };
		}

		@Override
		byte[] compress(byte[] message, int length) {
			this.deflater.setInput(message, 0, length);
			int total = 0;
			if (this.header != null) {
				System.arraycopy(this.header, 0, this.buffer, 0, 2);
				total = 2;
				this.header = null;
			}
			while (true) {
				if (total == this.buffer.length) {
					this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
				}
				int n = this.deflater.deflate(this.buffer, total, this.buffer.length - total, Deflater.SYNC_FLUSH);
				total += n;
				// SYNC_FLUSH is complete when deflate leaves room in the buffer
				if (total < this.buffer.length && this.deflater.needsInput()) {
					break;
				}
			}
			return Arrays.copyOf(this.buffer, total);
		}

		/** Whether the zlib header went out (with the first message). */
		boolean headerSent() {
			return this.header == null;
		}

		/**
		 * Forgets the history: what it compresses next refers to nothing before it. The raw stream goes on (no
		 * header; every message ended on a byte boundary with a non-final block), so a client's inflater reads
		 * the next message as the continuation of the same stream.
		 */
		void reset() {
			this.deflater.reset();
		}

		@Override
		void close() {
			this.deflater.end();
		}

	}

	static final class Zstd extends OutboundCodec {

		private final ByteArrayOutputStream sink = new ByteArrayOutputStream(8192);

		private final ZstdOutputStreamNoFinalizer stream;

		Zstd() {
			try {
				this.stream = new ZstdOutputStreamNoFinalizer(this.sink);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		byte[] compress(byte[] message, int length) {
			try {
				this.stream.write(message, 0, length);
				this.stream.flush();
				byte[] out = this.sink.toByteArray();
				this.sink.reset();
				return out;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		void close() {
			try {
				this.stream.close();
			}
			catch (IOException ex) {
				// nothing to do: the connection is gone
			}
		}

	}

}
