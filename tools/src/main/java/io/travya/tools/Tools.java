package io.travya.tools;

import java.time.Duration;
import java.time.Instant;

/**
 * The operator's command line, run by ./travya: verify-read-models, rebuild-read-models,
 * register-schemas (an administrative step of ./travya up), bench, aot-command (./travya up's AOT cache).
 */
public final class Tools {

    private Tools() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "verify-read-models" -> {
                Settings settings = Settings.fromEnvironment();
                ReadModelVerifier.Report report = new ReadModelVerifier(settings).verify();
                report.differences().forEach(difference -> System.out.println("DIFFERENT  " + difference));
                System.out.printf(
                        "%s: %d users and %d trips compared with the databases, %d differences%n",
                        report.clean() ? "OK" : "FAILED",
                        report.users(),
                        report.trips(),
                        report.differences().size());
                System.exit(report.clean() ? 0 : 1);
            }
            case "rebuild-read-models" -> {
                Instant started = Instant.now();
                String generation = new ReadModelRebuild(Settings.fromEnvironment()).rebuild(Duration.ofMinutes(30));
                System.out.printf(
                        "Read models rebuilt from the topics into generation %s and switched to it in %d ms%n",
                        generation, Duration.between(started, Instant.now()).toMillis());
            }
            case "bench" -> io.travya.tools.bench.Bench.main(args);
            case "register-schemas" -> io.travya.platform.events.RegisterSchemas.main(args);
            case "aot-command" -> AotCache.main(java.util.List.of(args).subList(1, args.length));
            default -> {
                System.err.println(
                        "usage: tools verify-read-models | rebuild-read-models | register-schemas | bench [--duration=S --trips=N]");
                System.exit(2);
            }
        }
    }
}
