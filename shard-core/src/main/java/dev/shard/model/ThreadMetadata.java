package dev.shard.model;

import java.time.OffsetDateTime;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Thread-specific channel fields.
 * <p>
 * Every component may be {@code null} (absent or JSON null). Fields Discord does not
 * document (or that this record does not model) are kept in {@link #extra()} and
 * written back on serialisation, so nothing is lost.
 *
 * @param archived the {@code archived} field
 * @param autoArchiveDuration the {@code auto_archive_duration} field
 * @param archiveTimestamp the {@code archive_timestamp} field
 * @param locked the {@code locked} field
 * @param invitable the {@code invitable} field
 * @param createTimestamp the {@code create_timestamp} field
 * @param extra fields not modelled above, keyed by JSON name
 */
public record ThreadMetadata(
		@JsonProperty("archived") Boolean archived,
		@JsonProperty("auto_archive_duration") Integer autoArchiveDuration,
		@JsonProperty("archive_timestamp") OffsetDateTime archiveTimestamp,
		@JsonProperty("locked") Boolean locked,
		@JsonProperty("invitable") Boolean invitable,
		@JsonProperty("create_timestamp") OffsetDateTime createTimestamp,
		@JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
}
