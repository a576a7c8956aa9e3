package dev.shard.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding on demand, for the payloads that arrive by the hundred thousand and of which a listener reads a few fields
 * ({@link Message}, {@link User}). Binding a whole MESSAGE_CREATE into objects was about half of the client's CPU
 * per event end to end (BENCHMARKS.md); here the object is only indexed when the event is bound: one pass over its
 * bytes records where each field's value is and checks the structure (names, colons and commas of the object
 * itself; strings closed and brackets matched inside its values). Each field is bound from its bytes when it is
 * first read, and kept. Plain strings, ids, booleans and integers are read here; every other value, and any of
 * those in a form that is not the plain one (escapes, numbers as strings...), is bound by the shared mapper exactly
 * as it binds the rest of the model, so both paths give equal values. A value that cannot be bound fails when read, with Jackson's exception and the field's path.
 * <p>
 * Values are published with release/acquire, so an object read from several threads binds each field at most a few
 * times and every thread sees a complete value. Only the shared mapper ({@link ShardJson#mapper()}) binds on demand:
 * with a mapper of one's own everything is bound at once, as before.
 */
final class OnDemand {

	/** A field not read yet. */
	static final Object UNBOUND = new Object();

	private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGHS = 0x8080808080808080L;

	private static final long QUOTES = 0x2222222222222222L;

	private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

	private static final int OTHER = 0;

	private static final int STRING = 1;

	private static final int SNOWFLAKE = 2;

	private static final int BOOLEAN = 3;

	private static final int INTEGER = 4;

	private static final int LONG = 5;

	private static final int NESTED = 6;

	private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
		@Override
		protected Binding computeValue(Class<?> type) {
			return new Binding(type);
		}
	};

	private OnDemand() {
	}

	/** Whether {@code type} is one of the model's on-demand types. */
	static boolean supports(Class<?> type) {
		return type == Message.class || type == User.class;
	}

	/** The binding of an on-demand type. */
	static Binding binding(Class<?> type) {
		if (!supports(type)) {
			throw new IllegalArgumentException(type.getName() + " is not bound on demand");
		}
		return BINDINGS.get(type);
	}

	/** An object built from finished values (Jackson's path, or a caller's constructor). */
	static Object create(Class<?> type, Object[] values) {
		if (type == Message.class) {
			return new Message(values);
		}
		if (type == User.class) {
			return new User(values);
		}
		throw new IllegalArgumentException(type.getName());
	}

	private static Object create(Class<?> type, Source source) {
		return (type == Message.class) ? new Message(source) : new User(source);
	}

	/** A field's value: bound and kept on first read. */
	static Object get(Object[] values, Source source, int slot) {
		Object value = VALUES.getAcquire(values, slot);
		if (value != UNBOUND) {
			return value;
		}
		value = source.binding.bind(source, slot);
		VALUES.setRelease(values, slot, value);
		return value;
	}

	/**
	 * Bind every field not read yet in one pass (Jackson binding the whole object, as for any record): for callers
	 * that want them all ({@code equals}, {@code hashCode}, {@code toString}), for which a parser per field cost
	 * about twice a whole bind. Values already read are kept (they are equal). If the whole object does not bind,
	 * nothing changes: reading the field that fails reports it.
	 */
	static void bindAll(Object[] values, Source source) {
		if (source == null) {
			return;
		}
		boolean unbound = false;
		for (int i = 0; i < values.length && !unbound; i++) {
			unbound = VALUES.getAcquire(values, i) == UNBOUND;
		}
		if (!unbound) {
			return;
		}
		OnDemandObject whole;
		try {
			whole = (OnDemandObject) ShardJson.mapper()
				.readValue(source.json, source.start, source.end - source.start, source.binding.type);
		}
		catch (JacksonException ex) {
			return;
		}
		for (int i = 0; i < values.length; i++) {
			if (VALUES.getAcquire(values, i) == UNBOUND) {
				VALUES.setRelease(values, i, whole.values[i]);
			}
		}
	}

	/**
	 * Where the fields of one object are in its bytes. Immutable; shared by the threads that read the object.
	 */
	static final class Source {

		final Binding binding;

		final byte[] json;

		final int start;

		final int end;

		/** Per slot, the value's first byte and the byte after it; both 0 when absent. */
		final int[] spans;

		/** Per unknown name: name start, name end, value start, value end (or {@code null}). */
		final int[] unknown;

		final int unknownCount;

		Source(Binding binding, byte[] json, int start, int end, int[] spans, int[] unknown, int unknownCount) {
			this.binding = binding;
			this.json = json;
			this.start = start;
			this.end = end;
			this.spans = spans;
			this.unknown = unknown;
			this.unknownCount = unknownCount;
		}

		Object[] unboundValues() {
			Object[] values = new Object[this.binding.names.length];
			Arrays.fill(values, UNBOUND);
			return values;
		}

	}

	/** One type's layout (from its {@code @JsonCreator} constructor) and how each of its fields is bound. */
	static final class Binding {

		final Class<?> type;

		/** JSON name per slot ({@code null} at the extra slot). */
		final String[] names;

		/** Accessor name per slot, for {@code toString}. */
		final String[] accessors;

		final int extraSlot;

		private final Type[] types;

		private final int[] kinds;

		private final byte[][] nameBytes;

		/** Per slot: the name's first and last (up to) eight bytes as words (see {@link #words}), its length. */
		private final long[] firstWords;

		private final long[] lastWords;

		/** Open addressing by name hash: slot + 1, 0 when free. */
		private final int[] table;

		/**
		 * Per slot, the slot whose name followed it in the last object indexed (-1 if none yet); the last entry is
		 * the first name's. A hint only: written and read without ordering by every thread that indexes.
		 */
		private final int[] successors;

		private final ObjectReader[] readers;

		private volatile Object[] absent;

		private volatile ObjectReader nodeReader;

		private Binding(Class<?> type) {
			this.type = type;
			Constructor<?> creator = creator(type);
			Parameter[] parameters = creator.getParameters();
			Type[] types = creator.getGenericParameterTypes();
			int n = parameters.length;
			this.names = new String[n];
			this.accessors = new String[n];
			this.types = types;
			this.kinds = new int[n];
			this.nameBytes = new byte[n][];
			this.readers = new ObjectReader[n];
			int extra = -1;
			for (int i = 0; i < n; i++) {
				if (parameters[i].isAnnotationPresent(JsonAnySetter.class)) {
					extra = i;
					this.accessors[i] = "extra";
					continue;
				}
				String name = parameters[i].getAnnotation(JsonProperty.class).value();
				this.names[i] = name;
				this.nameBytes[i] = name.getBytes(StandardCharsets.UTF_8);
				this.kinds[i] = kind(types[i]);
			}
			this.extraSlot = extra;
			for (Method method : type.getMethods()) {
				JsonProperty property = method.getAnnotation(JsonProperty.class);
				if (property != null && method.getParameterCount() == 0) {
					int slot = Arrays.asList(this.names).indexOf(property.value());
					if (slot >= 0) {
						this.accessors[slot] = method.getName();
					}
				}
			}
			int size = Integer.highestOneBit(Math.max(4, n * 4) - 1) << 1;
			this.table = new int[size];
			this.successors = new int[n + 1];
			Arrays.fill(this.successors, -1);
			this.firstWords = new long[n];
			this.lastWords = new long[n];
			for (int i = 0; i < n; i++) {
				byte[] name = this.nameBytes[i];
				if (name != null) {
					this.firstWords[i] = firstWord(name, 0, name.length);
					this.lastWords[i] = lastWord(name, 0, name.length);
					int h = hash(this.firstWords[i], this.lastWords[i], name.length) & (size - 1);
					while (this.table[h] != 0) {
						h = (h + 1) & (size - 1);
					}
					this.table[h] = i + 1;
				}
			}
		}

		private static Constructor<?> creator(Class<?> type) {
			for (Constructor<?> constructor : type.getConstructors()) {
				if (constructor.isAnnotationPresent(JsonCreator.class)) {
					return constructor;
				}
			}
			throw new IllegalStateException(type.getName() + " has no @JsonCreator constructor");
		}

		private static int kind(Type type) {
			if (type == String.class) {
				return STRING;
			}
			if (type == Snowflake.class) {
				return SNOWFLAKE;
			}
			if (type == Boolean.class) {
				return BOOLEAN;
			}
			if (type == Integer.class) {
				return INTEGER;
			}
			if (type == Long.class) {
				return LONG;
			}
			if (type instanceof Class<?> c && supports(c)) {
				return NESTED;
			}
			return OTHER;
		}

		int size() {
			return this.names.length;
		}

		private static int hash(long first, long last, int length) {
			long h = first * 0x9E3779B97F4A7C15L + last * 0xC2B2AE3D27D4EB4FL + length;
			return (int) (h ^ (h >>> 29) ^ (h >>> 47));
		}

		/**
		 * Where the name at {@code from} ends (its closing quote) if it is the name of {@code slot}, else -1. A name
		 * never holds a backslash, so a quote right after its bytes closes it.
		 */
		private int predictedEnd(byte[] b, int from, int limit, int slot) {
			int to = from + this.nameBytes[slot].length;
			if (to >= limit || b[to] != '"'
					|| !isName(slot, b, from, to, firstWord(b, from, to), lastWord(b, from, to))) {
				return -1;
			}
			return to;
		}

		/** Whether {@code b[from, to)}, whose words are given, is the name of {@code slot}. */
		private boolean isName(int slot, byte[] b, int from, int to, long first, long last) {
			byte[] name = this.nameBytes[slot];
			int length = to - from;
			return name.length == length && this.firstWords[slot] == first && this.lastWords[slot] == last
					&& (length <= 16 || Arrays.equals(b, from + 8, to - 8, name, 8, length - 8));
		}

		/**
		 * The slot of a JSON name (without escapes), or -1. Names are compared as two words (their first and last
		 * eight bytes), and byte by byte only beyond sixteen: a message has some forty names to match.
		 */
		private int match(byte[] b, int from, int to) {
			long first = firstWord(b, from, to);
			long last = lastWord(b, from, to);
			int mask = this.table.length - 1;
			int h = hash(first, last, to - from) & mask;
			int entry;
			while ((entry = this.table[h]) != 0) {
				if (isName(entry - 1, b, from, to, first, last)) {
					return entry - 1;
				}
				h = (h + 1) & mask;
			}
			return -1;
		}

		/**
		 * Index the object that starts at {@code b[start]}, or {@code null} for anything this scan does not take on
		 * (not an object, malformed, escaped names, deeper than 64): the caller then binds it with Jackson, which
		 * either binds it or reports exactly what is wrong.
		 */
		Object bind(byte[] b, int start, int limit) {
			Source source = index(b, start, limit);
			return (source != null) ? create(this.type, source) : null;
		}

		Source index(byte[] b, int start, int limit) {
			if (start >= limit || b[start] != '{') {
				return null;
			}
			// per slot: value start and end; an end of 0 (no value ends there) for a field not present
			int[] spans = new int[2 * this.names.length];
			int[] unknown = null;
			int unknownCount = 0;
			int i = whitespace(b, start + 1, limit);
			if (i < limit && b[i] == '}') {
				return new Source(this, b, start, i + 1, spans, null, 0);
			}
			// names come in the same order object after object: the name that followed this one last time is
			// checked first, in place, before the scan for the closing quote and the hash lookup
			int previous = this.names.length;
			int predicted = this.successors[previous];
			while (true) {
				if (i >= limit || b[i] != '"') {
					return null;
				}
				int nameStart = i + 1;
				int nameEnd = (predicted >= 0) ? predictedEnd(b, nameStart, limit, predicted) : -1;
				int slot;
				if (nameEnd >= 0) {
					slot = predicted;
				}
				else {
					nameEnd = quoteOrBackslash(b, nameStart, limit);
					if (nameEnd >= limit || b[nameEnd] != '"') {
						return null;
					}
					slot = match(b, nameStart, nameEnd);
				}
				if (slot >= 0 && previous >= 0 && this.successors[previous] != slot) {
					this.successors[previous] = slot;
				}
				// after a name not modelled nothing is learnt or predicted (it has no slot)
				previous = slot;
				predicted = (slot >= 0) ? this.successors[slot] : -1;
				i = whitespace(b, nameEnd + 1, limit);
				if (i >= limit || b[i] != ':') {
					return null;
				}
				i = whitespace(b, i + 1, limit);
				int valueStart = i;
				i = skipValue(b, i, limit);
				if (i < 0) {
					return null;
				}
				if (slot >= 0) {
					spans[2 * slot] = valueStart;
					spans[2 * slot + 1] = i;
				}
				else {
					if (unknown == null) {
						unknown = new int[16];
					}
					else if (unknownCount * 4 == unknown.length) {
						unknown = Arrays.copyOf(unknown, unknown.length * 2);
					}
					int at = unknownCount++ * 4;
					unknown[at] = nameStart;
					unknown[at + 1] = nameEnd;
					unknown[at + 2] = valueStart;
					unknown[at + 3] = i;
				}
				i = whitespace(b, i, limit);
				if (i >= limit) {
					return null;
				}
				if (b[i] == ',') {
					i = whitespace(b, i + 1, limit);
				}
				else if (b[i] == '}') {
					return new Source(this, b, start, i + 1, spans, unknown, unknownCount);
				}
				else {
					return null;
				}
			}
		}

		/** Bind one field from its bytes. */
		Object bind(Source source, int slot) {
			if (slot == this.extraSlot) {
				return extra(source);
			}
			int end = source.spans[2 * slot + 1];
			if (end == 0) {
				return absent()[slot];
			}
			int start = source.spans[2 * slot];
			byte[] b = source.json;
			try {
				Object value = fast(b, start, end, slot);
				if (value != UNBOUND) {
					return value;
				}
				return reader(slot).readValue(b, start, end - start);
			}
			catch (JacksonException ex) {
				throw ex.prependPath(new JacksonException.Reference(this.type, this.names[slot]));
			}
		}

		/** The plain forms read here ({@link #UNBOUND} for everything else, which Jackson binds). */
		private Object fast(byte[] b, int start, int end, int slot) {
			byte first = b[start];
			if (first == 'n') {
				// JSON null gives null for all the kinds read here (Jackson's null value for them)
				return (this.kinds[slot] != OTHER && isNull(b, start, end)) ? null : UNBOUND;
			}
			switch (this.kinds[slot]) {
				case STRING:
					if (first == '"') {
						String text = plainString(b, start + 1, end - 1);
						return (text != null) ? text : UNBOUND;
					}
					return UNBOUND;
				case SNOWFLAKE:
					if (first == '"') {
						long id = digits(b, start + 1, end - 1, 19);
						return (id >= 0) ? new Snowflake(id) : UNBOUND;
					}
					return UNBOUND;
				case BOOLEAN:
					if (end - start == 4 && first == 't' && b[start + 1] == 'r' && b[start + 2] == 'u'
							&& b[start + 3] == 'e') {
						return Boolean.TRUE;
					}
					if (end - start == 5 && first == 'f' && b[start + 1] == 'a' && b[start + 2] == 'l'
							&& b[start + 3] == 's' && b[start + 4] == 'e') {
						return Boolean.FALSE;
					}
					return UNBOUND;
				case INTEGER: {
					long value = signedDigits(b, start, end, 9);
					return (value != Long.MIN_VALUE) ? Integer.valueOf((int) value) : UNBOUND;
				}
				case LONG: {
					long value = signedDigits(b, start, end, 18);
					return (value != Long.MIN_VALUE) ? Long.valueOf(value) : UNBOUND;
				}
				case NESTED: {
					Class<?> nested = (Class<?>) this.types[slot];
					Binding binding = (nested == this.type) ? this : BINDINGS.get(nested);
					Source inner = binding.index(b, start, end);
					return (inner != null) ? create(nested, inner) : UNBOUND;
				}
				default:
					return UNBOUND;
			}
		}

		private ObjectReader reader(int slot) {
			ObjectReader reader = this.readers[slot];
			if (reader == null) {
				JsonMapper mapper = ShardJson.mapper();
				reader = mapper.readerFor(mapper.constructType(this.types[slot]));
				this.readers[slot] = reader;
			}
			return reader;
		}

		private Map<String, JsonNode> extra(Source source) {
			if (source.unknownCount == 0) {
				return Map.of();
			}
			ObjectReader nodes = this.nodeReader;
			if (nodes == null) {
				nodes = ShardJson.mapper().readerFor(JsonNode.class);
				this.nodeReader = nodes;
			}
			byte[] b = source.json;
			Map<String, JsonNode> extra = new LinkedHashMap<>();
			for (int i = 0; i < source.unknownCount; i++) {
				int at = i * 4;
				String name = plainString(b, source.unknown[at], source.unknown[at + 1]);
				if (name == null) {
					// control characters or bytes that are not UTF-8: Jackson says what is wrong
					name = ShardJson.mapper()
						.readValue(b, source.unknown[at] - 1, source.unknown[at + 1] - source.unknown[at] + 2,
								String.class);
				}
				int valueStart = source.unknown[at + 2];
				JsonNode value;
				try {
					value = nodes.readValue(b, valueStart, source.unknown[at + 3] - valueStart);
				}
				catch (JacksonException ex) {
					throw ex.prependPath(new JacksonException.Reference(this.type, name));
				}
				extra.put(name, value);
			}
			return extra;
		}

		/** What Jackson gives a field missing from the JSON, per slot: read once from a bound {@code {}}. */
		private Object[] absent() {
			Object[] absent = this.absent;
			if (absent == null) {
				OnDemandObject empty = (OnDemandObject) ShardJson.mapper().readValue("{}", this.type);
				absent = empty.values.clone();
				this.absent = absent;
			}
			return absent;
		}

	}

	/** Up to the first eight bytes of {@code b[from, to)} as a little-endian word (zeros beyond {@code to}). */
	static long firstWord(byte[] b, int from, int to) {
		int length = to - from;
		if (length >= 8) {
			return (long) LONGS.get(b, from);
		}
		if (from + 8 <= b.length) {
			return ((long) LONGS.get(b, from)) & ((1L << (length << 3)) - 1);
		}
		long word = 0;
		for (int i = to - 1; i >= from; i--) {
			word = (word << 8) | (b[i] & 0xFF);
		}
		return word;
	}

	/** The last eight bytes of {@code b[from, to)} as a word, or 0 when it has eight or fewer. */
	static long lastWord(byte[] b, int from, int to) {
		return (to - from > 8) ? (long) LONGS.get(b, to - 8) : 0;
	}

	private static int whitespace(byte[] b, int i, int limit) {
		while (i < limit) {
			byte c = b[i];
			// most often the first byte is no whitespace: one comparison
			if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
				return i;
			}
			i++;
		}
		return i;
	}

	/** The index after the value at {@code b[i]}, or -1 if it is not one this scan takes on. */
	static int skipValue(byte[] b, int i, int limit) {
		if (i >= limit) {
			return -1;
		}
		byte c = b[i];
		if (c == '"') {
			return skipString(b, i + 1, limit);
		}
		if (c == '{' || c == '[') {
			return skipNested(b, i, limit);
		}
		int j = i;
		while (j < limit) {
			byte x = b[j];
			if ((x >= '0' && x <= '9') || (x >= 'a' && x <= 'z') || x == '-' || x == '+' || x == '.'
					|| (x >= 'A' && x <= 'Z')) {
				j++;
			}
			else {
				break;
			}
		}
		return (j > i) ? j : -1;
	}

	/**
	 * From just after an opening quote: the index after the closing one, or -1. Eight bytes at a time: a quote or a
	 * backslash among them is found with the zero-byte trick (its lowest hit is exact).
	 */
	static int skipString(byte[] b, int i, int limit) {
		while (true) {
			i = quoteOrBackslash(b, i, limit);
			if (i >= limit) {
				return -1;
			}
			if (b[i] == '"') {
				return i + 1;
			}
			// a backslash: skip it and the character it escapes
			i += 2;
		}
	}

	/** The index of the first quote or backslash from {@code i}, or {@code limit}. */
	private static int quoteOrBackslash(byte[] b, int i, int limit) {
		while (i + 8 <= limit) {
			long word = (long) LONGS.get(b, i);
			long q = word ^ QUOTES;
			long s = word ^ BACKSLASHES;
			long hits = (((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGHS;
			if (hits != 0) {
				return i + (Long.numberOfTrailingZeros(hits) >>> 3);
			}
			i += 8;
		}
		while (i < limit && b[i] != '"' && b[i] != '\\') {
			i++;
		}
		return i;
	}

	/** From an opening bracket: the index after its matching one, or -1 (unmatched, or deeper than 64). */
	static int skipNested(byte[] b, int i, int limit) {
		long objects = 0; // one bit per open level: 1 for an object
		int depth = 0;
		while (i < limit) {
			byte c = b[i++];
			if (c == '"') {
				i = skipString(b, i, limit);
				if (i < 0) {
					return -1;
				}
			}
			else if (c == '{' || c == '[') {
				if (depth == 64) {
					return -1;
				}
				objects = (objects << 1) | ((c == '{') ? 1 : 0);
				depth++;
			}
			else if (c == '}' || c == ']') {
				if (depth == 0 || ((objects & 1) == 1) != (c == '}')) {
					return -1;
				}
				objects >>>= 1;
				if (--depth == 0) {
					return i;
				}
			}
		}
		return -1;
	}

	private static boolean isNull(byte[] b, int start, int end) {
		return end - start == 4 && b[start] == 'n' && b[start + 1] == 'u' && b[start + 2] == 'l'
				&& b[start + 3] == 'l';
	}

	/**
	 * The text between {@code from} and {@code to} when it needs no unescaping and is well-formed UTF-8 without
	 * control characters (so that Jackson would read the same), else {@code null}.
	 */
	static String plainString(byte[] b, int from, int to) {
		boolean ascii = true;
		for (int i = from; i < to; i++) {
			byte c = b[i];
			if (c < 0) {
				ascii = false;
			}
			else if (c < 0x20 || c == '\\') {
				return null;
			}
		}
		if (ascii) {
			return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
		}
		return wellFormed(b, from, to) ? new String(b, from, to - from, StandardCharsets.UTF_8) : null;
	}

	/** Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
	static boolean wellFormed(byte[] b, int i, int to) {
		while (i < to) {
			int c = b[i] & 0xFF;
			if (c < 0x80) {
				i++;
				continue;
			}
			int more;
			if (c >= 0xC2 && c <= 0xDF) {
				more = 1;
			}
			else if (c >= 0xE0 && c <= 0xEF) {
				more = 2;
			}
			else if (c >= 0xF0 && c <= 0xF4) {
				more = 3;
			}
			else {
				return false;
			}
			if (i + more >= to) {
				return false;
			}
			int c1 = b[i + 1] & 0xFF;
			if ((c1 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)
					|| (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
				return false;
			}
			for (int k = 2; k <= more; k++) {
				if ((b[i + k] & 0xC0) != 0x80) {
					return false;
				}
			}
			i += more + 1;
		}
		return true;
	}

	/** 1 to {@code max} ASCII digits as a value, else -1. */
	private static long digits(byte[] b, int from, int to, int max) {
		int length = to - from;
		if (length < 1 || length > max) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			int d = b[i] - '0';
			if (d < 0 || d > 9) {
				return -1;
			}
			value = value * 10 + d;
		}
		// 19 digits may pass Long.MAX_VALUE: leave those to the parser
		return (value >= 0) ? value : -1;
	}

	/** An optional minus and 1 to {@code max} digits, without a leading zero, else {@code Long.MIN_VALUE}. */
	private static long signedDigits(byte[] b, int from, int to, int max) {
		boolean negative = from < to && b[from] == '-';
		int start = negative ? from + 1 : from;
		if (to - start > 1 && b[start] == '0') {
			return Long.MIN_VALUE;
		}
		long value = digits(b, start, to, max);
		if (value < 0) {
			return Long.MIN_VALUE;
		}
		return negative ? -value : value;
	}

}
