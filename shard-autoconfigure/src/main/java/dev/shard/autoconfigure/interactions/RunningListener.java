package dev.shard.autoconfigure.interactions;

/**
 * Names the listener a delivery thread is running, from its stack: the first frame above Spring's multicaster that
 * is neither Spring's event plumbing nor reflection. Used only for the deadline guard's warning.
 */
final class RunningListener {

	private RunningListener() {
	}

	/**
	 * The listener method the thread is in, e.g. {@code com.example.SlowListener.onCommand(SlowListener.java:42)}.
	 * @param thread the delivery thread
	 * @return the frame, or a note that none was found
	 */
	static String describe(Thread thread) {
		StackTraceElement[] stack = thread.getStackTrace();
		int multicaster = -1;
		for (int i = 0; i < stack.length; i++) {
			if (stack[i].getClassName().equals("org.springframework.context.event.SimpleApplicationEventMulticaster")) {
				multicaster = i;
				break;
			}
		}
		if (multicaster < 0) {
			return "(not inside a listener: " + thread.getName() + ")";
		}
		for (int i = multicaster - 1; i >= 0; i--) {
			String type = stack[i].getClassName();
			if (!type.startsWith("org.springframework.context.event.") && !type.startsWith("java.lang.reflect.")
					&& !type.startsWith("jdk.internal.") && !type.startsWith("dev.shard.autoconfigure.DiscordEventListenerFactory")
					&& !type.contains("$$SpringCGLIB$$")) {
				StackTraceElement frame = stack[i];
				return type + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber()
						+ ") on thread " + thread.getName();
			}
		}
		return "(unknown, on thread " + thread.getName() + ")";
	}

}
