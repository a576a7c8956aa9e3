package dev.shard.test.simulator;

/**
 * Test-only access to the simulator's raw frame writer, for faults its public API does not offer (a corrupt
 * compressed frame). Lives in the simulator's package on the test class path only.
 */
public final class SimulatorBackdoor {

	private SimulatorBackdoor() {
	}

	/** Writes {@code bytes} as one binary WebSocket frame, untouched by the connection's compressor. */
	public static void sendBinaryFrame(GatewaySimulator sim, Integer shard, byte[] bytes) {
		for (GatewayConnection c : sim.targetConnections(shard)) {
			c.sendBinaryFrame(bytes);
		}
	}

}
