package dev.shard.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.sym.BinaryNameMatcher;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds the model records (all components {@code @JsonProperty}, plus one {@code @JsonAnySetter}
 * {@code Map<String, JsonNode> extra}) straight into the constructor's argument array; the same for the types bound
 * on demand ({@link OnDemand}) when Jackson binds them, e.g. inside another record.
 * <p>
 * Why: Jackson binds a record through its property-based creator path, which looks every JSON name up in two hash
 * maps, buffers values in a {@code PropertyValueBuffer} and builds the any-setter map per record. Profiling the
 * end-to-end MESSAGE_CREATE path put that bookkeeping (not the parsing) at about a quarter of the client's CPU.
 * Here the parser matches names against a {@link PropertyNameMatcher} built once per record type (on UTF-8 input it
 * compares the raw name bytes, no {@code String} or symbol-table lookup), each value goes to its constructor slot,
 * unknown names go to a map created only when one occurs. Everything that decides a value is still Jackson's: each
 * component's resolved {@link SettableBeanProperty} reads it (so null handling, custom deserializers and
 * {@code @JsonFormat} behave the same) and missing components get the same absent values Jackson would give. Any
 * input shape other than a JSON object is left to Jackson's own deserializer.
 */
final class RecordDeserializer extends ValueDeserializer<Object> {

	/** Wraps Jackson's deserializer of each record of this package that has the {@code extra} component. */
	static final class Modifier extends ValueDeserializerModifier {

