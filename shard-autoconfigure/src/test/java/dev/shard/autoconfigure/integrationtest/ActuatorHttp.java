package dev.shard.autoconfigure.integrationtest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP calls to the actuator of a test's running server. A fresh TCP connection per request instead of Reactor
 * Netty's JVM-wide pool, which the tests share with every simulator and shard in the JVM: a pooled keep-alive
 * connection is the suspect in a rare 20 s hang.
 */
final class ActuatorHttp {

	private final WebTestClient client;

	ActuatorHttp(int port) {
		this.client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	WebTestClient client() {
		return this.client;
	}

	Map<String, Object> getJson(String path, int status) {
		return json(this.client.get().uri(path).exchange(), status);
	}

	Map<String, Object> postJson(String path, int status) {
		return json(this.client.post().uri(path).exchange(), status);
	}

	/** The body as text, whatever the status. */
	String getText(String path) {
		return text(this.client.get().uri(path).exchange().expectBody().returnResult().getResponseBody());
	}

	/** The body as text of a 200 response. */
	String getOkText(String path) {
		return text(this.client.get().uri(path).exchange().expectStatus().isOk().expectBody().returnResult()
			.getResponseBody());
	}

	private static Map<String, Object> json(WebTestClient.ResponseSpec response, int status) {
		@SuppressWarnings("unchecked")
		Map<String, Object> body = response.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult()
			.getResponseBody();
		assertThat(body).isNotNull();
		return body;
	}

	private static String text(byte[] body) {
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : "";
	}

}
