package dev.shard.autoconfigure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Runs the application's shards against a gateway simulator of its own in a {@code @SpringBootTest}: one
 * {@code dev.shard.test.simulator.GatewaySimulator} per application context (a bean: inject it to dispatch events
 * and to assert on what the bot sent), a {@code DiscordConnectionDetails} pointing the starter at it (no token
 * needed), and the simulator stopped with the context. Needs {@code dev.shard:shard-test} on the test class path.
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureDiscordSimulator(guilds = 2)
 * class MyBotTests {
 *
 *     &#64;Autowired
 *     GatewaySimulator simulator;
 *     ...
 * }
 * </pre>
 * The attributes map to {@code discord.simulator.*} properties, which a test may also set itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(DiscordSimulatorAutoConfiguration.class)
@PropertyMapping("discord.simulator")
public @interface AutoConfigureDiscordSimulator {

	/**
	 * Guilds of the simulated world, spread over the shards by Discord's formula.
	 * @return the guild count
	 */
	int guilds() default 3;

	/**
	 * Shards {@code GET /gateway/bot} recommends (the starter's {@code shards.total=auto} uses it).
	 * @return the recommended shard count
	 */
	int shards() default 1;

	/**
	 * Heartbeat interval the simulator announces in Hello, e.g. {@code "41250ms"} (Discord's) or shorter for tests
	 * of heartbeating.
	 * @return the interval
	 */
	String heartbeatInterval() default "41250ms";

	/**
	 * Length of one identify window per bucket at the simulator (Discord: 5 s); the starter's
	 * {@code discord.gateway.identify-window} should be a little longer. Short by default so that tests with several
	 * shards start at once.
	 * @return the window
	 */
	String identifyWindow() default "100ms";

}
