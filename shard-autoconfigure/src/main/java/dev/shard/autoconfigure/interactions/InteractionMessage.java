/*
 * Copyright 2026 the Shard authors.
 */
package dev.shard.autoconfigure.interactions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The message of an interaction answer, follow-up or edit: content, embeds, components and whether only the
 * invoking user sees it. Immutable; each {@code with...} returns a copy. Embeds and components are given as their
 * JSON objects (maps, records or {@code JsonNode}s), as Discord documents them.
 *
 * @param content the text, or {@code null}
 * @param embeds the embeds (at most 10)
 * @param components the top-level components (action rows...)
 * @param ephemeral whether only the invoking user sees it (message flag {@code EPHEMERAL}, 64)
 * @see <a href="https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-messages">Interaction
 * response: messages</a>
 */
public record InteractionMessage(@Nullable String content, List<Object> embeds, List<Object> components,
		boolean ephemeral) {

	/** Message flag: only the invoking user sees the message. */
	public static final int EPHEMERAL = 1 << 6;

	public InteractionMessage {
		embeds = List.copyOf(embeds);
		components = List.copyOf(components);
	}

	/**
	 * A message with this text.
	 * @param content the text
	 * @return the message
	 */
	public static InteractionMessage of(String content) {
		return new InteractionMessage(content, List.of(), List.of(), false);
	}

	/**
	 * A message without text (embeds or components only).
	 * @return the message
	 */
	public static InteractionMessage empty() {
		return new InteractionMessage(null, List.of(), List.of(), false);
	}

	/**
	 * This message with these embeds.
	 * @param embeds the embeds' JSON objects
	 * @return a copy
	 */
	public InteractionMessage withEmbeds(Object... embeds) {
		return new InteractionMessage(this.content, List.of(embeds), this.components, this.ephemeral);
	}

	/**
	 * This message with these components.
	 * @param components the top-level components' JSON objects, e.g. an action row holding buttons
	 * @return a copy
	 */
	public InteractionMessage withComponents(Object... components) {
		return new InteractionMessage(this.content, this.embeds, List.of(components), this.ephemeral);
	}

	/**
	 * This message, seen only by the user who invoked the interaction.
	 * @return a copy
	 */
	public InteractionMessage asEphemeral() {
		return new InteractionMessage(this.content, this.embeds, this.components, true);
	}

	/**
	 * An action row with buttons of style primary (1): {@code button(customId, label)} pairs.
	 * @param customIdsAndLabels custom id, label, custom id, label...
	 * @return the action row's JSON object
	 */
	public static Map<String, Object> buttonRow(String... customIdsAndLabels) {
		List<Map<String, Object>> buttons = new ArrayList<>();
		for (int i = 0; i + 1 < customIdsAndLabels.length; i += 2) {
			buttons.add(Map.of("type", 2, "style", 1, "custom_id", customIdsAndLabels[i], "label",
					customIdsAndLabels[i + 1]));
		}
		return Map.of("type", 1, "components", buttons);
	}

	/** The message's JSON object as Discord takes it. */
	Map<String, Object> toJson() {
		Map<String, Object> data = new LinkedHashMap<>();
		if (this.content != null) {
			data.put("content", this.content);
		}
		if (!this.embeds.isEmpty()) {
			data.put("embeds", this.embeds);
		}
		if (!this.components.isEmpty()) {
			data.put("components", this.components);
		}
		if (this.ephemeral) {
			data.put("flags", EPHEMERAL);
		}
		return data;
	}

}
