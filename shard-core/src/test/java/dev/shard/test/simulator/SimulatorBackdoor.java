package dev.shard.test.simulator;

/**
 * Test-only access to the simulator's raw frame writer, for faults its public API does not offer (a corrupt
 * compressed frame). Lives in the simulator's package on the test class path only.
 */
public final class SimulatorBackdoor {

	private SimulatorBackdoor() {
	}

	/**
	 * In one task on the connection's event loop, so the client cannot answer in between: a message that is not
	 * JSON, then {@code count} MESSAGE_CREATE dispatches, then a close with {@code code} that ends the session
	 * (destroyed, no resume possible), as Discord does with 4009 when a session timed out.
	 * @return completes with every dispatch the ended session had sent (its replay buffer at the end)
	 */
	public static java.util.concurrent.CompletableFuture<java.util.List<SimulatorLog.Dispatch>> garbageThenDispatchesThenSessionEnd(
			GatewaySimulator sim, int shard, int count, int code) {
		java.util.concurrent.CompletableFuture<java.util.List<SimulatorLog.Dispatch>> sent = new java.util.concurrent.CompletableFuture<>();
		for (Session s : sim.targetSessions(shard)) {
			GatewayConnection c = s.connection();
			SyntheticWorld.Guild g = sim.world.guildsFor(s.shardId, s.shardCount).get(0);
			c.execute(() -> {
				c.sendText("{\"t\":\"MESSAGE_CREATE\",\"s\":");
				for (int i = 0; i < count; i++) {
					sim.dispatchTo(s, DispatchTemplate.of("MESSAGE_CREATE", sim.world.eventData("MESSAGE_CREATE", g, i)));
				}
				sent.complete(s.buffered());
				s.destroy();
				sim.sessions.remove(s.id);
				c.closeByServer(code, "Session timed out.");
			});
		}
		return sent;
	}

	/** Writes {@code bytes} as one binary WebSocket frame, untouched by the connection's compressor. */
	public static void sendBinaryFrame(GatewaySimulator sim, Integer shard, byte[] bytes) {
		for (GatewayConnection c : sim.targetConnections(shard)) {
			c.sendBinaryFrame(bytes);
		}
	}

}
