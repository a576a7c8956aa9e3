package dev.shard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * An interaction (INTERACTION_CREATE payload). {@code token} is masked in toString().
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param id the {@code id} field
 * @param applicationId the {@code application_id} field
 * @param type the {@code type} field
 * @param data the {@code data} field
 * @param guild the {@code guild} field
 * @param guildId the {@code guild_id} field
 * @param channel the {@code channel} field
 * @param channelId the {@code channel_id} field
 * @param member the {@code member} field
 * @param user the {@code user} field
 * @param token the {@code token} field
 * @param version the {@code version} field
 * @param message the {@code message} field
 * @param appPermissions the {@code app_permissions} field
 * @param locale the {@code locale} field
 * @param guildLocale the {@code guild_locale} field
 * @param entitlements the {@code entitlements} field
 * @param authorizingIntegrationOwners the {@code authorizing_integration_owners} field
 * @param context the {@code context} field
 * @param attachmentSizeLimit the {@code attachment_size_limit} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record Interaction(
		@JsonProperty("id") Snowflake id,
		@JsonProperty("application_id") Snowflake applicationId,
		@JsonProperty("type") InteractionType type,
		@JsonProperty("data") InteractionData data,
		@JsonProperty("guild") JsonNode guild,
		@JsonProperty("guild_id") Snowflake guildId,
		@JsonProperty("channel") Channel channel,
		@JsonProperty("channel_id") Snowflake channelId,
		@JsonProperty("member") Member member,
		@JsonProperty("user") User user,
		@JsonProperty("token") String token,
		@JsonProperty("version") Integer version,
		@JsonProperty("message") Message message,
		@JsonProperty("app_permissions") String appPermissions,
		@JsonProperty("locale") String locale,
		@JsonProperty("guild_locale") String guildLocale,
		@JsonProperty("entitlements") List<Entitlement> entitlements,
		@JsonProperty("authorizing_integration_owners") JsonNode authorizingIntegrationOwners,
		@JsonProperty("context") Integer context,
		@JsonProperty("attachment_size_limit") Long attachmentSizeLimit,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

	@Override
	public String toString() {
		// secrets stay out of logs
		return "Interaction[" + "id=" + id + ", " + "applicationId=" + applicationId + ", " + "type=" + type + ", " + "data=" + data + ", " + "guild=" + guild + ", " + "guildId=" + guildId + ", " + "channel=" + channel + ", " + "channelId=" + channelId + ", " + "member=" + member + ", " + "user=" + user + ", " + "token=" + (token != null ? "[redacted]" : "null") + ", " + "version=" + version + ", " + "message=" + message + ", " + "appPermissions=" + appPermissions + ", " + "locale=" + locale + ", " + "guildLocale=" + guildLocale + ", " + "entitlements=" + entitlements + ", " + "authorizingIntegrationOwners=" + authorizingIntegrationOwners + ", " + "context=" + context + ", " + "attachmentSizeLimit=" + attachmentSizeLimit + ", " + "extra=" + extra + "]";
	}

}
