package dev.shard.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import dev.shard.event.EventBinder;
import dev.shard.event.GatewayEvent;
import dev.shard.event.MessageCreateEvent;
import dev.shard.gateway.Compression;
import dev.shard.gateway.GatewayDecoder;
import dev.shard.gateway.GatewayDispatch;
import dev.shard.model.Message;
import dev.shard.model.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The decode path, one message per operation (ops/s = messages/s per thread), on a realistic stream of each event
 * type. The {@code floor*} and {@code reference*} methods are the limits, written with the JDK and Jackson only:
 * what any Java client must at least pay. The {@code ours*} methods run the same bytes through our code exactly as
 * {@code Shard} does per frame, through the core's public {@link GatewayDecoder}: its zlib-stream decoder (fed a
 * Netty buffer, returns a fresh array that is handed to the sink), its envelope peek, and {@link EventBinder} for a
 * typed event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class DecodeBenchmark {

	/** Distinct messages per stream; the inflater is reset (a new connection) when the stream wraps. */
	static final int STREAM_LENGTH = 1024;

	private static final JsonFactory FACTORY = new JsonFactory();

	@Param({ "MESSAGE_CREATE", "PRESENCE_UPDATE", "GUILD_CREATE" })
	public Corpus.Event event;

	FrameStream stream;

	FrameStream.ReusedInflater inflater;

	private int nextCompressed;

	private int nextOurs;

	private ByteBuf[] wire;

	private GatewayDecoder decoder;

	private final EventBinder binder = EventBinder.shared();

	/** A binder with a mapper of its own binds messages whole, as every binder did before on-demand binding. */
	private final EventBinder wholeBinder = new EventBinder(
			dev.shard.model.ShardJson.configure(tools.jackson.databind.json.JsonMapper.builder()).build());

	/** What a sink that listens to nothing of this type answers for {@code wants(type)}. */
	private final java.util.Set<String> wanted = java.util.Set.of("INTERACTION_CREATE");

	private int nextPlain;

	@Setup
	public void setup() {
		this.stream = FrameStream.of(this.event, (this.event == Corpus.Event.GUILD_CREATE) ? 1 : STREAM_LENGTH);
		this.inflater = new FrameStream.ReusedInflater();
		this.nextCompressed = 0;
		this.nextPlain = 0;
		this.nextOurs = 0;
		this.wire = new ByteBuf[this.stream.size()];
		for (int i = 0; i < this.wire.length; i++) {
			// the decoder reads with absolute indices and does not move the reader index: wrap once
			this.wire[i] = Unpooled.wrappedBuffer(this.stream.compressed(i));
		}
		this.decoder = newDecoder();
	}

	private static GatewayDecoder newDecoder() {
		return GatewayDecoder.of(Compression.ZLIB_STREAM, 64 * 1024 * 1024);
	}

	@TearDown
	public void tearDown() {
		this.inflater.end();
		this.decoder.close();
	}

	/** Our decoder on the next wire message (a new decoder = a new connection when the stream wraps). */
	byte[] oursNext() {
		if (this.nextOurs == this.wire.length) {
			this.nextOurs = 0;
			this.decoder.close();
			this.decoder = newDecoder();
		}
		return this.decoder.decode(this.wire[this.nextOurs++]);
	}

	/** Our zlib-stream decoder alone (what {@code Shard} does per binary frame before anything else). */
	@Benchmark
	public int oursInflate() {
		return oursNext().length;
	}

	/** Our decoder + our envelope peek (op, t, s by a bounded byte scan, d untouched). */
	@Benchmark
	public GatewayDispatch oursInflatePeek() {
		return GatewayDecoder.dispatch(0, oursNext());
	}

	/**
	 * The path of an event nobody listens to: inflate (unavoidable in one zlib stream) + peek + {@code wants(t)}
	 * false, so nothing is bound, buffered or delivered.
	 */
	@Benchmark
	public long oursSkipUnwanted() {
		GatewayDispatch dispatch = GatewayDecoder.dispatch(0, oursNext());
		return this.wanted.contains(dispatch.type()) ? -1 : dispatch.sequence();
	}

	/** The full typed path: our decoder + peek + {@link EventBinder} binding d from where the peek found it. */
	@Benchmark
	public GatewayEvent oursInflateBind() {
		GatewayDispatch dispatch = GatewayDecoder.dispatch(0, oursNext());
		return this.binder.bind(dispatch);
	}

	/** Typed binding from plain JSON (no compression): peek + bind. */
	@Benchmark
	public GatewayEvent oursPlainBind() {
		GatewayDispatch dispatch = GatewayDecoder.dispatch(0, nextPlain());
		return this.binder.bind(dispatch);
	}

	/**
	 * {@link #oursPlainBind()} and then what the sample bot's listeners read of a message (author's name, channel,
	 * content, the author's bot flag): a {@code Message} is only indexed when bound and its fields are bound when
	 * read, so for MESSAGE_CREATE this, not the bind alone, is the cost a listener sees.
	 */
	@Benchmark
	public Object oursPlainBindRead() {
		return readAsTheSample(oursPlainBind());
	}

	/** What the sample bot's listeners read of a message: the author's name and bot flag, channel, content. */
	private static Object readAsTheSample(GatewayEvent event) {
		if (event instanceof MessageCreateEvent created) {
			Message message = created.message();
			User author = message.author();
			return (author != null && author.username() != null && !Boolean.TRUE.equals(author.bot()))
					? message.channelId() : message.content();
		}
		return event;
	}

	/**
	 * {@link #oursPlainBind()} and then every field (the payload's hash code binds them all): the cost of a listener
	 * that reads a whole message, e.g. to store or log it in full.
	 */
	@Benchmark
	public int oursPlainBindReadAll() {
		GatewayEvent event = oursPlainBind();
		return (event instanceof MessageCreateEvent created) ? created.message().hashCode() : event.hashCode();
	}

	/** {@link #oursPlainBindRead()} with the message bound whole at once (the binding before on-demand). */
	@Benchmark
	public Object wholePlainBindRead() {
		return readAsTheSample(this.wholeBinder.bind(GatewayDecoder.dispatch(0, nextPlain())));
	}

	/** Inflates the next chunk into the inflater's buffer. */
	int inflateNext() {
		if (this.nextCompressed == this.stream.size()) {
			this.nextCompressed = 0;
			this.inflater.reset();
		}
		return this.inflater.inflate(this.stream.compressed(this.nextCompressed++));
	}

	byte[] nextPlain() {
		if (this.nextPlain == this.stream.size()) {
			this.nextPlain = 0;
		}
		return this.stream.plain(this.nextPlain++);
	}

	/** zlib-stream inflate alone (reused Inflater and output buffer). */
	@Benchmark
	public int floorInflate() {
		return inflateNext();
	}

	/** The raw floor: inflate + Jackson streaming tokenisation of every token, no binding. */
	@Benchmark
	public int floorInflateScan() {
		int length = inflateNext();
		return scan(this.inflater.buffer(), length);
	}

	/** The floor for uncompressed transport: tokenisation only. */
	@Benchmark
	public int floorPlainScan() {
		byte[] frame = nextPlain();
		return scan(frame, frame.length);
	}

	/**
	 * A textbook envelope peek with Jackson (op, t, s; {@code skipChildren()} on d) after inflate: the anchor's
	 * "peek" row. {@code skipChildren} still tokenises d, so this costs about a full scan.
	 */
	@Benchmark
	public long referenceInflatePeek() {
		int length = inflateNext();
		return peek(this.inflater.buffer(), length);
	}

	static int scan(byte[] json, int length) {
		int tokens = 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json, 0, length)) {
			while (parser.nextToken() != null) {
				tokens++;
			}
		}
		return tokens;
	}

	/** @return {@code s * 31 + op} combined with the hash of {@code t}, so nothing is dead code */
	static long peek(byte[] json, int length) {
		long s = -1;
		int op = -1;
		String t = null;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json, 0, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalStateException("not an object");
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				switch (name) {
					case "op" -> op = parser.getIntValue();
					case "s" -> s = (value == JsonToken.VALUE_NULL) ? -1 : parser.getLongValue();
					case "t" -> t = (value == JsonToken.VALUE_NULL) ? null : parser.getString();
					default -> parser.skipChildren();
				}
			}
		}
		return (s * 31 + op) ^ ((t != null) ? t.hashCode() : 0);
	}

}
