package dev.shard.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.shard.gateway.GatewayDispatch;
import dev.shard.gateway.internal.Envelope;
import dev.shard.gateway.internal.EnvelopeReader;
import dev.shard.model.Activity;
import dev.shard.model.Attachment;
import dev.shard.model.AuditLogEntry;
import dev.shard.model.AutoModAction;
import dev.shard.model.AutoModRule;
import dev.shard.model.Channel;
import dev.shard.model.ClientStatus;
import dev.shard.model.Component;
import dev.shard.model.Embed;
import dev.shard.model.EmbedAuthor;
import dev.shard.model.EmbedField;
import dev.shard.model.EmbedFooter;
import dev.shard.model.EmbedMedia;
import dev.shard.model.EmbedProvider;
import dev.shard.model.Emoji;
import dev.shard.model.Entitlement;
import dev.shard.model.ForumTag;
import dev.shard.model.Guild;
import dev.shard.model.Integration;
import dev.shard.model.Interaction;
import dev.shard.model.Member;
import dev.shard.model.Message;
import dev.shard.model.MessageReference;
import dev.shard.model.OnDemandBinding;
import dev.shard.model.PermissionOverwrite;
import dev.shard.model.Poll;
import dev.shard.model.PollAnswer;
import dev.shard.model.PollMedia;
import dev.shard.model.Presence;
import dev.shard.model.Reaction;
import dev.shard.model.ReferenceBinding;
import dev.shard.model.Role;
import dev.shard.model.ScheduledEvent;
import dev.shard.model.ShardJson;
import dev.shard.model.SoundboardSound;
import dev.shard.model.StageInstance;
import dev.shard.model.Sticker;
import dev.shard.model.StickerItem;
import dev.shard.model.Subscription;
import dev.shard.model.ThreadMember;
import dev.shard.model.ThreadMetadata;
import dev.shard.model.UnavailableGuild;
import dev.shard.model.User;
import dev.shard.model.VoiceState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Binds every dispatch in the payload corpus and checks that re-serialising the bound payload
 * keeps every field of the input.
 * <p>
 * The corpus is {@code shared/corpus} found by walking up from the working directory; when it is
 * absent (a fresh clone) the permissively licensed subset in {@code src/test/resources/corpus} is
 * used. The hand-written samples in {@code corpus/shard/} (types the collected corpus lacks) are
 * always included. {@code SOURCES.md} gives each file's kind: {@code dispatch:T} (an envelope, or
 * several), {@code dispatch:T(d)} (a bare {@code d}), {@code op:X} (checked to be a non-dispatch
 * frame); every other kind is not a received gateway payload and is skipped (and listed).
 * <p>
 * Normalisation when comparing input and output values: numbers are compared by numeric value, a
 * number equals the string of the same digits (snowflakes are written as strings), two strings
 * of digits are compared by value (an id sent zero-padded comes back without the padding), and two
 * strings that both parse as ISO-8601 timestamps are compared as instants ({@code +00:00} and
 * {@code Z}, trailing zero fractions). Output may hold more keys than the input (modelled fields
 * that were absent are written as null).
 */
class CorpusTests {

	private static final Pattern SECTION = Pattern.compile("^## `([^`]+)/`");

	private static final Pattern KIND = Pattern.compile("(dispatch|op):([A-Za-z_]+)(\\(d\\))?");

	private static final Pattern OBJECT_KIND = Pattern.compile("object:(\\S+)");

	private static final Pattern DIGITS = Pattern.compile("[0-9]+");

	private static final JsonMapper MAPPER = ShardJson.mapper();

	private static final EventBinder BINDER = EventBinder.shared();

	/** Jackson's own record binding, which ours must equal on every payload. */
	private static final JsonMapper REFERENCE = ReferenceBinding.jacksonOnlyMapper();

	private static final Set<String> BOUND_TYPES = new ConcurrentSkipListSet<>();

	private static final List<String> SKIPPED = new ArrayList<>();

	private static final List<String> RAW = new ArrayList<>();

	/** Object kinds that are gateway-carried objects with a model record: bound and round-tripped too. */
	private static final Map<String, Class<?>> OBJECTS = objects();

