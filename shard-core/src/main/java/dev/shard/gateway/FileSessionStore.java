package dev.shard.gateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sessions in a directory, one JSON file per shard ({@code shard-<id>.json}), for bots on one host or on a shared
 * volume: a restarted process, or the next one of a rolling deploy, resumes them.
 * <p>
 * Each save writes a temporary file and renames it over the old one, so a crash leaves the old session or the new
 * one, never half of one. Files are readable by their owner only where the file system has POSIX permissions: a
 * session id lets whoever also has the token resume the session.
 * <p>
 * <b>Locks.</b> {@link #lock(int, Duration)} takes an OS file lock on {@code shard-<id>.lock}, held until released
 * or until the process ends (the OS drops it when a process dies, so a crashed holder never blocks the next one).
 * A process that starts while another still runs the shard waits for the release; the old process releases each
 * shard after its final checkpoint, so the new one resumes exactly where it stopped. The lock file names its
 * holder (process id and host) for the log line of a process that gave up waiting.
 */
public final class FileSessionStore implements SessionStore {

	private static final Logger logger = LoggerFactory.getLogger(FileSessionStore.class);

	private static final Duration POLL = Duration.ofMillis(100);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Locks this JVM holds, by lock file: a second {@code tryLock} in the same JVM would throw, not wait. */
	private static final Map<Path, FileChannel> HELD = new ConcurrentHashMap<>();

	private final Path directory;

	/**
	 * A store in {@code directory}, created on first use if it does not exist.
	 * @param directory where the session and lock files go
	 */
	public FileSessionStore(Path directory) {
		this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
	}

	public Path directory() {
		return this.directory;
	}

	Path sessionFile(int shardId) {
		return this.directory.resolve("shard-" + shardId + ".json");
	}

	Path lockFile(int shardId) {
		return this.directory.resolve("shard-" + shardId + ".lock");
	}

	@Override
	public Mono<Optional<SessionInfo>> load(int shardId) {
		return Mono.fromCallable(() -> read(shardId)).subscribeOn(Schedulers.boundedElastic());
	}

	private Optional<SessionInfo> read(int shardId) {
		Path file = sessionFile(shardId);
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new SessionStoreException("The saved session of shard " + shardId + " (" + file
					+ ") could not be read: " + ex.getMessage(), ex);
		}
		try {
			return Optional.of(decode(JSON.readTree(bytes)));
		}
		catch (JacksonException | IllegalArgumentException | DateTimeException ex) {
			throw new SessionStoreException("The saved session of shard " + shardId + " (" + file
					+ ") is unreadable: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Mono<Boolean> save(int shardId, SessionInfo session, long fencingToken) {
		Objects.requireNonNull(session, "session");
		return Mono.fromCallable(() -> {
			write(shardId, (session.savedAt() != null) ? session : session.withSavedAt(Instant.now()));
			return true;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private void write(int shardId, SessionInfo session) throws IOException {
		createDirectory();
		Path target = sessionFile(shardId);
		Path temporary = Files.createTempFile(this.directory, "shard-" + shardId + "-", ".tmp");
		try {
			ownerOnly(temporary);
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(encode(session))));
				channel.force(true); // on disk before the rename makes it the saved session
			}
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	@Override
	public Mono<Boolean> delete(int shardId, long fencingToken) {
		return Mono.fromCallable(() -> {
			Files.deleteIfExists(sessionFile(shardId));
			return true;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<SessionLock> lock(int shardId, Duration wait) {
		Objects.requireNonNull(wait, "wait");
		return Mono.defer(() -> attempt(shardId, System.nanoTime() + wait.toNanos(), true));
	}

	private Mono<SessionLock> attempt(int shardId, long deadline, boolean first) {
		return Mono.fromCallable(() -> tryLock(shardId, first))
			.subscribeOn(Schedulers.boundedElastic())
			.switchIfEmpty(Mono.defer(() -> {
				if (System.nanoTime() - deadline >= 0) {
					return Mono.empty();
				}
				return Mono.delay(POLL).then(attempt(shardId, deadline, false));
			}));
	}

	/** The lock, or {@code null} if another process (or another user of this JVM) holds it. */
	private SessionLock tryLock(int shardId, boolean first) throws IOException {
		createDirectory();
		Path path = lockFile(shardId);
		if (HELD.containsKey(path)) {
			if (first) {
				logger.info("Shard {}: its session lock {} is held elsewhere in this process; waiting", shardId, path);
			}
			return null;
		}
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			if (first) {
				logger.info("Shard {}: its session is held by {}; waiting for it to be released", shardId,
						holder(shardId));
			}
			return null;
		}
		if (HELD.putIfAbsent(path, channel) != null) {
			channel.close();
			return null;
		}
		channel.truncate(0);
		channel.write(ByteBuffer.wrap(ownerDescription().getBytes(StandardCharsets.UTF_8)), 0);
		FileLock acquired = lock;
		return new SessionLock() {

			private volatile boolean released;

			@Override
			public void release() {
				if (this.released) {
					return;
				}
				this.released = true;
				try {
					acquired.release();
				}
				catch (IOException ex) {
					logger.debug("Releasing {} failed: {}", path, ex.getMessage());
				}
				finally {
					HELD.remove(path, channel);
					try {
						channel.close();
					}
					catch (IOException ex) {
						logger.debug("Closing {} failed: {}", path, ex.getMessage());
					}
				}
			}

		};
	}

	/** Who holds a shard's lock, as its lock file says. */
	String holder(int shardId) {
		try {
			String text = Files.readString(lockFile(shardId)).trim();
			return text.isEmpty() ? "another process" : text;
		}
		catch (IOException ex) {
			return "another process";
		}
	}

	private static String ownerDescription() {
		// "pid@host" on HotSpot and OpenJ9
		String name = ManagementFactory.getRuntimeMXBean().getName();
		return "process " + ProcessHandle.current().pid() + " (" + name + ")";
	}

	private void createDirectory() throws IOException {
		Files.createDirectories(this.directory);
	}

	private static void ownerOnly(Path file) throws IOException {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
	}

	@Override
	public String description() {
		return "file (" + this.directory + ")";
	}

	static ObjectNode encode(SessionInfo session) {
		ObjectNode node = JSON.createObjectNode();
		node.put("sessionId", session.sessionId());
		node.put("resumeGatewayUrl", session.resumeGatewayUrl());
		node.put("sequence", session.sequence());
		if (session.shardId() != null) {
			node.put("shardId", session.shardId());
		}
		if (session.shardCount() != null) {
			node.put("shardCount", session.shardCount());
		}
		if (session.intents() != null) {
			node.put("intents", session.intents());
		}
		if (session.savedAt() != null) {
			node.put("savedAt", session.savedAt().toString());
		}
		return node;
	}

	static SessionInfo decode(JsonNode node) {
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
		}
		JsonNode id = node.get("sessionId");
		JsonNode sequence = node.get("sequence");
		if (id == null || !id.isString() || id.asString().isBlank()) {
			throw new IllegalArgumentException("no sessionId");
		}
		if (sequence == null || !sequence.isIntegralNumber()) {
			throw new IllegalArgumentException("no sequence");
		}
		JsonNode url = node.get("resumeGatewayUrl");
		JsonNode savedAt = node.get("savedAt");
		return new SessionInfo(id.asString(), (url != null && url.isString()) ? url.asString() : null,
				sequence.asLong(), intOrNull(node, "shardId"), intOrNull(node, "shardCount"),
				(node.get("intents") != null && node.get("intents").isIntegralNumber()) ? node.get("intents").asLong()
						: null,
				(savedAt != null && savedAt.isString()) ? Instant.parse(savedAt.asString()) : null);
	}

	private static Integer intOrNull(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isIntegralNumber()) ? value.asInt() : null;
	}

}
