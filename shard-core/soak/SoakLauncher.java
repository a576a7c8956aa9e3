/* Runs one test class through the JUnit Platform launcher: the console launcher is not in the offline repository. */
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

public class SoakLauncher {
	public static void main(String[] args) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0])).build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launcher.execute(request, listener);
		listener.getSummary().printTo(new java.io.PrintWriter(System.out));
		listener.getSummary().printFailuresTo(new java.io.PrintWriter(System.out), 50);
		System.exit(listener.getSummary().getTotalFailureCount() == 0 && listener.getSummary().getTestsSucceededCount() > 0 ? 0 : 1);
	}
}
