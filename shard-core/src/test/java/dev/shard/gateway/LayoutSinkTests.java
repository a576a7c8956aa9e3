package dev.shard.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LayoutSink} on its own: an outgoing shard delivers what it received before the switch only; an incoming
 * shard skips its READY and initial GUILD_CREATEs, holds the rest, and at the switch delivers in order what the
 * outgoing layout did not.
 */
class LayoutSinkTests {

	private final List<String> delivered = new CopyOnWriteArrayList<>();

	private final ShardSink application = new ShardSink() {

		@Override
		public void onDispatch(GatewayDispatch dispatch) {
			LayoutSinkTests.this.delivered.add(dispatch.type() + ":" + new String(dispatch.frame(),
					StandardCharsets.UTF_8).replaceAll(".*\"d\":\\{\"n\":(\\d+).*", "$1"));
		}

		@Override
		public boolean wants(String type) {
			return type.startsWith("MESSAGE");
		}

	};

	private static GatewayDispatch dispatch(String type, long seq, String d, long receivedNanos) {
		byte[] frame = ("{\"t\":\"" + type + "\",\"s\":" + seq + ",\"op\":0,\"d\":" + d + "}")
			.getBytes(StandardCharsets.UTF_8);
		return new GatewayDispatch(0, seq, type, frame, DispatchFingerprint.dataStart(frame), receivedNanos);
	}

	private static GatewayDispatch message(long seq, int n, long receivedNanos) {
		return dispatch("MESSAGE_CREATE", seq, "{\"n\":" + n + "}", receivedNanos);
	}

	@Test
	void anOutgoingShardDeliversWhatItReceivedBeforeTheSwitchOnly() {
		Reshard reshard = new Reshard(2, 4, "test", Duration.ofSeconds(10));
		LayoutSink sink = new LayoutSink(this.application);
		sink.onDispatch(message(1, 1, 1_000));
		sink.outgoing(reshard);
		sink.onDispatch(message(2, 2, 2_000));
		reshard.switchAt(3_000);
		sink.cutOff(3_000);
		// received before the switch, delivered after it (its buffer drains): still the old layout's
		sink.onDispatch(message(3, 3, 2_999));
		sink.onDispatch(message(4, 4, 3_000));
		assertThat(this.delivered).containsExactly("MESSAGE_CREATE:1", "MESSAGE_CREATE:2", "MESSAGE_CREATE:3");
		assertThat(reshard.dropped()).isEqualTo(1);
		DispatchFingerprint.Multiset before = reshard.deliveredBeforeSwitch();
		assertThat(before.remove(DispatchFingerprint.of(message(99, 2, 0)))).isTrue();
		assertThat(before.remove(DispatchFingerprint.of(message(99, 3, 0)))).isTrue();
		assertThat(before.remove(DispatchFingerprint.of(message(99, 4, 0)))).isFalse();
	}

	@Test
	void anIncomingShardHoldsUntilItTakesOverAndDeliversOnlyWhatTheOldLayoutDidNot() {
		Reshard reshard = new Reshard(2, 4, "test", Duration.ofSeconds(10));
		LayoutSink sink = LayoutSink.incoming(this.application, reshard);
		assertThat(sink.wants("READY")).isTrue();
		assertThat(sink.wants("GUILD_CREATE")).isTrue();
		sink.onDispatch(dispatch("READY", 1, "{\"guilds\":[{\"id\":\"1\"},{\"id\":\"2\"}]}", 10));
		assertThat(sink.guildsLoaded()).isFalse();
		sink.onDispatch(dispatch("GUILD_CREATE", 2, "{\"id\":\"1\"}", 11));
		sink.onDispatch(dispatch("GUILD_CREATE", 3, "{\"id\":\"2\"}", 12));
		assertThat(sink.guildsLoaded()).isTrue();
		sink.onDispatch(message(4, 10, 20));
		sink.onDispatch(message(5, 11, 21));
		sink.onDispatch(dispatch("TYPING_START", 6, "{\"n\":0}", 22)); // not wanted by the application
		sink.onDispatch(message(7, 12, 23));
		assertThat(this.delivered).isEmpty();

		reshard.switchAt(22);
		DispatchFingerprint.Multiset oldDelivered = new DispatchFingerprint.Multiset();
		oldDelivered.add(DispatchFingerprint.of(message(500, 10, 0)));
		assertThat(sink.takeOver(oldDelivered, reshard.oldestHeld(), reshard.lateUntil())).isEqualTo(2);
		assertThat(this.delivered).containsExactly("MESSAGE_CREATE:11", "MESSAGE_CREATE:12");
		sink.onDispatch(message(8, 13, 30));
		sink.onDispatch(dispatch("GUILD_CREATE", 9, "{\"n\":0}", 31)); // a guild joined later: not wanted here
		assertThat(this.delivered).containsExactly("MESSAGE_CREATE:11", "MESSAGE_CREATE:12", "MESSAGE_CREATE:13");
	}

	@Test
	void anIncomingShardDropsWhatTheOldLayoutDeliveredWhenItArrivesLateWithinTheWindowAfterTheSwitch() {
		Reshard reshard = new Reshard(2, 4, "test", Duration.ofNanos(1_000));
		LayoutSink sink = LayoutSink.incoming(this.application, reshard);
		reshard.switchAt(2_000);
		// the old layout delivered 10 and 11 before the switch; this connection had received neither by then
		DispatchFingerprint.Multiset oldDelivered = new DispatchFingerprint.Multiset();
		oldDelivered.add(DispatchFingerprint.of(message(500, 10, 0)));
		oldDelivered.add(DispatchFingerprint.of(message(501, 11, 0)));
		assertThat(sink.takeOver(oldDelivered, reshard.oldestHeld(), reshard.lateUntil())).isZero();
		sink.onDispatch(message(1, 10, 2_100)); // late copy of 10: dropped
		sink.onDispatch(message(2, 12, 2_200)); // new: delivered
		sink.onDispatch(message(3, 11, 3_100)); // 11 again, but after the window: a new event with the same payload
		sink.onDispatch(message(4, 10, 3_200));
		assertThat(this.delivered).containsExactly("MESSAGE_CREATE:12", "MESSAGE_CREATE:11", "MESSAGE_CREATE:10");
	}

	@Test
	void anIncomingShardHoldsOnlyTheLastWindow() {
		Reshard reshard = new Reshard(2, 4, "test", Duration.ofNanos(100));
		LayoutSink sink = LayoutSink.incoming(this.application, reshard);
		sink.onDispatch(message(1, 1, 1_000));
		sink.onDispatch(message(2, 2, 1_150));
		sink.onDispatch(message(3, 3, 1_200));
		reshard.switchAt(1_200);
		assertThat(sink.takeOver(new DispatchFingerprint.Multiset(), reshard.oldestHeld(), reshard.lateUntil())).isEqualTo(2);
		assertThat(this.delivered).containsExactly("MESSAGE_CREATE:2", "MESSAGE_CREATE:3");
	}

}
