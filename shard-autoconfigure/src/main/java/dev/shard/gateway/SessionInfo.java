package dev.shard.gateway;

/**
 * What is needed to resume a session, e.g. after a process restart.
 *
 * @param sessionId the {@code session_id} from READY
 * @param resumeGatewayUrl the {@code resume_gateway_url} from READY
 * @param sequence the last dispatch sequence received
 */
public record SessionInfo(String sessionId, String resumeGatewayUrl, long sequence) {
}