		private static final long serialVersionUID = 1L;

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
				BeanDescription.Supplier beanDesc, ValueDeserializer<?> deserializer) {
			Class<?> type = beanDesc.getBeanClass();
			if (!(deserializer instanceof BeanDeserializerBase bean)) {
				return deserializer;
			}
			OnDemand.Binding binding = OnDemand.supports(type) ? OnDemand.binding(type) : null;
			if (binding != null && binding.size() <= 64) {
				return new RecordDeserializer(bean, binding.extraSlot, binding.size(), true);
			}
			if (type.isRecord() && type.getPackage() == RecordDeserializer.class.getPackage()
					&& type.getRecordComponents().length <= 64) {
				int extraIndex = extraIndex(type);
				if (extraIndex >= 0) {
					return new RecordDeserializer(bean, extraIndex, type.getRecordComponents().length, false);
				}
			}
			return deserializer;
		}

	}

	private final BeanDeserializerBase delegate;

	private final int extraIndex;

	private final int parameterCount;

	// set once by resolve(), before any deserialize()

	private PropertyNameMatcher matcher;

	/** Component properties in matcher order. */
	private SettableBeanProperty[] byMatch;

	/** Component properties by constructor index ({@code null} at the extra slot). */
	private SettableBeanProperty[] byIndex;

	private ValueDeserializer<Object> extraValues;

	/** Absent value per constructor index, worked out on first use ({@link #PER_CALL} where not shareable). */
	private volatile Object[] absentValues;

	private static final Object PER_CALL = new Object();

	/** Whether the type is one of {@link OnDemand}'s, built from its value array directly. */
	private final boolean onDemand;

	private RecordDeserializer(BeanDeserializerBase delegate, int extraIndex, int parameterCount, boolean onDemand) {
		this.delegate = delegate;
		this.extraIndex = extraIndex;
		this.parameterCount = parameterCount;
		this.onDemand = onDemand;
	}

	/** Index of the {@code Map<String, JsonNode>} any-setter component, or -1. */
	static int extraIndex(Class<?> recordType) {
		var components = recordType.getRecordComponents();
		for (int i = 0; i < components.length; i++) {
			try {
				// @JsonAnySetter cannot target a record component: javac puts it on the field (and parameter)
				if (components[i].getType() == Map.class && recordType.getDeclaredField(components[i].getName())
					.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonAnySetter.class)) {
					return i;
				}
			}
			catch (NoSuchFieldException ex) {
				return -1;
			}
		}
		return -1;
	}

	@Override
	public void resolve(DeserializationContext ctxt) {
		this.delegate.resolve(ctxt);
		SettableBeanProperty[] byIndex = new SettableBeanProperty[this.parameterCount];
		List<SettableBeanProperty> properties = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (Iterator<SettableBeanProperty> it = this.delegate.creatorProperties(); it.hasNext();) {
			SettableBeanProperty property = it.next();
			int index = property.getCreatorIndex();
			if (index == this.extraIndex || index < 0 || index >= byIndex.length) {
				continue;
			}
			byIndex[index] = property;
			properties.add(property);
			names.add(property.getName());
		}
		this.byIndex = byIndex;
		this.byMatch = properties.toArray(SettableBeanProperty[]::new);
		this.matcher = BinaryNameMatcher.construct(names);
		this.extraValues = ctxt.findRootValueDeserializer(ctxt.constructType(JsonNode.class));
	}

	@Override
	public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
		ValueDeserializer<?> contextual = this.delegate.createContextual(ctxt, property);
		// a property-specific variant (ignorals, formats) is left to Jackson as a whole
		return (contextual == this.delegate) ? this : contextual;
	}

	@Override
	public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
		int match;
		if (p.hasToken(JsonToken.START_OBJECT)) {
			match = p.nextNameMatch(this.matcher);
		}
		else if (p.hasToken(JsonToken.PROPERTY_NAME)) {
			match = p.currentNameMatch(this.matcher);
		}
		else if (p.hasToken(JsonToken.END_OBJECT)) {
			match = PropertyNameMatcher.MATCH_END_OBJECT;
		}
		else {
			return this.delegate.deserialize(p, ctxt);
		}
		Object[] args = new Object[this.parameterCount];
		long seen = 0; // by constructor index (at most 64 components, checked when wrapping)
		Map<String, JsonNode> extra = null;
		while (match != PropertyNameMatcher.MATCH_END_OBJECT) {
			if (match >= 0) {
				SettableBeanProperty property = this.byMatch[match];
				p.nextToken();
				try {
					args[property.getCreatorIndex()] = property.deserialize(p, ctxt);
				}
				catch (Exception ex) {
					throw wrap(ctxt, ex, property.getName());
				}
				seen |= 1L << property.getCreatorIndex();
			}
			else if (match == PropertyNameMatcher.MATCH_UNKNOWN_NAME) {
				String name = p.currentName();
				JsonToken token = p.nextToken();
				JsonNode value;
				try {
					value = (JsonNode) ((token == JsonToken.VALUE_NULL) ? this.extraValues.getNullValue(ctxt)
							: this.extraValues.deserialize(p, ctxt));
				}
				catch (Exception ex) {
					throw wrap(ctxt, ex, name);
				}
				if (extra == null) {
					extra = new LinkedHashMap<>();
				}
				extra.put(name, value);
			}
			else {
				return ctxt.handleUnexpectedToken(handledType(), p);
			}
			match = p.nextNameMatch(this.matcher);
		}
		Object[] absentValues = absentValues(ctxt);
		for (int i = 0; i < args.length; i++) {
			if ((seen & (1L << i)) == 0 && i != this.extraIndex) {
				Object value = absentValues[i];
				args[i] = (value != PER_CALL) ? value : absent(ctxt, this.byIndex[i]);
			}
		}
		args[this.extraIndex] = (extra != null) ? extra : Map.of();
		if (this.onDemand) {
			return OnDemand.create(handledType(), args);
		}
		return this.delegate.getValueInstantiator().createFromObjectWith(ctxt, args);
	}

	/**
	 * Most records miss more components than they have, and asking each deserializer for its absent value every
	 * time showed in profiles; the values (null, {@code Field.absent()}) are constants, so they are asked once. A
	 * value that could be mutable is asked for per record, never shared.
	 */
	private Object[] absentValues(DeserializationContext ctxt) {
		Object[] values = this.absentValues;
		if (values == null) {
			values = new Object[this.parameterCount];
			for (int i = 0; i < values.length; i++) {
				Object value = (i != this.extraIndex) ? absent(ctxt, this.byIndex[i]) : null;
				values[i] = (value == null || value instanceof Field<?> || value instanceof Enum<?>) ? value : PER_CALL;
			}
			this.absentValues = values;
		}
		return values;
	}

	/** What Jackson gives a component missing from the JSON (null, or e.g. {@code Field.absent()}). */
	private static Object absent(DeserializationContext ctxt, SettableBeanProperty property) {
		if (property == null) {
			return null;
		}
		Object value = property.getNullValueProvider().getAbsentValue(ctxt);
		return (value != null) ? value : property.getValueDeserializer().getAbsentValue(ctxt);
	}

	/** As Jackson reports it: the path gains {@code Type["name"]}. */
	private JacksonException wrap(DeserializationContext ctxt, Exception ex, String name) {
		return DatabindException.wrapWithPath(ctxt, ex, new JacksonException.Reference(handledType(), name));
	}

	@Override
	public Class<?> handledType() {
		return this.delegate.handledType();
	}

	@Override
	public LogicalType logicalType() {
		return this.delegate.logicalType();
	}

	@Override
	public boolean isCachable() {
		return this.delegate.isCachable();
	}

	@Override
	public ValueDeserializer<?> getDelegatee() {
		return this.delegate;
	}

	@Override
	public Object getNullValue(DeserializationContext ctxt) {
		return this.delegate.getNullValue(ctxt);
	}

	@Override
	public Object getAbsentValue(DeserializationContext ctxt) {
		return this.delegate.getAbsentValue(ctxt);
	}

}
