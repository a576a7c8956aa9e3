package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A message (MESSAGE_CREATE and MESSAGE_UPDATE payload; the gateway adds {@code guild_id}, {@code member} and {@code channel_type}).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this type does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 * <p>
 * Bound on demand when it comes from the gateway: the event binder only indexes the JSON, and each field is
 * bound the first time it is read, then kept (a value that cannot be bound fails when read, with Jackson's
 * exception). It behaves as a record would: {@code equals}, {@code hashCode} and {@code toString} cover every
 * field (and bind the fields not read yet in one pass). Until then it keeps its event's bytes, as the event does
 * ({@code rawJson()}): an application that keeps many should keep what it needs of them.
 */
public final class Message extends OnDemandObject {

	private static final int EXTRA = 39;

	/**
	 * A message from its fields, in the order of the JSON names.
	 * @param id the {@code id} field
	 * @param channelId the {@code channel_id} field
	 * @param guildId the {@code guild_id} field
	 * @param author the {@code author} field
	 * @param member the {@code member} field
	 * @param content the {@code content} field
	 * @param timestamp the {@code timestamp} field
	 * @param editedTimestamp the {@code edited_timestamp} field
	 * @param tts the {@code tts} field
	 * @param mentionEveryone the {@code mention_everyone} field
	 * @param mentions the {@code mentions} field
	 * @param mentionRoles the {@code mention_roles} field
	 * @param mentionChannels the {@code mention_channels} field
	 * @param attachments the {@code attachments} field
	 * @param embeds the {@code embeds} field
	 * @param reactions the {@code reactions} field
	 * @param nonce the {@code nonce} field
	 * @param pinned the {@code pinned} field
	 * @param webhookId the {@code webhook_id} field
	 * @param type the {@code type} field
	 * @param activity the {@code activity} field
	 * @param application the {@code application} field
	 * @param applicationId the {@code application_id} field
	 * @param flags the {@code flags} field
	 * @param messageReference the {@code message_reference} field
	 * @param messageSnapshots the {@code message_snapshots} field
	 * @param referencedMessage the {@code referenced_message} field
	 * @param interactionMetadata the {@code interaction_metadata} field
	 * @param interaction the {@code interaction} field
	 * @param thread the {@code thread} field
	 * @param components the {@code components} field
	 * @param stickerItems the {@code sticker_items} field
	 * @param stickers the {@code stickers} field
	 * @param position the {@code position} field
	 * @param roleSubscriptionData the {@code role_subscription_data} field
	 * @param resolved the {@code resolved} field
	 * @param poll the {@code poll} field
	 * @param call the {@code call} field
	 * @param channelType the {@code channel_type} field
	 * @param extra fields not modelled above, keyed by JSON name
	 */
	@JsonCreator
	public Message(@JsonProperty("id") Snowflake id,
			@JsonProperty("channel_id") Snowflake channelId,
			@JsonProperty("guild_id") Snowflake guildId,
			@JsonProperty("author") User author,
			@JsonProperty("member") Member member,
			@JsonProperty("content") String content,
			@JsonProperty("timestamp") OffsetDateTime timestamp,
			@JsonProperty("edited_timestamp") OffsetDateTime editedTimestamp,
			@JsonProperty("tts") Boolean tts,
			@JsonProperty("mention_everyone") Boolean mentionEveryone,
			@JsonProperty("mentions") List<User> mentions,
			@JsonProperty("mention_roles") List<Snowflake> mentionRoles,
			@JsonProperty("mention_channels") List<JsonNode> mentionChannels,
			@JsonProperty("attachments") List<Attachment> attachments,
			@JsonProperty("embeds") List<Embed> embeds,
			@JsonProperty("reactions") List<Reaction> reactions,
			@JsonProperty("nonce") JsonNode nonce,
			@JsonProperty("pinned") Boolean pinned,
			@JsonProperty("webhook_id") Snowflake webhookId,
			@JsonProperty("type") MessageType type,
			@JsonProperty("activity") JsonNode activity,
			@JsonProperty("application") JsonNode application,
			@JsonProperty("application_id") Snowflake applicationId,
			@JsonProperty("flags") Long flags,
			@JsonProperty("message_reference") MessageReference messageReference,
			@JsonProperty("message_snapshots") List<JsonNode> messageSnapshots,
			@JsonProperty("referenced_message") Message referencedMessage,
			@JsonProperty("interaction_metadata") JsonNode interactionMetadata,
			@JsonProperty("interaction") JsonNode interaction,
			@JsonProperty("thread") Channel thread,
			@JsonProperty("components") List<Component> components,
			@JsonProperty("sticker_items") List<StickerItem> stickerItems,
			@JsonProperty("stickers") List<Sticker> stickers,
			@JsonProperty("position") Integer position,
			@JsonProperty("role_subscription_data") JsonNode roleSubscriptionData,
			@JsonProperty("resolved") JsonNode resolved,
			@JsonProperty("poll") Poll poll,
			@JsonProperty("call") JsonNode call,
			@JsonProperty("channel_type") Integer channelType,
			@JsonAnySetter Map<String, JsonNode> extra) {
		super(new Object[] {
				id, channelId, guildId, author, member, content, timestamp, editedTimestamp, tts, mentionEveryone,
				mentions, mentionRoles, mentionChannels, attachments, embeds, reactions, nonce, pinned, webhookId, type,
				activity, application, applicationId, flags, messageReference, messageSnapshots, referencedMessage,
				interactionMetadata, interaction, thread, components, stickerItems, stickers, position,
				roleSubscriptionData, resolved, poll, call, channelType, extra }, EXTRA);
	}

