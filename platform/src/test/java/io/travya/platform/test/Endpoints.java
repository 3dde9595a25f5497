package io.travya.platform.test;

/** Where the servers the integration tests use are: PostgreSQL (as superuser), Kafka, registry, Redis. */
public record Endpoints(
        String pgHost,
        int pgPort,
        String pgSuperuser,
        String pgSuperuserPassword,
        String kafkaBootstrap,
        String registryUrl,
        String redisHost,
        int redisPort) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }
}
