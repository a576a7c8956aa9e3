package dev.shard.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.shard.autoconfigure.GatewayShards;
import dev.shard.autoconfigure.endpoint.DiscordEndpoint;
import dev.shard.autoconfigure.health.DiscordHealthIndicator;
import dev.shard.autoconfigure.metrics.DiscordGatewayMetrics;
import dev.shard.event.DispatchEvent;
import dev.shard.gateway.SessionRestore;
import dev.shard.gateway.ShardState;
import dev.shard.test.simulator.GatewaySimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's context restarted with a session store (file, in-JVM, JDBC on the real PostgreSQL and MariaDB): the
 * second context resumes the first one's session (no IDENTIFY), and every dispatch, including those sent while no
 * context ran, reaches the listeners exactly once across the two. Without a store the first context ends its
 * session (close 1000) and the next one identifies.
 */
class SessionStoreRestartTests {

	/** What the listeners of every context of a test were handed, in order: shard and sequence. */
	static final List<long[]> delivered = new CopyOnWriteArrayList<>();

	@TempDir
	Path directory;

	private GatewaySimulator sim;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void startSimulator() {
		delivered.clear();
		this.sim = GatewaySimulator.builder()
			.token("external-token")
			.heartbeatInterval(Duration.ofMillis(500))
			.sessionExpiry(Duration.ofSeconds(60))
			// two contexts identify a moment apart; the real window (5 s) would answer the second with op 9
			.identifyWindow(Duration.ofMillis(100))
			.guilds(2)
			.build()
			.start();
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.sim.close();
	}

	@Test
	void theFileStoreCarriesTheSessionToTheNextContext() throws Exception {
		restartAndCheck("--discord.gateway.session-store.type=file",
				"--discord.gateway.session-store.file.directory=" + this.directory);
	}

	@Test
	void theInMemoryStoreCarriesTheSessionAcrossAContextRefresh() throws Exception {
		restartAndCheck("--discord.gateway.session-store.type=memory",
				"--spring.application.name=restart-" + System.nanoTime());
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void theJdbcStoreCarriesTheSessionToTheNextContext(Database database) throws Exception {
		database.assumeAnswering();
		String table = "discord_session_" + Long.toHexString(System.nanoTime());
		try {
			restartAndCheck("--discord.gateway.session-store.type=jdbc",
					"--discord.gateway.session-store.jdbc.table-name=" + table,
					"--discord.gateway.session-store.jdbc.initialize-schema=true", "--test.database=" + database.name());
		}
		finally {
			JdbcClient.create(database.dataSource()).sql("DROP TABLE IF EXISTS " + table).update();
		}
	}

	@Test
	void withoutAStoreTheNextContextIdentifiesAndTheFirstEndsItsSession() throws Exception {
		this.context = start();
		stream(5);
		this.context.close();
		assertThat(this.sim.connections()).singleElement()
			.satisfies((connection) -> assertThat(connection.close().code()).as("final shutdown").isEqualTo(1000));
		this.context = start();
		assertThat(this.sim.identifies()).hasSize(2)
			.allSatisfy((identify) -> assertThat(identify.outcome()).isEqualTo("READY"));
		assertThat(this.sim.resumes()).isEmpty();
	}

	void restartAndCheck(String... storeSettings) throws Exception {
		List<String> settings = new ArrayList<>(List.of(storeSettings));
		settings.add("--discord.gateway.session-store.checkpoint-interval=200ms");
		String[] store = settings.toArray(String[]::new);
		this.context = start(store);
		stream(30);
		// checkpoints in the background, counted in the meters
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.get(DiscordGatewayMetrics.SESSION_CHECKPOINTS)
				.tag("result", "written")
				.functionCounter()
				.count() > 0);
		this.context.close();
		// sent while no context runs: Discord (here the simulator) keeps them for the resume
		this.sim.dispatch("MESSAGE_CREATE", 20, null, null).get(10, TimeUnit.SECONDS);
		this.context = start(store);
		stream(10);

		assertThat(this.sim.identifies()).as("only the first context identified").hasSize(1);
		assertThat(this.sim.resumes()).singleElement()
			.satisfies((resume) -> assertThat(resume.outcome()).isEqualTo("RESUMED"));
		List<Long> sequences = delivered.stream().map((d) -> d[1]).toList();
		assertThat(sequences).as("every dispatch once, in order").containsExactlyElementsOf(range(this.sim.lastSequence(0)));
		SessionRestore restore = this.context.getBean(GatewayShards.class)
			.manager()
			.orElseThrow()
			.sessionRestore(0)
			.orElseThrow();
		assertThat(restore.outcome()).isEqualTo(SessionRestore.Outcome.RESTORED);
		assertThat(restore.age()).isLessThan(Duration.ofSeconds(30));
		// what operators see: /actuator/discord and /actuator/health say where the session came from, and its age
		assertThat(this.context.getBean(DiscordEndpoint.class).shard(0).storedSession())
			.containsEntry("outcome", "restored")
			.containsEntry("age", restore.age().toString())
			.containsKey("store");
		Map<?, ?> shards = (Map<?, ?>) this.context.getBean(DiscordHealthIndicator.class)
			.health(true)
			.getDetails()
			.get("shards");
		assertThat(((Map<?, ?>) shards.get("0")).get("storedSession")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("outcome", "restored");
	}

	private ConfigurableApplicationContext start(String... extra) {
		List<String> args = new ArrayList<>(List.of("--discord.token=external-token",
				"--discord.api-base-url=" + this.sim.restBaseUrl(), "--server.port=0"));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext started = new SpringApplicationBuilder(SampleBotApplication.class,
				Recorder.class)
			.run(args.toArray(String[]::new));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> !started.getBean(GatewayShards.class).shards().isEmpty() && started
				.getBean(GatewayShards.class).shards().get(0).state() == ShardState.CONNECTED);
		return started;
	}

