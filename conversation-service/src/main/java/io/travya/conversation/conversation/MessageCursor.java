package io.travya.conversation.conversation;

import io.travya.platform.web.ApiException;
import io.travya.platform.web.FieldIssue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The opaque cursor of message pages: the position of the last message a page returned. Positions
 * never change and new messages only ever come after the last, so paging by cursor neither skips nor
 * repeats a message, however many are written meanwhile. Clients must not build cursors; the
 * version prefix lets the encoding change without breaking the ones they hold.
 */
final class MessageCursor {

    private static final Pattern FORMAT = Pattern.compile("m1:(\\d{1,18})");

    private MessageCursor() {}

    static String after(long seq) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("m1:" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position to continue after: 0 (the start) when there is no cursor. */
    static long position(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            Matcher matcher = FORMAT.matcher(decoded);
            if (matcher.matches()) {
                return Long.parseLong(matcher.group(1));
            }
        } catch (IllegalArgumentException e) {
            // not base64: falls through to the refusal below
        }
        throw new ApiException(
                HttpStatus.BAD_REQUEST,
                "cursor is not one this API issued",
                List.of(new FieldIssue("cursor", "is not one this API issued")));
    }
}
