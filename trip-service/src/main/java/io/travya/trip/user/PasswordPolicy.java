package io.travya.trip.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.passay.DefaultPasswordValidator;
import org.passay.FailureRuleResult;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.SuccessRuleResult;
import org.passay.data.EnglishSequenceData;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.sort.ArraysSort;
import org.passay.resolver.PropertiesMessageResolver;
import org.passay.rule.DictionaryRule;
import org.passay.rule.IllegalSequenceRule;
import org.passay.rule.Rule;
import org.passay.rule.UsernameRule;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * What a new password must not be, after NIST SP 800-63B (5.1.1.2): one of the passwords attackers
 * try first, a run of consecutive letters, digits or keys, one character or short pattern repeated,
 * or something containing the username (of four characters or more). There are no composition rules (a digit, a capital, a
 * symbol): they make passwords harder to remember, not to guess. The length limits are checked
 * before, where the request is validated.
 */
@Component
public class PasswordPolicy {

    static final String COMMON_PASSWORDS = "user/common-passwords.txt";
    static final String MESSAGES = "user/password-policy.properties";

    // shorter runs occur by chance in good passwords (a year, "xyz"); five in a row are a pattern
    private static final int SEQUENCE_LENGTH = 5;

    private static final int MIN_USERNAME_LENGTH = 4;

    // built once the service is ready, not on the way there: reading and sorting the 38,000 common
    // passwords is start-up work for something only a registration or a password change needs (one
    // that comes before it is built waits for it)
    private final SingletonSupplier<PasswordValidator> validator = SingletonSupplier.of(PasswordPolicy::newValidator);

    @EventListener(ApplicationReadyEvent.class)
    void buildOnceReady() {
        Thread.ofVirtual().name("password-policy").start(validator::obtain);
    }

    private static PasswordValidator newValidator() {
        WordListDictionary common =
                new WordListDictionary(new ArrayWordList(commonPasswords(), false, new ArraysSort()));
        return new DefaultPasswordValidator(
                new PropertiesMessageResolver(messages()),
                // backwards too: "drowssap" is as well known as "password"
                new DictionaryRule(common, true),
                new IllegalSequenceRule(EnglishSequenceData.Alphabetical, SEQUENCE_LENGTH, false, false),
                new IllegalSequenceRule(EnglishSequenceData.Numerical, SEQUENCE_LENGTH, false, false),
                new IllegalSequenceRule(EnglishSequenceData.USQwerty, SEQUENCE_LENGTH, false, false),
                new RepeatedPatternRule(),
                new UsernameRule(true, true));
    }

    /**
     * Why this password may not be used by this user, one reason a rule, each saying what to do
     * instead; empty if it may. No reason repeats any part of the password.
     */
    public List<String> problems(String password, String username) {
        // a name of three characters inside a longer word ("ada" in "canada") is chance, not a weakness
        PasswordData candidate = username == null || username.trim().length() < MIN_USERNAME_LENGTH
                ? new PasswordData(password)
                : new PasswordData(username.trim(), password);
        return List.copyOf(
                new LinkedHashSet<>(validator.obtain().validate(candidate).getMessages()));
    }

    /**
     * "        ", "aaaaaaaa", "abababab", "12341234": one to four characters repeated. Matched on the
     * password as a Java string, by code point: Passay's IllegalRegexRule mixes char and code point
     * indexes and fails on a password with an emoji in it.
     */
    private static final class RepeatedPatternRule implements Rule {

        static final String ERROR_CODE = "REPEATED_PATTERN";
        private static final Pattern REPEATED = Pattern.compile("(.{1,4})\\1+", Pattern.DOTALL);

        @Override
        public RuleResult validate(PasswordData password) {
            return REPEATED.matcher(password.getPassword().toString()).matches()
                    ? new FailureRuleResult(new RuleResultDetail(ERROR_CODE, Map.of()))
                    : new SuccessRuleResult();
        }
    }

    private static String[] commonPasswords() {
        List<String> words = new ArrayList<>(40_000);
        try (InputStream in = resource(COMMON_PASSWORDS);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                // the header says where the list comes from; no listed password starts with "# "
                if (!line.isEmpty() && !line.startsWith("# ") && !line.equals("#")) {
                    words.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMMON_PASSWORDS, e);
        }
        return words.toArray(String[]::new);
    }

    private static Properties messages() {
        Properties messages = new Properties();
        try (InputStream in = resource(MESSAGES);
                InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            messages.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MESSAGES, e);
        }
        return messages;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }
}
