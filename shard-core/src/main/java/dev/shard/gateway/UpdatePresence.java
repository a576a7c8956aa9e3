package dev.shard.gateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shard.model.ActivityType;

/**
 * The Update Presence object, sent in Identify and as op 3
 * (<a href="https://discord.com/developers/docs/events/gateway-events#update-presence">Update Presence</a>). What
 * the gateway sends about other users is {@link dev.shard.model.Presence}, a different object.
 *
 * @param since unix ms when the client went idle, or {@code null}
 * @param activities the activities (bots may set only name, state, type and url)
 * @param status {@code online}, {@code dnd}, {@code idle}, {@code invisible} or {@code offline}
 * @param afk whether the client is AFK
 */
public record UpdatePresence(Long since, List<Activity> activities, String status, boolean afk) {

	public UpdatePresence {
		activities = (activities != null) ? List.copyOf(activities) : List.of();
		status = (status != null) ? status : "online";
	}

	/** An online presence with one activity. */
	public static UpdatePresence of(String status, Activity activity) {
		return new UpdatePresence(null, (activity != null) ? List.of(activity) : List.of(), status, false);
	}

	/**
	 * An activity a bot may set.
	 *
	 * @param name the activity name
	 * @param type the type (sent as its number)
	 * @param state the custom status text, or {@code null}
	 * @param url the stream url (type 1), or {@code null}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Activity(String name, ActivityType type, String state, String url) {

		public static Activity playing(String name) {
			return new Activity(name, ActivityType.PLAYING, null, null);
		}

	}

}
