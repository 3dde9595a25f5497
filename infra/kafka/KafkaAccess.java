package io.travya.infra;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Kafka's users and permissions for one deployment of Travya: a SCRAM-SHA-512 user per service,
 * with the ACLs of {@code infra/kafka/access.conf} for the deployment's topic prefix. Applied as the
 * super user {@code admin}; idempotent (a user's password is set again, ACLs no longer in the file
 * are removed).
 *
 * <p>One implementation for both callers, so that the tests run under the rules production runs
 * under: {@code ./travya} runs this file with Java's source launcher and Kafka's jars on the class
 * path, for the prefix {@code travya}; the tests (it is compiled into platform's test support) call
 * {@link #grant} for each test corner's prefix and {@link #revoke} when the corner goes.
 *
 * <pre>
 * java -cp 'kafka/libs/*' KafkaAccess.java --bootstrap-server 127.0.0.1:9092 \
 *     --command-config admin.properties --access infra/kafka/access.conf --prefix travya \
 *     --passwords .travya/secrets
 * </pre>
 *
 * The password of service {@code s} is read from the file {@code kafka-s} of {@code --passwords}.
 */
public final class KafkaAccess {

    /** SCRAM iterations: Kafka's minimum for SHA-512 is 4096. */
    private static final int ITERATIONS = 8192;

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    /** One line of access.conf: a service may do these operations on this resource. */
    public record Rule(
            String service, ResourceType resource, PatternType pattern, String name, Set<AclOperation> operations) {}

    private KafkaAccess() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--bootstrap-server", "--command-config", "--access", "--prefix", "--passwords")) {
            if (!options.containsKey(required)) {
                System.err.println("usage: KafkaAccess --bootstrap-server HOST:PORT --command-config FILE "
                        + "--access access.conf --prefix PREFIX --passwords DIR");
                System.exit(2);
            }
        }
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(options.get("--command-config")))) {
            config.load(in);
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap-server"));
        List<Rule> rules = rules(Files.readString(Path.of(options.get("--access"))));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String service : services(rules)) {
            passwords.put(
                    service,
                    Files.readString(Path.of(options.get("--passwords"), "kafka-" + service))
                            .strip());
        }
        try (Admin admin = Admin.create(config)) {
            grant(admin, config, rules, options.get("--prefix"), passwords, service -> service);
        }
        System.out.println("kafka     users " + String.join(", ", passwords.keySet()) + " and their ACLs for prefix "
                + options.get("--prefix") + " applied");
    }

    /** The rules of an access.conf text. */
    public static List<Rule> rules(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("\n")) {
            String content = line.replaceFirst("#.*", "").strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException("access.conf: expected 5 fields in: " + line);
            }
            Set<AclOperation> operations = new LinkedHashSet<>();
            for (String operation : fields[4].split(",")) {
                operations.add(AclOperation.valueOf(operation.toUpperCase(Locale.ROOT)));
            }
            rules.add(new Rule(
                    fields[0],
                    ResourceType.valueOf(fields[1].toUpperCase(Locale.ROOT)),
                    PatternType.valueOf(fields[2].toUpperCase(Locale.ROOT)),
                    fields[3],
                    operations));
        }
        return rules;
    }

    /** The services the rules name, in order. */
    public static List<String> services(List<Rule> rules) {
        return rules.stream().map(Rule::service).distinct().toList();
    }

    /** The ACLs of the rules for a topic prefix, each service's as the Kafka user {@code userOf}. */
    public static List<AclBinding> bindings(List<Rule> rules, String prefix, Function<String, String> userOf) {
        List<AclBinding> bindings = new ArrayList<>();
        for (Rule rule : rules) {
            ResourcePattern resource =
                    new ResourcePattern(rule.resource(), rule.name().replace("{prefix}", prefix), rule.pattern());
            for (AclOperation operation : rule.operations()) {
                bindings.add(new AclBinding(
                        resource,
                        new AccessControlEntry(
                                "User:" + userOf.apply(rule.service()), "*", operation, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    /**
     * Creates (or updates) the SCRAM user of each service with its password, gives it exactly the
     * ACLs of the rules for the prefix, and returns once every user can authenticate and the broker
     * enforces every ACL.
     *
     * @param clientConfig the admin client's configuration (bootstrap servers, SASL as the super user)
     * @param passwords each service's password, by service name
     * @param userOf the Kafka user name of a service
     */
    public static void grant(
            Admin admin,
            Properties clientConfig,
            List<Rule> rules,
            String prefix,
            Map<String, String> passwords,
            Function<String, String> userOf)
            throws InterruptedException, ExecutionException {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        passwords.forEach((service, password) -> users.add(new UserScramCredentialUpsertion(
                userOf.apply(service), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
        admin.alterUserScramCredentials(users).all().get();

        List<AclBinding> wanted = bindings(rules, prefix, userOf);
        List<AclBindingFilter> stale = new ArrayList<>();
        for (String service : passwords.keySet()) {
            for (AclBinding existing : admin.describeAcls(principalFilter(userOf.apply(service)))
                    .values()
                    .get()) {
                if (!wanted.contains(existing)) {
                    stale.add(existing.toFilter());
                }
            }
        }
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get();
        }
        admin.createAcls(wanted).all().get();

        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (!enforced(admin, wanted) || !canAuthenticate(clientConfig, passwords, userOf)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka did not apply the users and ACLs of prefix " + prefix
                        + " within " + VISIBLE_WITHIN.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Removes the users and every ACL of their principals. */
    public static void revoke(Admin admin, Collection<String> users) throws InterruptedException, ExecutionException {
        List<AclBindingFilter> filters =
                users.stream().map(KafkaAccess::principalFilter).toList();
        admin.deleteAcls(filters).all().get();
        List<UserScramCredentialAlteration> deletions = new ArrayList<>();
        users.forEach(user -> deletions.add(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)));
        admin.alterUserScramCredentials(deletions).all().get();
    }

    /** The client settings to authenticate as a SCRAM user on the client listener (SASL_SSL under ./travya). */
    public static Properties scramClient(Properties base, String user, String password) {
        Properties config = new Properties();
        config.putAll(base);
        config.put("security.protocol", base.getProperty("security.protocol", "SASL_PLAINTEXT"));
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
        return config;
    }

    private static AclBindingFilter principalFilter(String user) {
        return new AclBindingFilter(
                ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
    }

    /** Whether the broker's authorizer holds every wanted ACL (it learns them from the metadata log). */
    private static boolean enforced(Admin admin, List<AclBinding> wanted)
            throws InterruptedException, ExecutionException {
        Set<AclBinding> present = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        return present.containsAll(wanted);
    }

    /**
     * Whether each user can log in yet, on every broker of the bootstrap list (each broker learns
     * credentials from the metadata log too, each at its own pace; a client logs in where it connects).
     */
    private static boolean canAuthenticate(
            Properties clientConfig, Map<String, String> passwords, Function<String, String> userOf)
            throws InterruptedException {
        for (String broker :
                clientConfig.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG).split(",")) {
            for (Map.Entry<String, String> service : passwords.entrySet()) {
                Properties config = scramClient(clientConfig, userOf.apply(service.getKey()), service.getValue());
                // the first connection, for the cluster's metadata, goes to this broker alone
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.strip());
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                try (Admin asUser = Admin.create(config)) {
                    asUser.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
