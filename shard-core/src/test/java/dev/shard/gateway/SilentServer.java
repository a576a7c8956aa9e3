package dev.shard.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback peer that accepts TCP connections and never says a word: no WebSocket upgrade, no close. What a
 * half-dead load balancer or a firewall that black-holes after the handshake looks like to a client.
 */
final class SilentServer implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final AtomicInteger count = new AtomicInteger();

	SilentServer() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					this.accepted.add(this.server.accept());
					this.count.incrementAndGet();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	String url() {
		return "ws://127.0.0.1:" + this.server.getLocalPort() + "/";
	}

	/** Connections accepted so far. */
	int accepted() {
		return this.count.get();
	}

	/** A {@code ws://} URL on loopback where nothing listens: connections are refused. */
	static String refusedUrl() throws IOException {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "ws://127.0.0.1:" + s.getLocalPort() + "/";
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket s : this.accepted) {
			s.close();
		}
	}

}
