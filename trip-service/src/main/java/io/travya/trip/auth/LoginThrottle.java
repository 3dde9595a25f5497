package io.travya.trip.auth;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins in Redis, per account and client address, per account and per address, and
 * refuses an attempt (before its password is checked) once any of the three is over its limit. Each
 * count is a Bucket4j token bucket: an attempt takes a token, a failure keeps it spent, a success
 * gives it back and clears the account's buckets; tokens come back one at a time over the window, and
 * a bucket's key expires once it is full again.
 */
@Component
class LoginThrottle implements DisposableBean {

    /** A login that has passed the throttle; unless it {@link #succeeded()}, it counts as a failure. */
    final class Attempt {

        private final String accountAndAddressKey;
        private final String accountKey;
        private final BucketProxy address;

        private Attempt(String accountAndAddressKey, String accountKey, BucketProxy address) {
            this.accountAndAddressKey = accountAndAddressKey;
            this.accountKey = accountKey;
            this.address = address;
        }

        /**
         * The password was right: the account's failures are forgotten and the address gets its token
         * back. The address's other failures stay, so logging in to one's own account cannot wash
         * away guesses at others.
         */
        void succeeded() {
            ProxyManager<String> buckets = buckets();
            buckets.removeProxy(accountAndAddressKey);
            buckets.removeProxy(accountKey);
            address.addTokens(1);
        }
    }

    private record Connected(StatefulConnection<String, byte[]> connection, ProxyManager<String> buckets) {}

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LettuceConnectionFactory redis;
    /** The buckets' clock: Bucket4j's own (the system's) unless the context has a {@link TimeMeter}, as a test may. */
    private final ObjectProvider<TimeMeter> clock;

    private final String prefix;
    private final BucketConfiguration perAccountAndAddress;
    private final BucketConfiguration perAccount;
    private final BucketConfiguration perAddress;
    private volatile Connected connected;

    LoginThrottle(
            LettuceConnectionFactory redis,
            LoginThrottlingProperties limits,
            @Value("${travya.redis.key-prefix}") String prefix,
            ObjectProvider<TimeMeter> clock) {
        this.redis = redis;
        this.clock = clock;
        this.prefix = prefix + ":login:";
        this.perAccountAndAddress = limit(limits.failuresPerAccountAndAddress(), limits.window());
        this.perAccount = limit(limits.failuresPerAccount(), limits.window());
        this.perAddress = limit(limits.failuresPerAddress(), limits.window());
    }

    /**
     * Lets a login for this account from this client address go ahead, or refuses it.
     *
     * @param account what names the account ({@link io.travya.trip.user.Users#accountKey})
     * @param clientAddress the address the request came from (X-Forwarded-For already resolved, from
     *     trusted proxies only)
     * @throws LoginThrottled if the account, the address, or the pair has failed too often lately
     */
    Attempt begin(String account, String clientAddress) {
        String accountId = sha256(account);
        String address = addressKey(clientAddress);
        String accountAndAddressKey = prefix + "account-address:" + accountId + ":" + address;
        String accountKey = prefix + "account:" + accountId;
        List<BucketProxy> all = List.of(
                bucket(accountAndAddressKey, perAccountAndAddress),
                bucket(accountKey, perAccount),
                bucket(prefix + "address:" + address, perAddress));
        List<BucketProxy> taken = new ArrayList<>(all.size());
        long waitNanos = 0;
        for (BucketProxy bucket : all) {
            if (waitNanos == 0) {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    taken.add(bucket);
                } else {
                    waitNanos = Math.max(1, probe.getNanosToWaitForRefill());
                }
            } else {
                // already refused: only ask how long this one would make the client wait
                waitNanos =
                        Math.max(waitNanos, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
            }
        }
        if (waitNanos > 0) {
            // a refused attempt checked no password, so it is no failure
            taken.forEach(bucket -> bucket.addTokens(1));
            throw new LoginThrottled(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
        }
        return new Attempt(accountAndAddressKey, accountKey, all.get(2));
    }

    private BucketProxy bucket(String key, BucketConfiguration configuration) {
        return buckets().builder().build(key, () -> configuration);
    }

    private ProxyManager<String> buckets() {
        Connected current = connected;
        return current != null && current.connection().isOpen() ? current.buckets() : connect();
    }

    /**
     * Connects on first use, not at start-up, so trip-service starts while Redis is unreachable; and
     * again when the connection was closed, as it is when Spring stops its Redis client (a stopped
     * context can be started again, with a new client).
     */
    private synchronized ProxyManager<String> connect() {
        if (connected != null) {
            if (connected.connection().isOpen()) {
                return connected.buckets();
            }
            connected.connection().close();
        }
        // Spring's client, so the throttle reaches Redis with the same address, credentials and TLS
        AbstractRedisClient client = redis.getRequiredNativeClient();
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        StatefulConnection<String, byte[]> connection;
        Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, byte[]> clusterConnection = cluster.connect(codec);
            connection = clusterConnection;
            builder = Bucket4jLettuce.casBasedBuilder(clusterConnection);
        } else {
            StatefulRedisConnection<String, byte[]> standalone = ((RedisClient) client).connect(codec);
            connection = standalone;
            builder = Bucket4jLettuce.casBasedBuilder(standalone);
        }
        clock.ifAvailable(builder::clientClock);
        ProxyManager<String> buckets = builder.expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
        connected = new Connected(connection, buckets);
        return buckets;
    }

    @Override
    public synchronized void destroy() {
        if (connected != null) {
            connected.connection().close();
        }
    }

    private static BucketConfiguration limit(int failures, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, window))
                .build();
    }

    /**
     * An IPv4 address as it is; an IPv6 address by its /64 prefix, the block one subscriber gets, so
     * that walking through the addresses of one's own block does not start a new count.
     */
    static String addressKey(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        // only a literal address is parsed (hex digits, ':' and '.'), so this never asks DNS
        if (address.indexOf(':') >= 0
                && address.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    return HexFormat.of().formatHex(parsed.getAddress(), 0, 8) + "/64";
                }
                if (parsed instanceof Inet4Address) {
                    return parsed.getHostAddress();
                }
            } catch (UnknownHostException e) {
                return address;
            }
        }
        return address;
    }

    /** Keys name no email or username in clear. */
    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
