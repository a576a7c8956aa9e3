/**
 * Immutable records for the payloads of Discord Gateway dispatches and the objects they carry.
 * <p>
 * {@link dev.shard.model.Message} and {@link dev.shard.model.User} are final classes that behave as records
 * (accessors, {@code equals}, {@code hashCode}, {@code toString} over every field, a constructor taking every
 * field): from the gateway they are bound on demand, their JSON indexed when the event is bound and each field
 * bound when first read ({@link dev.shard.model.OnDemandBinding}). A MESSAGE_CREATE is the payload a busy bot
 * receives most, and a listener reads a few of its fields.
 * <p>
 * Conventions:
 * <ul>
 * <li>JSON names are snake_case ({@code @JsonProperty}); components are camelCase.</li>
 * <li>Ids are {@link dev.shard.model.Snowflake}s (read from a JSON string or number, written as
 * a string).</li>
 * <li>Timestamps are {@link java.time.OffsetDateTime} (normalised to UTC); unix times stay
 * {@code Long}.</li>
 * <li>Integer-coded enumerations ({@link dev.shard.model.ChannelType}, ...) keep unknown values
 * instead of failing.</li>
 * <li>Any component may be {@code null}: absent and JSON null look the same, except for
 * {@link dev.shard.model.Field} components, used where Discord gives the two different
 * meanings (partial updates such as GUILD_MEMBER_UPDATE).</li>
 * <li>Every record keeps the fields it does not model in {@code extra()}, and writes them back on
 * serialisation: nothing Discord sends is lost.</li>
 * </ul>
 * Bind with {@link dev.shard.model.ShardJson#mapper()} (lenient, lossless settings). Nothing here
 * depends on Spring.
 */
package dev.shard.model;
