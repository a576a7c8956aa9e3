package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * A guild member (also the partial member inside messages, reactions and voice states).
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param user the {@code user} field
 * @param nick the {@code nick} field
 * @param avatar the {@code avatar} field
 * @param banner the {@code banner} field
 * @param roles the {@code roles} field
 * @param joinedAt the {@code joined_at} field
 * @param premiumSince the {@code premium_since} field
 * @param deaf the {@code deaf} field
 * @param mute the {@code mute} field
 * @param flags the {@code flags} field
 * @param pending the {@code pending} field
 * @param permissions the {@code permissions} field
 * @param communicationDisabledUntil the {@code communication_disabled_until} field
 * @param avatarDecorationData the {@code avatar_decoration_data} field
 * @param collectibles the {@code collectibles} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Member(
		@JsonProperty("user") User user,
		@JsonProperty("nick") String nick,
		@JsonProperty("avatar") String avatar,
		@JsonProperty("banner") String banner,
		@JsonProperty("roles") List<Snowflake> roles,
		@JsonProperty("joined_at") OffsetDateTime joinedAt,
		@JsonProperty("premium_since") OffsetDateTime premiumSince,
		@JsonProperty("deaf") Boolean deaf,
		@JsonProperty("mute") Boolean mute,
		@JsonProperty("flags") Long flags,
		@JsonProperty("pending") Boolean pending,
		@JsonProperty("permissions") String permissions,
		@JsonProperty("communication_disabled_until") OffsetDateTime communicationDisabledUntil,
		@JsonProperty("avatar_decoration_data") JsonNode avatarDecorationData,
		@JsonProperty("collectibles") JsonNode collectibles,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
