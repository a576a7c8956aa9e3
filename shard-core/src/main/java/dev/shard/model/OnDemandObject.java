package dev.shard.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The part of {@link Message} and {@link User} that makes them behave as records (equality, hash code and
 * {@code toString} over all fields) whether they were built from values or are bound on demand from their bytes
 * (see {@link OnDemand}). Fields are kept in constructor order, the {@code extra} map among them.
 */
abstract class OnDemandObject {

	/** One per constructor parameter; {@link OnDemand#UNBOUND} where not read yet. */
	final Object[] values;

	/** Where unread fields come from; {@code null} when built from values. */
	final OnDemand.Source source;

	/** From finished values (the array is kept: callers hand over a new one). */
	OnDemandObject(Object[] values, int extraSlot) {
		if (values[extraSlot] == null) {
			values[extraSlot] = Map.of();
		}
		this.values = values;
		this.source = null;
	}

	OnDemandObject(OnDemand.Source source) {
		this.source = source;
		this.values = source.unboundValues();
	}

	final Object get(int slot) {
		return OnDemand.get(this.values, this.source, slot);
	}

	/** Every field bound (for equality and {@code toString}). */
	private Object[] all() {
		OnDemand.bindAll(this.values, this.source);
		Object[] all = new Object[this.values.length];
		for (int i = 0; i < all.length; i++) {
			all[i] = get(i);
		}
		return all;
	}

	/**
	 * Equal when of the same type with equal fields, as records are (binds every field of both).
	 */
	@Override
	public final boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (other == null || other.getClass() != getClass()) {
			return false;
		}
		OnDemandObject that = (OnDemandObject) other;
		OnDemand.bindAll(this.values, this.source);
		OnDemand.bindAll(that.values, that.source);
		for (int i = 0; i < this.values.length; i++) {
			if (!Objects.equals(get(i), that.get(i))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public final int hashCode() {
		return Arrays.hashCode(all());
	}

	/** As a record writes itself: {@code Type[name=value, ...]}. */
	@Override
	public final String toString() {
		String[] names = OnDemand.binding(getClass()).accessors;
		Object[] all = all();
		StringBuilder text = new StringBuilder(getClass().getSimpleName()).append('[');
		for (int i = 0; i < all.length; i++) {
			if (i > 0) {
				text.append(", ");
			}
			text.append(names[i]).append('=').append(all[i]);
		}
		return text.append(']').toString();
	}

}
