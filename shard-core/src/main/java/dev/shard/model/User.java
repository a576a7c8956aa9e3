package dev.shard.model;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A Discord user; in mentions it may carry a partial {@code member}.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
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
public record User(
		@JsonProperty("id") Snowflake id,
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
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
