package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A Discord user; in mentions it may carry a partial {@code member}.
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
public final class User extends OnDemandObject {

	private static final int EXTRA = 20;

	/**
	 * A user from its fields, in the order of the JSON names.
	 * @param id the {@code id} field
	 * @param username the {@code username} field
	 * @param discriminator the {@code discriminator} field
	 * @param globalName the {@code global_name} field
	 * @param avatar the {@code avatar} field
	 * @param bot the {@code bot} field
	 * @param system the {@code system} field
	 * @param mfaEnabled the {@code mfa_enabled} field
	 * @param banner the {@code banner} field
	 * @param accentColor the {@code accent_color} field
	 * @param locale the {@code locale} field
	 * @param verified the {@code verified} field
	 * @param email the {@code email} field
	 * @param flags the {@code flags} field
	 * @param premiumType the {@code premium_type} field
	 * @param publicFlags the {@code public_flags} field
	 * @param avatarDecorationData the {@code avatar_decoration_data} field
	 * @param collectibles the {@code collectibles} field
	 * @param primaryGuild the {@code primary_guild} field
	 * @param member the {@code member} field
	 * @param extra fields not modelled above, keyed by JSON name
	 */
	@JsonCreator
	public User(@JsonProperty("id") Snowflake id,
			@JsonProperty("username") String username,
			@JsonProperty("discriminator") String discriminator,
			@JsonProperty("global_name") String globalName,
			@JsonProperty("avatar") String avatar,
			@JsonProperty("bot") Boolean bot,
			@JsonProperty("system") Boolean system,
			@JsonProperty("mfa_enabled") Boolean mfaEnabled,
			@JsonProperty("banner") String banner,
			@JsonProperty("accent_color") Integer accentColor,
			@JsonProperty("locale") String locale,
			@JsonProperty("verified") Boolean verified,
			@JsonProperty("email") String email,
			@JsonProperty("flags") Long flags,
			@JsonProperty("premium_type") Integer premiumType,
			@JsonProperty("public_flags") Long publicFlags,
			@JsonProperty("avatar_decoration_data") JsonNode avatarDecorationData,
			@JsonProperty("collectibles") JsonNode collectibles,
			@JsonProperty("primary_guild") JsonNode primaryGuild,
			@JsonProperty("member") Member member,
			@JsonAnySetter Map<String, JsonNode> extra) {
		super(new Object[] {
				id, username, discriminator, globalName, avatar, bot, system, mfaEnabled, banner, accentColor, locale,
				verified, email, flags, premiumType, publicFlags, avatarDecorationData, collectibles, primaryGuild,
				member, extra }, EXTRA);
	}

	User(Object[] values) {
		super(values, EXTRA);
	}

	User(OnDemand.Source source) {
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
	 * The {@code username} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("username")
	public String username() {
		return (String) get(1);
	}

	/**
	 * The {@code discriminator} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("discriminator")
	public String discriminator() {
		return (String) get(2);
	}

	/**
	 * The {@code global_name} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("global_name")
	public String globalName() {
		return (String) get(3);
	}

	/**
	 * The {@code avatar} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("avatar")
	public String avatar() {
		return (String) get(4);
	}

	/**
	 * The {@code bot} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("bot")
	public Boolean bot() {
		return (Boolean) get(5);
	}

	/**
	 * The {@code system} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("system")
	public Boolean system() {
		return (Boolean) get(6);
	}

	/**
	 * The {@code mfa_enabled} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("mfa_enabled")
	public Boolean mfaEnabled() {
		return (Boolean) get(7);
	}

	/**
	 * The {@code banner} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("banner")
	public String banner() {
		return (String) get(8);
	}

	/**
	 * The {@code accent_color} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("accent_color")
	public Integer accentColor() {
		return (Integer) get(9);
	}

	/**
	 * The {@code locale} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("locale")
	public String locale() {
		return (String) get(10);
	}

	/**
	 * The {@code verified} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("verified")
	public Boolean verified() {
		return (Boolean) get(11);
	}

	/**
	 * The {@code email} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("email")
	public String email() {
		return (String) get(12);
	}

	/**
	 * The {@code flags} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("flags")
	public Long flags() {
		return (Long) get(13);
	}

	/**
	 * The {@code premium_type} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("premium_type")
	public Integer premiumType() {
		return (Integer) get(14);
	}

	/**
	 * The {@code public_flags} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("public_flags")
	public Long publicFlags() {
		return (Long) get(15);
	}

	/**
	 * The {@code avatar_decoration_data} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("avatar_decoration_data")
	public JsonNode avatarDecorationData() {
		return (JsonNode) get(16);
	}

	/**
	 * The {@code collectibles} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("collectibles")
	public JsonNode collectibles() {
		return (JsonNode) get(17);
	}

	/**
	 * The {@code primary_guild} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("primary_guild")
	public JsonNode primaryGuild() {
		return (JsonNode) get(18);
	}

	/**
	 * The {@code member} field.
	 * @return the value, or {@code null} when absent or JSON null
	 */
	@JsonProperty("member")
	public Member member() {
		return (Member) get(19);
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
