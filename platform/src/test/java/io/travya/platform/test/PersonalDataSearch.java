package io.travya.platform.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Looks for strings (a user's email, username, full name) everywhere a test corner keeps data, without
 * knowing where to look, so that a table, key or topic added later is searched too: every row of every
 * table in every schema of its database (the whole row as text, and every bytea column as bytes: there
 * the string as given or lower-cased), every
 * Redis key under its prefix (name and value, whatever the type), and every record of every topic of
 * the corner from the beginning (key, value bytes and headers). Case is ignored.
 */
public final class PersonalDataSearch {

    private PersonalDataSearch() {}

    /** Where each string was found, one line per place; empty if nowhere. */
    public static List<String> find(Endpoints at, String corner, Collection<String> strings) {
        List<String> found = new ArrayList<>();
        found.addAll(inDatabase(at, corner, strings));
        found.addAll(inRedis(at, corner, strings));
        found.addAll(inTopics(at, corner, strings));
        return found;
    }

    /** Every table of every schema (the services' and any other) in the corner's database. */
    public static List<String> inDatabase(Endpoints at, String corner, Collection<String> strings) {
        List<String> found = new ArrayList<>();
        try (Connection db = TestInfrastructure.admin(at, corner)) {
            Map<String, List<String>> byteaColumns = new TreeMap<>();
            List<String> tables = new ArrayList<>();
            try (PreparedStatement sql = db.prepareStatement("""
                            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                            ORDER BY 1
                            """);
                    ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            try (PreparedStatement sql = db.prepareStatement("""
                            SELECT format('%I.%I', table_schema, table_name), format('%I', column_name)
                            FROM information_schema.columns
                            WHERE data_type = 'bytea' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                            """);
                    ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    byteaColumns
                            .computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
            for (String table : tables) {
                for (String string : strings) {
                    // a row as text holds every column (arrays and JSON included); bytea shows as hex there
                    StringBuilder where = new StringBuilder("strpos(lower(x::text), lower(?)) > 0");
                    for (String column : byteaColumns.getOrDefault(table, List.of())) {
                        // bytes cannot be lower-cased: the string as given, or lower-cased
                        where.append(" OR position(convert_to(?, 'UTF8') in x.")
                                .append(column)
                                .append(") > 0 OR position(convert_to(lower(?), 'UTF8') in x.")
                                .append(column)
                                .append(") > 0");
                    }
                    try (PreparedStatement sql =
                            db.prepareStatement("SELECT count(*) FROM " + table + " x WHERE " + where)) {
                        int parameters = 1
                                + 2
                                        * byteaColumns
                                                .getOrDefault(table, List.of())
                                                .size();
                        for (int i = 1; i <= parameters; i++) {
                            sql.setString(i, string);
                        }
                        try (ResultSet rs = sql.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add("database " + corner + ", table " + table + ": " + rs.getLong(1)
                                        + " row(s) contain '" + string + "'");
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot search the database " + corner, e);
        }
        return found;
    }

    /** Every key under the corner's prefix, its name and its value. */
    public static List<String> inRedis(Endpoints at, String corner, Collection<String> strings) {
        List<String> found = new ArrayList<>();
        RedisClient client = at.redisClient(at.redisAdminUri());
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> redis = connection.sync();
            ScanIterator<byte[]> keys = ScanIterator.scan(
                    redis, ScanArgs.Builder.matches(corner + ":*").limit(1000));
            while (keys.hasNext()) {
                byte[] key = keys.next();
                List<byte[]> parts = new ArrayList<>();
                parts.add(key);
                switch (redis.type(key)) {
                    case "string" -> parts.add(redis.get(key));
                    case "hash" ->
                        redis.hgetall(key).forEach((field, value) -> {
                            parts.add(field);
                            parts.add(value);
                        });
                    case "set" -> parts.addAll(redis.smembers(key));
                    case "zset" -> parts.addAll(redis.zrange(key, 0, -1));
                    case "list" -> parts.addAll(redis.lrange(key, 0, -1));
                    case "none" -> {
                        // expired or deleted since the scan saw it
                    }
                    default -> parts.add(redis.dump(key));
                }
                for (String string : strings) {
                    if (parts.stream().anyMatch(part -> contains(part, string))) {
                        found.add(
                                "Redis key " + new String(key, StandardCharsets.UTF_8) + " contains '" + string + "'");
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        return found;
    }

    /** Every topic of the corner (dead-letter topics included), read raw from the beginning. */
    public static List<String> inTopics(Endpoints at, String corner, Collection<String> strings) {
        List<String> topics;
        try (Admin admin = Admin.create(at.kafkaAdmin())) {
            topics = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(corner + "."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot list the topics of " + corner, e.getCause());
        }
        List<String> found = new ArrayList<>();
        for (String topic : topics) {
            List<ConsumerRecord<String, byte[]>> records = TopicReader.rawRecords(at, topic, Duration.ofSeconds(20));
            for (String string : strings) {
                long count = records.stream()
                        .filter(record -> contains(record, string))
                        .count();
                if (count > 0) {
                    found.add("topic " + topic + ": " + count + " of " + records.size() + " record(s) contain '"
                            + string + "'");
                }
            }
        }
        return found;
    }

    private static boolean contains(ConsumerRecord<String, byte[]> record, String string) {
        if (record.key() != null && contains(record.key().getBytes(StandardCharsets.UTF_8), string)) {
            return true;
        }
        if (contains(record.value(), string)) {
            return true;
        }
        for (Header header : record.headers()) {
            if (contains(header.key().getBytes(StandardCharsets.UTF_8), string) || contains(header.value(), string)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes, read as UTF-8 (an invalid sequence does not hide the valid text after it), contain the string. */
    private static boolean contains(byte[] bytes, String string) {
        return bytes != null
                && new String(bytes, StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT)
                        .contains(string.toLowerCase(Locale.ROOT));
    }
}
