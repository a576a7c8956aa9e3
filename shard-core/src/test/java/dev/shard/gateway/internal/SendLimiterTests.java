package dev.shard.gateway.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The send limiter with Discord's real numbers on a virtual clock. */
class SendLimiterTests {

	private long now = 1_000_000_000L;

	@Test
	void reservesHeartbeatSlotsFromTheInterval() {
		SendLimiter limiter = new SendLimiter(120, Duration.ofSeconds(60), () -> this.now);
		limiter.heartbeatInterval(Duration.ofMillis(41250));
		// ceil(61.2 s / 41.25 s) + 1
		assertThat(limiter.reserved()).isEqualTo(3);
		limiter.heartbeatInterval(Duration.ofMillis(1000));
		assertThat(limiter.reserved()).isEqualTo(63);
	}

	/**
	 * A burst of 500 user commands plus heartbeats every 41.25 s, sent as fast as the limiter allows: no 60 s window
	 * ever holds more than 120 sends, no heartbeat is ever delayed, and all 500 commands go out.
	 */
	@Test
	void burstOf500NeverExceeds120PerMinuteAndNeverDelaysAHeartbeat() {
		SendLimiter limiter = new SendLimiter(120, Duration.ofSeconds(60), () -> this.now);
		Duration interval = Duration.ofMillis(41250);
		limiter.heartbeatInterval(interval);
		List<Long> sends = new ArrayList<>();
		int userSent = 0;
		long start = this.now;
		long nextBeat = start + Duration.ofMillis(12_345).toNanos(); // jittered first beat
		assertThat(limiter.tryAcquire(true)).isTrue(); // identify
		sends.add(this.now);
		while (userSent < 500) {
			long userAt = this.now + limiter.delayNanos(false);
			if (nextBeat <= userAt) {
				this.now = nextBeat;
				assertThat(limiter.delayNanos(true)).as("heartbeat delay").isZero();
				assertThat(limiter.tryAcquire(true)).isTrue();
				sends.add(this.now);
				nextBeat += interval.toNanos();
				continue;
			}
			this.now = userAt;
			assertThat(limiter.tryAcquire(false)).isTrue();
			sends.add(this.now);
			userSent++;
		}
		long window = Duration.ofSeconds(60).toNanos();
		for (int i = 0; i < sends.size(); i++) {
			int inWindow = 0;
			for (int j = i; j < sends.size() && sends.get(j) - sends.get(i) < window; j++) {
				inWindow++;
			}
			assertThat(inWindow).as("sends in the 60 s window from send %d", i).isLessThanOrEqualTo(120);
		}
		// paced, not stalled: 500 commands need a little over four windows
		Duration took = Duration.ofNanos(this.now - start);
		assertThat(took).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
	}

	@Test
	void userCommandsLeaveTheReservedSlotsFree() {
		SendLimiter limiter = new SendLimiter(10, Duration.ofSeconds(10), () -> this.now);
		limiter.heartbeatInterval(Duration.ofSeconds(5)); // ceil(10.25/5)+1 = 4
		assertThat(limiter.reserved()).isEqualTo(4);
		int user = 0;
		while (limiter.tryAcquire(false)) {
			user++;
		}
		assertThat(user).isEqualTo(6);
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.tryAcquire(true)).isTrue();
		}
		assertThat(limiter.tryAcquire(true)).isFalse();
		this.now += limiter.window().toNanos();
		assertThat(limiter.inWindow()).isZero();
	}

}
