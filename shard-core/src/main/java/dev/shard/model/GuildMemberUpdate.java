package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * GUILD_MEMBER_UPDATE payload. Optional-and-nullable fields are {@link Field}s so that absent and null stay distinct.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param guildId the {@code guild_id} field
 * @param roles the {@code roles} field
 * @param user the {@code user} field
 * @param nick the {@code nick} field
 * @param avatar the {@code avatar} field
 * @param banner the {@code banner} field
 * @param joinedAt the {@code joined_at} field
 * @param premiumSince the {@code premium_since} field
 * @param deaf the {@code deaf} field
 * @param mute the {@code mute} field
 * @param pending the {@code pending} field
 * @param communicationDisabledUntil the {@code communication_disabled_until} field
 * @param flags the {@code flags} field
 * @param avatarDecorationData the {@code avatar_decoration_data} field
 * @param collectibles the {@code collectibles} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record GuildMemberUpdate(
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("roles") List<Snowflake> roles,
		@JsonProperty("user") User user,
		@JsonProperty("nick") Field<String> nick,
		@JsonProperty("avatar") Field<String> avatar,
		@JsonProperty("banner") Field<String> banner,
		@JsonProperty("joined_at") Field<OffsetDateTime> joinedAt,
		@JsonProperty("premium_since") Field<OffsetDateTime> premiumSince,
		@JsonProperty("deaf") Boolean deaf,
		@JsonProperty("mute") Boolean mute,
		@JsonProperty("pending") Boolean pending,
		@JsonProperty("communication_disabled_until") Field<OffsetDateTime> communicationDisabledUntil,
		@JsonProperty("flags") Long flags,
		@JsonProperty("avatar_decoration_data") Field<JsonNode> avatarDecorationData,
		@JsonProperty("collectibles") JsonNode collectibles,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
