package dev.shard.autoconfigure.interactions;

/**
 * One suggestion of an autocomplete answer.
 *
 * @param name what the user sees (1 to 100 characters)
 * @param value what the option gets: a {@code String}, an integer or a number, as the option's type
 * @see <a href="https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure">Option
 * choice</a>
 */
public record AutocompleteChoice(String name, Object value) {

}
