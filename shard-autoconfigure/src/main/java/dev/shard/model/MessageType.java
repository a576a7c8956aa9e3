package dev.shard.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Message type as sent by Discord (an integer). Values this version does not know are kept as they
 * are ({@link #isKnown()} is {@code false}) instead of failing the binding.
 *
 * @param value the raw integer
 */
public record MessageType(int value) {

	public static final MessageType DEFAULT = new MessageType(0);

	public static final MessageType RECIPIENT_ADD = new MessageType(1);

	public static final MessageType RECIPIENT_REMOVE = new MessageType(2);

	public static final MessageType CALL = new MessageType(3);

	public static final MessageType CHANNEL_NAME_CHANGE = new MessageType(4);

	public static final MessageType CHANNEL_ICON_CHANGE = new MessageType(5);

	public static final MessageType CHANNEL_PINNED_MESSAGE = new MessageType(6);

	public static final MessageType USER_JOIN = new MessageType(7);

	public static final MessageType GUILD_BOOST = new MessageType(8);

	public static final MessageType GUILD_BOOST_TIER_1 = new MessageType(9);

	public static final MessageType GUILD_BOOST_TIER_2 = new MessageType(10);

	public static final MessageType GUILD_BOOST_TIER_3 = new MessageType(11);

	public static final MessageType CHANNEL_FOLLOW_ADD = new MessageType(12);

	public static final MessageType GUILD_DISCOVERY_DISQUALIFIED = new MessageType(14);

	public static final MessageType GUILD_DISCOVERY_REQUALIFIED = new MessageType(15);

	public static final MessageType GUILD_DISCOVERY_GRACE_PERIOD_INITIAL_WARNING = new MessageType(16);

	public static final MessageType GUILD_DISCOVERY_GRACE_PERIOD_FINAL_WARNING = new MessageType(17);

	public static final MessageType THREAD_CREATED = new MessageType(18);

	public static final MessageType REPLY = new MessageType(19);

	public static final MessageType CHAT_INPUT_COMMAND = new MessageType(20);

	public static final MessageType THREAD_STARTER_MESSAGE = new MessageType(21);

	public static final MessageType GUILD_INVITE_REMINDER = new MessageType(22);

	public static final MessageType CONTEXT_MENU_COMMAND = new MessageType(23);

	public static final MessageType AUTO_MODERATION_ACTION = new MessageType(24);

	public static final MessageType ROLE_SUBSCRIPTION_PURCHASE = new MessageType(25);

	public static final MessageType INTERACTION_PREMIUM_UPSELL = new MessageType(26);

	public static final MessageType STAGE_START = new MessageType(27);

	public static final MessageType STAGE_END = new MessageType(28);

	public static final MessageType STAGE_SPEAKER = new MessageType(29);

	public static final MessageType STAGE_TOPIC = new MessageType(31);

	public static final MessageType GUILD_APPLICATION_PREMIUM_SUBSCRIPTION = new MessageType(32);

	public static final MessageType GUILD_INCIDENT_ALERT_MODE_ENABLED = new MessageType(36);

	public static final MessageType GUILD_INCIDENT_ALERT_MODE_DISABLED = new MessageType(37);

	public static final MessageType GUILD_INCIDENT_REPORT_RAID = new MessageType(38);

	public static final MessageType GUILD_INCIDENT_REPORT_FALSE_ALARM = new MessageType(39);

	public static final MessageType PURCHASE_NOTIFICATION = new MessageType(44);

	public static final MessageType POLL_RESULT = new MessageType(46);

	private static final MessageType[] KNOWN = new MessageType[47];

	static {
		for (MessageType known : new MessageType[] { DEFAULT, RECIPIENT_ADD, RECIPIENT_REMOVE, CALL, CHANNEL_NAME_CHANGE, CHANNEL_ICON_CHANGE, CHANNEL_PINNED_MESSAGE, USER_JOIN, GUILD_BOOST, GUILD_BOOST_TIER_1, GUILD_BOOST_TIER_2, GUILD_BOOST_TIER_3, CHANNEL_FOLLOW_ADD, GUILD_DISCOVERY_DISQUALIFIED, GUILD_DISCOVERY_REQUALIFIED, GUILD_DISCOVERY_GRACE_PERIOD_INITIAL_WARNING, GUILD_DISCOVERY_GRACE_PERIOD_FINAL_WARNING, THREAD_CREATED, REPLY, CHAT_INPUT_COMMAND, THREAD_STARTER_MESSAGE, GUILD_INVITE_REMINDER, CONTEXT_MENU_COMMAND, AUTO_MODERATION_ACTION, ROLE_SUBSCRIPTION_PURCHASE, INTERACTION_PREMIUM_UPSELL, STAGE_START, STAGE_END, STAGE_SPEAKER, STAGE_TOPIC, GUILD_APPLICATION_PREMIUM_SUBSCRIPTION, GUILD_INCIDENT_ALERT_MODE_ENABLED, GUILD_INCIDENT_ALERT_MODE_DISABLED, GUILD_INCIDENT_REPORT_RAID, GUILD_INCIDENT_REPORT_FALSE_ALARM, PURCHASE_NOTIFICATION, POLL_RESULT }) {
			KNOWN[known.value] = known;
		}
	}

	/**
	 * Return the constant for a raw value, or a new instance for an unknown one.
	 * @param value the raw value
	 * @return the type
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static MessageType of(int value) {
		MessageType known = (value >= 0 && value < KNOWN.length) ? KNOWN[value] : null;
		return (known != null) ? known : new MessageType(value);
	}

	@Override
	@JsonValue
	public int value() {
		return this.value;
	}

	/**
	 * Whether this value is documented (and has a constant here).
	 * @return {@code true} for a known value
	 */
	public boolean isKnown() {
		return !name().startsWith("UNKNOWN");
	}

	/**
	 * The documented name, or {@code UNKNOWN(n)}.
	 * @return the name
	 */
	public String name() {
		return switch (this.value) {
			case 0 -> "DEFAULT";
			case 1 -> "RECIPIENT_ADD";
			case 2 -> "RECIPIENT_REMOVE";
			case 3 -> "CALL";
			case 4 -> "CHANNEL_NAME_CHANGE";
			case 5 -> "CHANNEL_ICON_CHANGE";
			case 6 -> "CHANNEL_PINNED_MESSAGE";
			case 7 -> "USER_JOIN";
			case 8 -> "GUILD_BOOST";
			case 9 -> "GUILD_BOOST_TIER_1";
			case 10 -> "GUILD_BOOST_TIER_2";
			case 11 -> "GUILD_BOOST_TIER_3";
			case 12 -> "CHANNEL_FOLLOW_ADD";
			case 14 -> "GUILD_DISCOVERY_DISQUALIFIED";
			case 15 -> "GUILD_DISCOVERY_REQUALIFIED";
			case 16 -> "GUILD_DISCOVERY_GRACE_PERIOD_INITIAL_WARNING";
			case 17 -> "GUILD_DISCOVERY_GRACE_PERIOD_FINAL_WARNING";
			case 18 -> "THREAD_CREATED";
			case 19 -> "REPLY";
			case 20 -> "CHAT_INPUT_COMMAND";
			case 21 -> "THREAD_STARTER_MESSAGE";
			case 22 -> "GUILD_INVITE_REMINDER";
			case 23 -> "CONTEXT_MENU_COMMAND";
			case 24 -> "AUTO_MODERATION_ACTION";
			case 25 -> "ROLE_SUBSCRIPTION_PURCHASE";
			case 26 -> "INTERACTION_PREMIUM_UPSELL";
			case 27 -> "STAGE_START";
			case 28 -> "STAGE_END";
			case 29 -> "STAGE_SPEAKER";
			case 31 -> "STAGE_TOPIC";
			case 32 -> "GUILD_APPLICATION_PREMIUM_SUBSCRIPTION";
			case 36 -> "GUILD_INCIDENT_ALERT_MODE_ENABLED";
			case 37 -> "GUILD_INCIDENT_ALERT_MODE_DISABLED";
			case 38 -> "GUILD_INCIDENT_REPORT_RAID";
			case 39 -> "GUILD_INCIDENT_REPORT_FALSE_ALARM";
			case 44 -> "PURCHASE_NOTIFICATION";
			case 46 -> "POLL_RESULT";
			default -> "UNKNOWN(" + this.value + ")";
		};
	}

	@Override
	public String toString() {
		return name();
	}

}
