package dev.shard.benchmarks;

import dev.shard.event.EventBinder;
import dev.shard.event.GatewayEvent;
import dev.shard.event.GuildCreateEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.event.PresenceUpdateEvent;
import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDecoder;
import dev.shard.gateway.GatewayDispatch;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark input must be what it claims: valid envelopes of the right type, distinct, and a zlib stream that
 * inflates back to exactly the plain frames with a realistic ratio.
 */
class FrameStreamTests {

	@Test
	void messageStreamInflatesBackToThePlainFramesWithARealisticRatio() {
		FrameStream stream = FrameStream.of(Corpus.Event.MESSAGE_CREATE, 256);
		FrameStream.ReusedInflater inflater = new FrameStream.ReusedInflater();
		try {
			for (int i = 0; i < stream.size(); i++) {
				byte[] chunk = stream.compressed(i);
				assertThat(chunk).endsWith((byte) 0, (byte) 0, (byte) 0xff, (byte) 0xff);
				int length = inflater.inflate(chunk);
				assertThat(java.util.Arrays.copyOf(inflater.buffer(), length)).isEqualTo(stream.plain(i));
			}
		}
		finally {
			inflater.end();
		}
		double ratio = (double) stream.plainBytes() / stream.compressedBytes();
		// Discord's MESSAGE_CREATE stream compresses ~4-5:1; a repeated message would give >20:1.
		assertThat(ratio).isBetween(2.5, 9.0);
		assertThat(stream.plainBytes() / stream.size()).isBetween(900L, 2500L);
		assertThat(stream.plain(0)).isNotEqualTo(stream.plain(1));
	}

	@ParameterizedTest
	@EnumSource(Corpus.Event.class)
	void ourPathDecodesPeeksAndBindsWhatTheFloorSees(Corpus.Event event) {
		FrameStream stream = FrameStream.of(event, (event == Corpus.Event.GUILD_CREATE) ? 1 : 16);
		try (GatewayDecoder decoder = GatewayDecoder.of(Compression.ZLIB_STREAM, 64 * 1024 * 1024)) {
			for (int i = 0; i < stream.size(); i++) {
				byte[] json = decoder.decode(Unpooled.wrappedBuffer(stream.compressed(i)));
				assertThat(json).isEqualTo(stream.plain(i));
				GatewayDispatch dispatch = GatewayDecoder.dispatch(0, json);
				JsonNode tree = Corpus.MAPPER.readTree(json);
				assertThat(dispatch).isNotNull();
				assertThat(tree.get("op").asInt()).isZero();
				assertThat(dispatch.type()).isEqualTo(event.name());
				assertThat(dispatch.sequence()).isEqualTo(tree.get("s").asLong());
				GatewayEvent bound = EventBinder.shared().bind(0, dispatch.sequence(), dispatch.type(),
						dispatch.frame());
				switch (event) {
					case MESSAGE_CREATE -> assertThat(((MessageCreateEvent) bound).message().content())
						.isEqualTo(tree.get("d").get("content").asString());
					case PRESENCE_UPDATE -> assertThat(((PresenceUpdateEvent) bound).presence()).isNotNull();
					case GUILD_CREATE -> assertThat(((GuildCreateEvent) bound).guild().members())
						.hasSize(tree.get("d").get("members").size());
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Corpus.Event.class)
	void peekFindsTypeAndSequenceInCorpusAndSyntheticFrames(Corpus.Event event) {
		byte[] corpus = Corpus.template(event).json();
		byte[] synthetic = SyntheticFrames.envelope(event);
		for (byte[] frame : new byte[][] { corpus, synthetic }) {
			JsonNode tree = Corpus.MAPPER.readTree(frame);
			assertThat(tree.get("t").asString()).isEqualTo(event.name());
			assertThat(tree.get("d").isObject()).isTrue();
			long expected = (tree.get("s").asLong() * 31) ^ event.name().hashCode();
			assertThat(DecodeBenchmark.peek(frame, frame.length)).isEqualTo(expected);
			assertThat(DecodeBenchmark.scan(frame, frame.length)).isGreaterThan(10);
		}
	}

	@Test
	void syntheticGuildHasTheCorpusGuildsShapeAndSize() {
		byte[] guild = SyntheticFrames.envelope(Corpus.Event.GUILD_CREATE);
		JsonNode d = Corpus.MAPPER.readTree(guild).get("d");
		assertThat(d.get("members").size()).isEqualTo(9593);
		assertThat(d.get("presences").size()).isEqualTo(8834);
		assertThat(guild.length).isBetween(2_000_000, 4_000_000);
	}

}
