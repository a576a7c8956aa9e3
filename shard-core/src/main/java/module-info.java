/**
 * The Discord Gateway client ({@code dev.shard.gateway}), its payload records ({@code dev.shard.model}) and typed
 * events ({@code dev.shard.event}), without Spring. {@code dev.shard.gateway.internal} is not exported.
 */
module dev.shard.core {

	requires transitive reactor.core;
	requires transitive reactor.netty.core;
	requires transitive reactor.netty.http;
	requires transitive io.netty.buffer;
	requires io.netty.common;
	requires io.netty.transport;
	requires io.netty.codec.http;
	requires transitive tools.jackson.core;
	requires transitive tools.jackson.databind;
	requires transitive com.fasterxml.jackson.annotation;
	requires org.slf4j;
	requires static com.github.luben.zstd_jni;

	exports dev.shard.gateway;
	exports dev.shard.model;
	exports dev.shard.event;

	opens dev.shard.gateway to tools.jackson.databind;
	opens dev.shard.model to tools.jackson.databind;
	opens dev.shard.event to tools.jackson.databind;

}
