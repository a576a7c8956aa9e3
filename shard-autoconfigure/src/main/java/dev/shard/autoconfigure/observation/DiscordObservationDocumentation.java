package dev.shard.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the Discord starter, their names and keys.
 */
public enum DiscordObservationDocumentation implements ObservationDocumentation {

	/**
	 * One call of one listener with one Discord event (a dispatch such as {@code MessageCreateEvent}, a lifecycle or
	 * a re-shard event). Its scope is open during the call, so what the listener does on its thread (e.g. a blocking
	 * WebClient call) is a child of it.
	 */
	LISTENER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDiscordListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityKeyNames.values();
		}

	},

	/**
	 * One gateway connection attempt of one shard: from the start of opening the WebSocket
	 * ({@code ShardLifecycleEvent.Connecting}) to READY or RESUMED, or to the end of the attempt (reconnect, fatal
	 * close or shutdown), which is recorded as an error.
	 */
	CONNECTION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDiscordConnectionObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ConnectionLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ConnectionHighCardinalityKeyNames.values();
		}

	};

	/** Low cardinality keys of {@link #LISTENER}. */
	public enum ListenerLowCardinalityKeyNames implements KeyName {

		/** The event's class, e.g. {@code MessageCreateEvent} or {@code ShardLifecycleEvent.Ready}. */
		EVENT_TYPE {

			@Override
			public String asString() {
				return "discord.event.type";
			}

		},

		/**
		 * The listener: {@code Class.method} of an {@code @EventListener} method (or its {@code id}), else the
		 * listener's class.
		 */
		LISTENER {

			@Override
			public String asString() {
				return "discord.listener";
			}

		}

	}

	/** High cardinality keys of {@link #LISTENER}. */
	public enum ListenerHighCardinalityKeyNames implements KeyName {

		/** The shard the event came from; absent for events of no one shard (re-shard steps). */
		SHARD_ID {

			@Override
			public String asString() {
				return "discord.shard.id";
			}

		}

	}

	/** Low cardinality keys of {@link #CONNECTION}. */
	public enum ConnectionLowCardinalityKeyNames implements KeyName {

		/** {@code identify} (a new session) or {@code resume}. */
		KIND {

			@Override
			public String asString() {
				return "discord.connection.kind";
			}

		},

		/**
		 * How the attempt ended: {@code ready}, {@code resumed}, {@code reconnecting} (it failed and another
		 * follows), {@code fatally_closed} or {@code shut_down}.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		},

		/** Why it failed when the outcome is {@code reconnecting} (a {@code ReconnectCause} in lower case), else {@code none}. */
		CAUSE {

			@Override
			public String asString() {
				return "discord.reconnect.cause";
			}

		}

	}

	/** High cardinality keys of {@link #CONNECTION}. */
	public enum ConnectionHighCardinalityKeyNames implements KeyName {

		/** The shard. */
		SHARD_ID {

			@Override
			public String asString() {
				return "discord.shard.id";
			}

		}

	}

}