	private void stream(int count) throws Exception {
		this.sim.dispatch("MESSAGE_CREATE", count, null, null).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() >= this.sim.lastSequence(0));
	}

	private static List<Long> range(long last) {
		List<Long> values = new ArrayList<>();
		for (long i = 1; i <= last; i++) {
			values.add(i);
		}
		return values;
	}

	@Configuration(proxyBeanMethods = false)
	static class Recorder {

		@Bean
		Listener deliveredRecorder() {
			return new Listener();
		}

		/** The application's DataSource, as spring-boot-starter-jdbc would define it from spring.datasource.*. */
		@Bean
		@ConditionalOnProperty("test.database")
		DataSource dataSource(Environment environment) {
			return Database.valueOf(environment.getRequiredProperty("test.database")).dataSource();
		}

	}

	/** The machine's real databases (CI starts them; SHARD_REQUIRE_DATABASES=true makes them mandatory). */
	enum Database {

		POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", 5432),

		MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", 3306);

		private final String url;

		private final String user;

		private final int port;

		Database(String url, String user, int port) {
			this.url = url;
			this.user = user;
			this.port = port;
		}

		DataSource dataSource() {
			try {
				return new SimpleDriverDataSource(DriverManager.getDriver(this.url), this.url, this.user, "");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		void assumeAnswering() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			}
			catch (IOException ex) {
				if (Boolean.parseBoolean(System.getenv("SHARD_REQUIRE_DATABASES"))) {
					throw new IllegalStateException("SHARD_REQUIRE_DATABASES=true but " + this + " does not answer on "
							+ "127.0.0.1:" + this.port, ex);
				}
				Assumptions.abort(this + " does not answer on 127.0.0.1:" + this.port);
			}
		}

	}

	static class Listener {

		@EventListener
		void on(DispatchEvent<?> event) {
			delivered.add(new long[] { event.shardId(), event.sequence() });
		}

	}

}
