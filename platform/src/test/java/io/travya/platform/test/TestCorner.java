package io.travya.platform.test;

import org.springframework.beans.factory.DisposableBean;

/**
 * The private corner of the servers one Spring test context uses: database, slot, topic prefix,
 * consumer groups and Redis keys all carry its name. Destroyed last, it removes them all.
 */
public final class TestCorner implements DisposableBean {

    private final String name;
    private final Endpoints endpoints;

    TestCorner(String name, Endpoints endpoints) {
        this.name = name;
        this.endpoints = endpoints;
    }

    /** A corner made elsewhere (by a tool), to use its names; it is not removed by this object. */
    public static TestCorner of(String name, Endpoints endpoints) {
        return new TestCorner(name, endpoints);
    }

    public String name() {
        return name;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The corner's full name of a topic, e.g. {@code it123x4.trips}. */
    public String topic(String shortName) {
        return name + "." + shortName;
    }

    public String database() {
        return name;
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl(name);
    }

    @Override
    public void destroy() {
        TestInfrastructure.dropCorner(name);
    }
}