	private static Map<String, Class<?>> objects() {
		Map<String, Class<?>> map = new java.util.HashMap<>();
		Object[][] table = { { "USER", User.class }, { "GUILD_MEMBER", Member.class }, { "GUILDMEMBER", Member.class },
				{ "ROLE", Role.class }, { "GUILD_ROLE", Role.class }, { "EMOJI", Emoji.class }, { "STICKER", Sticker.class },
				{ "STICKER_ITEM", StickerItem.class }, { "CHANNEL", Channel.class }, { "TEXT_CHANNEL", Channel.class },
				{ "FORUM_CHANNEL", Channel.class }, { "THREAD_MEMBER", ThreadMember.class },
				{ "THREAD_METADATA", ThreadMetadata.class }, { "ATTACHMENT", Attachment.class }, { "EMBED", Embed.class },
				{ "REACTION", Reaction.class }, { "MESSAGE_REFERENCE", MessageReference.class }, { "MESSAGE", Message.class },
				{ "POLL", Poll.class }, { "GUILD", Guild.class }, { "UNAVAILABLE_GUILD", UnavailableGuild.class },
				{ "UNAVAILABLEGUILD", UnavailableGuild.class }, { "ACTIVITY", Activity.class }, { "PRESENCE", Presence.class },
				{ "PRESENCE[]", Presence.class }, { "CLIENT_STATUS", ClientStatus.class }, { "VOICE_STATE", VoiceState.class },
				{ "GUILD_SCHEDULED_EVENT", ScheduledEvent.class }, { "AUTO_MODERATION_RULE", AutoModRule.class },
				{ "AUTO_MODERATION_ACTION", AutoModAction.class }, { "ENTITLEMENT", Entitlement.class },
				{ "SUBSCRIPTION", Subscription.class }, { "SOUNDBOARD_SOUND", SoundboardSound.class },
				{ "STAGE_INSTANCE", StageInstance.class }, { "INTEGRATION", Integration.class },
				{ "INTERACTION", Interaction.class }, { "MESSAGE_COMPONENT", Component.class }, { "COMPONENTS", Component.class },
				{ "APPLICATION_COMPONENT", Component.class }, { "FORUM_TAG", ForumTag.class },
				{ "PERMISSION_OVERWRITE", PermissionOverwrite.class }, { "AUDIT_LOG_ENTRY", AuditLogEntry.class },
				{ "EMBED_FIELD", EmbedField.class }, { "EMBED_FOOTER", EmbedFooter.class }, { "EMBED_AUTHOR", EmbedAuthor.class },
				{ "EMBED_IMAGE", EmbedMedia.class }, { "EMBED_THUMBNAIL", EmbedMedia.class }, { "EMBED_VIDEO", EmbedMedia.class },
				{ "EMBED_PROVIDER", EmbedProvider.class }, { "POLL_MEDIA", PollMedia.class }, { "POLL_ANSWER", PollAnswer.class } };
		for (Object[] row : table) {
			map.put((String) row[0], (Class<?>) row[1]);
		}
		return map;
	}

	private static Class<?> objectClass(String kind) {
		Matcher m = OBJECT_KIND.matcher(kind);
		return (m.matches()) ? OBJECTS.get(m.group(1).toUpperCase(java.util.Locale.ROOT)) : null;
	}

