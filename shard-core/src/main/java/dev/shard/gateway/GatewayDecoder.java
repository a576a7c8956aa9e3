package dev.shard.gateway;

import dev.shard.gateway.internal.Envelope;
import dev.shard.gateway.internal.EnvelopeReader;
import dev.shard.gateway.internal.InboundDecodeException;
import dev.shard.gateway.internal.InboundDecoder;
import io.netty.buffer.ByteBuf;

/**
 * Decodes one gateway connection's inbound messages exactly as a {@link Shard} does: the transport decompression
 * (<a href="https://discord.com/developers/docs/events/gateway#transport-compression">Transport Compression</a>),
 * then the envelope ({@code op}, {@code t}, {@code s}) without parsing {@code d}. For traffic that does not come
 * through a shard: replaying recorded gateway traffic into a {@link ShardSink} in tests, a gateway proxy, or
 * measuring the decode path. A shard needs none of this.
 * <p>
 * One instance per connection (a compressed stream carries state from message to message), used from one thread
 * at a time. {@link #close()} frees the native decompression context.
 */
public final class GatewayDecoder implements AutoCloseable {

	private final InboundDecoder decoder;

	private GatewayDecoder(InboundDecoder decoder) {
		this.decoder = decoder;
	}

	/**
	 * A decoder for one connection.
	 * @param compression the connection's transport compression ({@link Compression#ZSTD_STREAM} needs zstd-jni)
	 * @param maxMessageSize the cap on one message, compressed and inflated (see
	 * {@link ShardConfig.Builder#maxInboundMessageSize(int)})
	 * @return the decoder
	 * @throws GatewayException if zstd-stream was chosen and zstd-jni is absent
	 */
	public static GatewayDecoder of(Compression compression, int maxMessageSize) {
		return new GatewayDecoder(compression.decoder(maxMessageSize));
	}

	/**
	 * Feed one binary WebSocket message, in the order received.
	 * @param message the message's content (not retained, reader index unchanged)
	 * @return the complete gateway message (UTF-8 JSON), or {@code null} if more input is needed
	 * @throws GatewayException if the input is corrupt or inflates beyond the cap; the stream is unusable after
	 * that (a shard reconnects)
	 */
	public byte[] decode(ByteBuf message) {
		try {
			return this.decoder.decode(message);
		}
		catch (InboundDecodeException ex) {
			throw new GatewayException(ex.getMessage(), ex);
		}
	}

	/**
	 * The dispatch in one decoded gateway message, as a shard hands it to its sink.
	 * @param shardId the shard id to tag it with
	 * @param message one whole gateway message (UTF-8 JSON), e.g. from {@link #decode(ByteBuf)}
	 * @return the dispatch, or {@code null} when the message is not a dispatch (its {@code op} is not 0)
	 * @throws IllegalArgumentException if the message is not a JSON object with an integer {@code op}
	 */
	public static GatewayDispatch dispatch(int shardId, byte[] message) {
		Envelope envelope = EnvelopeReader.read(message);
		if (envelope.op() != Opcode.DISPATCH.code()) {
			return null;
		}
		String type = GatewayDispatch.typeOrUnknown(envelope.type());
		return new GatewayDispatch(shardId, envelope.sequence(), type, message, envelope.dataOffset(),
				System.nanoTime());
	}

	@Override
	public void close() {
		this.decoder.close();
	}

}