	Message(Object[] values) {
		super(values, EXTRA);
	}

	Message(OnDemand.Source source) {
		super(source);
	}

	/**
	 * The {@code id} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("id")
	public Snowflake id() {
		return (Snowflake) get(0);
	}

	/**
	 * The {@code channel_id} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("channel_id")
	public Snowflake channelId() {
		return (Snowflake) get(1);
	}

	/**
	 * The {@code guild_id} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("guild_id")
	public Snowflake guildId() {
		return (Snowflake) get(2);
	}

	/**
	 * The {@code author} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("author")
	public User author() {
		return (User) get(3);
	}

	/**
	 * The {@code member} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("member")
	public Member member() {
		return (Member) get(4);
	}

	/**
	 * The {@code content} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("content")
	public String content() {
		return (String) get(5);
	}

	/**
	 * The {@code timestamp} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("timestamp")
	public OffsetDateTime timestamp() {
		return (OffsetDateTime) get(6);
	}

	/**
	 * The {@code edited_timestamp} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("edited_timestamp")
	public OffsetDateTime editedTimestamp() {
		return (OffsetDateTime) get(7);
	}

	/**
	 * The {@code tts} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("tts")
	public Boolean tts() {
		return (Boolean) get(8);
	}

	/**
	 * The {@code mention_everyone} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("mention_everyone")
	public Boolean mentionEveryone() {
		return (Boolean) get(9);
	}

	/**
	 * The {@code mentions} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("mentions")
	public List<User> mentions() {
		return (List<User>) get(10);
	}

	/**
	 * The {@code mention_roles} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("mention_roles")
	public List<Snowflake> mentionRoles() {
		return (List<Snowflake>) get(11);
	}

	/**
	 * The {@code mention_channels} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("mention_channels")
	public List<JsonNode> mentionChannels() {
		return (List<JsonNode>) get(12);
	}

	/**
	 * The {@code attachments} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("attachments")
	public List<Attachment> attachments() {
		return (List<Attachment>) get(13);
	}

	/**
	 * The {@code embeds} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("embeds")
	public List<Embed> embeds() {
		return (List<Embed>) get(14);
	}

	/**
	 * The {@code reactions} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("reactions")
	public List<Reaction> reactions() {
		return (List<Reaction>) get(15);
	}

	/**
	 * The {@code nonce} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("nonce")
	public JsonNode nonce() {
		return (JsonNode) get(16);
	}

	/**
	 * The {@code pinned} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("pinned")
	public Boolean pinned() {
		return (Boolean) get(17);
	}

	/**
	 * The {@code webhook_id} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("webhook_id")
	public Snowflake webhookId() {
		return (Snowflake) get(18);
	}

	/**
	 * The {@code type} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("type")
	public MessageType type() {
		return (MessageType) get(19);
	}

	/**
	 * The {@code activity} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("activity")
	public JsonNode activity() {
		return (JsonNode) get(20);
	}

	/**
	 * The {@code application} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("application")
	public JsonNode application() {
		return (JsonNode) get(21);
	}

	/**
	 * The {@code application_id} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("application_id")
	public Snowflake applicationId() {
		return (Snowflake) get(22);
	}

	/**
	 * The {@code flags} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("flags")
	public Long flags() {
		return (Long) get(23);
	}

	/**
	 * The {@code message_reference} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("message_reference")
	public MessageReference messageReference() {
		return (MessageReference) get(24);
	}

	/**
	 * The {@code message_snapshots} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("message_snapshots")
	public List<JsonNode> messageSnapshots() {
		return (List<JsonNode>) get(25);
	}

	/**
	 * The {@code referenced_message} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("referenced_message")
	public Message referencedMessage() {
		return (Message) get(26);
	}

	/**
	 * The {@code interaction_metadata} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("interaction_metadata")
	public JsonNode interactionMetadata() {
		return (JsonNode) get(27);
	}

	/**
	 * The {@code interaction} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("interaction")
	public JsonNode interaction() {
		return (JsonNode) get(28);
	}

	/**
	 * The {@code thread} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("thread")
	public Channel thread() {
		return (Channel) get(29);
	}

	/**
	 * The {@code components} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("components")
	public List<Component> components() {
		return (List<Component>) get(30);
	}

	/**
	 * The {@code sticker_items} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("sticker_items")
	public List<StickerItem> stickerItems() {
		return (List<StickerItem>) get(31);
	}

	/**
	 * The {@code stickers} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@SuppressWarnings("unchecked")
	@JsonProperty("stickers")
	public List<Sticker> stickers() {
		return (List<Sticker>) get(32);
	}

	/**
	 * The {@code position} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("position")
	public Integer position() {
		return (Integer) get(33);
	}

	/**
	 * The {@code role_subscription_data} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("role_subscription_data")
	public JsonNode roleSubscriptionData() {
		return (JsonNode) get(34);
	}

	/**
	 * The {@code resolved} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("resolved")
	public JsonNode resolved() {
		return (JsonNode) get(35);
	}

	/**
	 * The {@code poll} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("poll")
	public Poll poll() {
		return (Poll) get(36);
	}

	/**
	 * The {@code call} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("call")
	public JsonNode call() {
		return (JsonNode) get(37);
	}

	/**
	 * The {@code channel_type} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("channel_type")
	public Integer channelType() {
		return (Integer) get(38);
	}

	/**
	 * Fields not modelled above, keyed by JSON name (written back on serialisation).
	 * @return the fields, empty when there are none
	 */
	@SuppressWarnings("unchecked")
	@JsonAnyGetter
	public Map<String, JsonNode> extra() {
		return (Map<String, JsonNode>) get(EXTRA);
	}

}