	static Path locateCorpus() {
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("shared").resolve("corpus");
			if (Files.isRegularFile(candidate.resolve("SOURCES.md"))) {
				return candidate;
			}
			dir = dir.getParent();
		}
		return localCorpus();
	}

	static Path localCorpus() {
		URL url = CorpusTests.class.getResource("/corpus/SOURCES.md");
		assertThat(url).as("local corpus copy").isNotNull();
		try {
			return Paths.get(url.toURI()).getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** file (relative to the corpus) to its kind column. */
	static Map<String, String> readSources(Path corpus, String onlySection) {
		Map<String, String> files = new TreeMap<>();
		String section = null;
		try {
			for (String line : Files.readAllLines(corpus.resolve("SOURCES.md"))) {
				Matcher m = SECTION.matcher(line);
				if (m.find()) {
					section = m.group(1);
					continue;
				}
				if (section != null && line.startsWith("| `") && (onlySection == null || onlySection.equals(section))) {
					String[] cells = line.split("\\|");
					String file = cells[1].trim().replace("`", "");
					files.put(section + "/" + file, cells[3].trim());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	@TestFactory
	Stream<DynamicTest> corpus() {
		Path corpus = locateCorpus();
		Path local = localCorpus();
		System.out.println("Corpus: " + corpus);
		List<DynamicTest> tests = new ArrayList<>();
		addTests(tests, corpus, readSources(corpus, null));
		if (!corpus.equals(local)) {
			addTests(tests, local, readSources(local, "shard"));
		}
		assertThat(tests).isNotEmpty();
		return tests.stream();
	}

	private void addTests(List<DynamicTest> tests, Path corpus, Map<String, String> sources) {
		sources.forEach((file, kind) -> {
			Path path = corpus.resolve(file);
			Class<?> objectClass = objectClass(kind);
			if (file.endsWith(".json") && objectClass != null) {
				tests.add(DynamicTest.dynamicTest(file + " [" + kind + "]", () -> checkObject(path, objectClass)));
				return;
			}
			if (!file.endsWith(".json") || !KIND.matcher(kind).find()) {
				synchronized (SKIPPED) {
					SKIPPED.add(file + " [" + kind + "]");
				}
				return;
			}
			tests.add(DynamicTest.dynamicTest(file + " [" + abbreviate(kind) + "]", () -> check(path, kind)));
		});
	}

	private static String abbreviate(String kind) {
		return (kind.length() > 80) ? kind.substring(0, 77) + "..." : kind;
	}

	private void check(Path path, String kind) throws IOException {
		assertThat(path).as("file listed in SOURCES.md").exists();
		byte[] bytes = Files.readAllBytes(path);
		JsonNode root = MAPPER.readTree(bytes);
		List<String> dispatchTypes = new ArrayList<>();
		boolean bare = false;
		boolean op = false;
		Matcher m = KIND.matcher(kind);
		while (m.find()) {
			if (m.group(1).equals("op")) {
				op = true;
			}
			else {
				dispatchTypes.add(m.group(2));
				bare |= m.group(3) != null;
			}
		}
		int checked = 0;
		if (root.isObject() && root.has("op")) {
			// the whole file is one envelope: bind its bytes exactly as received
			checked += checkEnvelope(root, bytes);
		}
		else if (root.isArray() && !bare && root.size() > 0 && root.get(0).has("op")) {
			for (JsonNode envelope : root) {
				checked += checkEnvelope(envelope, MAPPER.writeValueAsBytes(envelope));
			}
		}
		else if (bare && dispatchTypes.size() == 1 && !hasTypeKeys(root, dispatchTypes)) {
			if (root.isArray()) {
				for (JsonNode d : root) {
					checked += checkBare(dispatchTypes.get(0), d);
				}
			}
			else {
				checked += checkBare(dispatchTypes.get(0), root);
			}
		}
		else {
			// a collection keyed by event name: {"group": {"MESSAGE_CREATE": [{"payload": {...}}]}}
			checked += walkKeyed(root, dispatchTypes);
		}
		if (op && checked == 0) {
			assertThat(root.isObject() || root.isArray()).isTrue();
			checked += checkOpFrames(root);
		}
		assertThat(checked).as("payloads found in %s", path).isPositive();
	}

	private static boolean hasTypeKeys(JsonNode node, List<String> types) {
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				if (types.contains(name) || hasTypeKeys(node.get(name), types)) {
					return true;
				}
			}
		}
		return false;
	}

	private int walkKeyed(JsonNode node, List<String> types) {
		int checked = 0;
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				JsonNode value = node.get(name);
				if (types.contains(name) && value.isArray()) {
					for (JsonNode item : value) {
						checked += checkBare(name, item.has("payload") ? item.get("payload") : item);
					}
				}
				else {
					checked += walkKeyed(value, types);
				}
			}
		}
		return checked;
	}

	private void checkObject(Path path, Class<?> type) throws IOException {
		JsonNode root = MAPPER.readTree(Files.readAllBytes(path));
		for (JsonNode object : root.isArray() ? root : List.of(root)) {
			Object bound = MAPPER.treeToValue(object, type);
			assertThat(bound).isInstanceOf(type);
			assertThat(bound).as("same as Jackson's own binding (from a tree)")
				.isEqualTo(REFERENCE.treeToValue(object, type));
			byte[] json = MAPPER.writeValueAsBytes(object);
			assertThat(MAPPER.readValue(json, type)).as("same as Jackson's own binding (from bytes)")
				.isEqualTo(REFERENCE.readValue(json, type));
			assertLossless(type.getSimpleName(), object, MAPPER.valueToTree(bound));
		}
	}

	private int checkOpFrames(JsonNode root) {
		int checked = 0;
		for (JsonNode frame : root.isArray() ? root : List.of(root)) {
			assertThat(frame.path("op").isIntegralNumber()).as("op frame has an integer op").isTrue();
			assertThat(frame.path("op").asInt()).as("op frame is not a dispatch").isNotZero();
			checked++;
		}
		return checked;
	}

	private int checkEnvelope(JsonNode envelope, byte[] frame) {
		int op = envelope.path("op").asInt(-1);
		if (op != 0) {
			assertThat(op).as("non-dispatch op").isPositive();
			return 1;
		}
		String type = envelope.path("t").asString(null);
		long seq = envelope.path("s").asLong(0);
		GatewayEvent event = BINDER.bind(0, seq, type, frame);
		// as a shard delivers it: d parsed from where the envelope reader found it, with the same result
		Envelope read = EnvelopeReader.read(frame);
		assertThat(read.type()).isEqualTo(type);
		GatewayEvent located = BINDER.bind(new GatewayDispatch(0, seq, type, frame, read.dataOffset(), 0));
		assertThat(located).hasSameClassAs(event);
		if (event instanceof DispatchEvent<?> scanned) {
			DispatchEvent<?> direct = (DispatchEvent<?>) located;
			if (direct.payload() != null) {
				// a message is bound field by field when read: each field's own binding against Jackson's
				assertThat(ReferenceBinding.fieldByField(direct.payload())).as("field by field")
					.isEqualTo(ReferenceBinding.fieldByField(
							REFERENCE.readValue(direct.rawData(), EventTypes.find(type).payloadType())));
			}
			assertThat(direct.payload()).isEqualTo(scanned.payload());
			assertThat(direct.info().dataOffset()).isEqualTo(scanned.info().dataOffset());
			assertThat(direct.info().dataLength()).isEqualTo(scanned.info().dataLength());
		}
		assertThat(event.type()).isEqualTo(type);
		assertThat(event.sequence()).isEqualTo(seq);
		assertThat(event.rawJson()).isEqualTo(new String(frame, StandardCharsets.UTF_8));
		if (!EventTypes.isKnown(type)) {
			assertThat(event).isInstanceOf(RawDispatchEvent.class);
			synchronized (RAW) {
				RAW.add(type);
			}
			return 1;
		}
		DispatchEvent<?> dispatch = (DispatchEvent<?>) event;
		assertThat(event).isInstanceOf(EventTypes.find(type).eventType());
		JsonNode d = envelope.get("d");
		if (d != null && !d.isNull()) {
			assertThat(MAPPER.readTree(dispatch.rawData())).isEqualTo(d);
			assertThat(dispatch.payload()).isInstanceOf(EventTypes.find(type).payloadType());
			assertThat(dispatch.payload()).as("same as Jackson's own binding")
				.isEqualTo(REFERENCE.readValue(dispatch.rawData(), EventTypes.find(type).payloadType()));
			assertLossless(type, d, MAPPER.valueToTree(dispatch.payload()));
		}
		BOUND_TYPES.add(type);
		return 1;
	}

	private int checkBare(String type, JsonNode d) {
		ObjectNode envelope = MAPPER.createObjectNode();
		envelope.put("t", type);
		envelope.put("s", 7);
		envelope.put("op", 0);
		envelope.set("d", d);
		return checkEnvelope(envelope, MAPPER.writeValueAsBytes(envelope));
	}

	static void assertLossless(String type, JsonNode input, JsonNode output) {
		List<String> problems = new ArrayList<>();
		compare("$", input, output, problems);
		if (!problems.isEmpty()) {
			fail(type + ": re-serialisation lost or changed " + problems.size() + " value(s): "
					+ problems.subList(0, Math.min(10, problems.size())));
		}
	}

	static void compare(String path, JsonNode in, JsonNode out, List<String> problems) {
		if (out == null || out.isMissingNode()) {
			problems.add(path + " missing");
			return;
		}
		if (in.isObject()) {
			if (!out.isObject()) {
				problems.add(path + " not an object");
				return;
			}
			for (String name : in.propertyNames()) {
				compare(path + "." + name, in.get(name), out.get(name), problems);
			}
			return;
		}
		if (in.isArray()) {
			if (!out.isArray() || out.size() != in.size()) {
				problems.add(path + " array differs");
				return;
			}
			Iterator<JsonNode> a = in.iterator();
			Iterator<JsonNode> b = out.iterator();
			int i = 0;
			while (a.hasNext()) {
				compare(path + "[" + i++ + "]", a.next(), b.next(), problems);
			}
			return;
		}
		if (!sameScalar(in, out)) {
			problems.add(path + " " + in + " -> " + out);
		}
	}

	private static boolean sameScalar(JsonNode in, JsonNode out) {
		if (in.equals(out)) {
			return true;
		}
		if (in.isNumber() || out.isNumber()) {
			BigDecimal a = decimal(in);
			BigDecimal b = decimal(out);
			return a != null && b != null && a.compareTo(b) == 0;
		}
		if (in.isString() && out.isString()) {
			if (DIGITS.matcher(in.asString()).matches() && DIGITS.matcher(out.asString()).matches()) {
				// ids: "000000000000000000" and "0" are the same snowflake
				return new BigDecimal(in.asString()).compareTo(new BigDecimal(out.asString())) == 0;
			}
			try {
				return OffsetDateTime.parse(in.asString())
					.toInstant()
					.equals(OffsetDateTime.parse(out.asString()).toInstant());
			}
			catch (DateTimeParseException ex) {
				return false;
			}
		}
		return false;
	}

	private static BigDecimal decimal(JsonNode node) {
		if (node.isNumber()) {
			return node.decimalValue();
		}
		if (node.isString()) {
			try {
				return new BigDecimal(node.asString());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	@Test
	void everyDocumentedTypeHasARecordAndAPayload() {
		Path corpus = locateCorpus();
		Set<String> covered = new TreeSet<>();
		for (Path root : new java.util.LinkedHashSet<>(List.of(corpus, localCorpus()))) {
			readSources(root, null).forEach((file, kind) -> {
				Matcher m = KIND.matcher(kind);
				while (m.find()) {
					if (m.group(1).equals("dispatch")) {
						covered.add(m.group(2));
					}
				}
			});
		}
		assertThat(EventTypes.names()).hasSize(79);
		assertThat(covered).containsAll(EventTypes.names());
		for (EventType<?, ?> type : EventTypes.all()) {
			assertThat(type.payloadType().isRecord() || OnDemandBinding.supports(type.payloadType())).as(type.name())
				.isTrue();
			assertThat(type.eventType().isRecord()).as(type.name()).isTrue();
		}
	}

	@AfterAll
	static void report() {
		System.out.println("Bound types (" + BOUND_TYPES.size() + "): " + BOUND_TYPES);
		Set<String> missing = new TreeSet<>(EventTypes.names());
		missing.removeAll(BOUND_TYPES);
		System.out.println("Documented types not bound by the corpus run: " + missing);
		System.out.println("Unknown types delivered raw: " + new TreeSet<>(RAW));
		System.out.println("Skipped (not a received gateway payload per SOURCES.md), " + SKIPPED.size() + " files:");
		SKIPPED.forEach((s) -> System.out.println("  skip " + s));
		if (!BOUND_TYPES.isEmpty()) {
			assertThat(missing).as("every documented type bound from a payload").isEmpty();
		}
	}

}
