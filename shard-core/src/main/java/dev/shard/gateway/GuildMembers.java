package dev.shard.gateway;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The answer to a Request Guild Members, assembled from every GUILD_MEMBERS_CHUNK that carried its nonce, in chunk
 * order. Members and presences are the raw JSON objects (bind them with the model records if wanted).
 *
 * @param guildId the guild
 * @param nonce the nonce the request was sent with
 * @param members every guild member object received
 * @param presences presences, if they were requested
 * @param notFound requested user ids that are not members
 * @param chunkCount how many chunks the answer took
 */
public record GuildMembers(long guildId, String nonce, List<JsonNode> members, List<JsonNode> presences,
		List<String> notFound, int chunkCount) {

	public GuildMembers {
		members = List.copyOf(members);
		presences = List.copyOf(presences);
		notFound = List.copyOf(notFound);
	}

}
