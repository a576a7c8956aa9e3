package dev.shard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Lanes: one thread each, tasks in order, shards spread by id, closing. */
class DeliveryThreadsTests {

	@Test
	void shardsAreSpreadOverTheLanesByIdAndEachLaneRunsInOrderOnOneThread() {
		try (DeliveryThreads threads = DeliveryThreads.create(3, "t-lanes")) {
			assertThat(threads.size()).isEqualTo(3);
			assertThat(threads.lane(0)).isSameAs(threads.lane(3)).isNotSameAs(threads.lane(1));
			List<Integer> order = new CopyOnWriteArrayList<>();
			Set<String> names = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < 10_000; i++) {
				int n = i;
				threads.lane(4).execute(() -> {
					order.add(n);
					names.add(Thread.currentThread().getName());
				});
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 10_000);
			for (int i = 0; i < 10_000; i++) {
				assertThat(order.get(i)).isEqualTo(i);
			}
			assertThat(names).containsExactly("t-lanes-1");
		}
	}

	@Test
	void aBlockedTaskHoldsItsLaneOnlyUntilTheLimitThenTheRestMovesToANewThread() throws InterruptedException {
		try (DeliveryThreads threads = DeliveryThreads.create(1, "t-blocked", Duration.ofMillis(200))) {
			CountDownLatch release = new CountDownLatch(1);
			List<String> ran = new CopyOnWriteArrayList<>();
			threads.lane(0).execute(() -> {
				ran.add("blocked:" + Thread.currentThread().getName());
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ran.add("unblocked");
			});
			threads.lane(0).execute(() -> ran.add("next:" + Thread.currentThread().getName()));
			threads.lane(0).execute(() -> ran.add("after:" + Thread.currentThread().getName()));
			// the queued tasks run, in order, on a new thread while the first is still blocked
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 3);
			assertThat(ran).containsExactly("blocked:t-blocked-0", "next:t-blocked-0.1", "after:t-blocked-0.1");
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("unblocked"));
			// the retired thread ends; the lane goes on on the new one
			threads.lane(0).execute(() -> ran.add("later:" + Thread.currentThread().getName()));
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 5);
			assertThat(ran.get(4)).isEqualTo("later:t-blocked-0.1");
			await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((t) -> t.getName().equals("t-blocked-0")));
		}
	}

	@Test
	void aFailingTaskDoesNotStopTheLane() {
		try (DeliveryThreads threads = DeliveryThreads.create(1, "t-fail")) {
			List<String> ran = new CopyOnWriteArrayList<>();
			threads.lane(0).execute(() -> {
				throw new IllegalStateException("task failure (expected by the test)");
			});
			threads.lane(0).execute(() -> ran.add("after"));
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("after"));
		}
	}

	@Test
	void closedLanesRefuseTasksAndTheSharedOnesCannotBeClosed() {
		DeliveryThreads threads = DeliveryThreads.create(1, "t-close");
		threads.lane(0).execute(() -> {
		});
		threads.close();
		assertThatIllegalStateException().isThrownBy(() -> threads.lane(0).execute(() -> {
		}));
		assertThatIllegalStateException().isThrownBy(() -> DeliveryThreads.shared().close());
		assertThat(DeliveryThreads.shared().size()).isGreaterThanOrEqualTo(2);
		assertThatIllegalArgumentException().isThrownBy(() -> DeliveryThreads.create(0, "t-none"));
	}

}
