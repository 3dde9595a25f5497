package io.travya.platform.events;

import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** An SSL context that trusts one CA, read from a PEM file (with Spring Boot's PEM support). */
final class TrustedCa {

    private TrustedCa() {}

    static SSLContext sslContext(String caFile) {
        String location = caFile.contains(":") ? caFile : "file:" + caFile;
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(location)))
                .createSslContext();
    }
}
