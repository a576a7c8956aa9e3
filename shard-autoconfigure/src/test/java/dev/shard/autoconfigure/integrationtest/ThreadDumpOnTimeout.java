package dev.shard.autoconfigure.integrationtest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack (with held locks) when a test fails on a timeout, then rethrows. An HTTP call to
 * the actuator has twice timed out after 20 s on a loaded machine while a shard on the same event loop also
 * went silent; this is what tells the next occurrence apart from a slow machine.
 */
class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				StringBuilder dump = new StringBuilder("Thread dump after a timeout in ")
					.append(context.getDisplayName())
					.append(":\n");
				for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
					dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
					if (thread.getLockName() != null) {
						dump.append(" on ").append(thread.getLockName());
					}
					if (thread.getLockOwnerName() != null) {
						dump.append(" owned by \"").append(thread.getLockOwnerName()).append('"');
					}
					dump.append('\n');
					for (StackTraceElement frame : thread.getStackTrace()) {
						dump.append("\tat ").append(frame).append('\n');
					}
				}
				System.out.println(dump);
				break;
			}
		}
		throw failure;
	}

}
