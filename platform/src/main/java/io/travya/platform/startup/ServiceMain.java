package io.travya.platform.startup;

import org.springframework.boot.SpringApplication;

/** What each service's {@code main} does: start the application, or end the process if it cannot. */
public final class ServiceMain {

    private ServiceMain() {}

    public static void run(Class<?> application, String[] args) {
        try {
            SpringApplication.run(application, args);
        } catch (SpringApplication.AbandonedRunException onPurpose) {
            // the build's AOT processing (process-aot) and the AOT cache's training run stop the start
            // here once the context is built: their tool ends the process, with its own status
            throw onPurpose;
        } catch (Throwable startupFailure) {
            // Spring has logged why; the threads of half-started clients must not keep a service that
            // failed to start alive and silent
            System.exit(1);
        }
    }
}
