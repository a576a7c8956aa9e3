package dev.shard.autoconfigure.interactions;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.shard.autoconfigure.DiscordAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;

/**
 * The auto-configurations of a WebFlux bot with interactions, for the tests that run one: the starter's, and a
 * Netty server with the WebFlux routes the HTTP interactions endpoint needs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration({ DiscordAutoConfiguration.class, DiscordInteractionsAutoConfiguration.class,
		NettyReactiveWebServerAutoConfiguration.class, CodecsAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
		WebFluxAutoConfiguration.class })
@interface InteractionsWebApplication {

}
