package io.travya.trip.auth;

/** A login refused before its password was checked, because too many recent attempts failed. */
class LoginThrottled extends RuntimeException {

    private final long retryAfterSeconds;

    LoginThrottled(long retryAfterSeconds) {
        super("Too many failed logins; try again in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
