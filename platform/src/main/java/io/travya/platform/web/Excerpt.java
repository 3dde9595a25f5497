package io.travya.platform.web;

/**
 * What an error body may say of the client's input: a short excerpt, safely encoded. A refusal that
 * echoed a value in full would let one request make the service write megabytes back, and would
 * carry whatever the client sent (control characters, lone surrogates) into logs and terminals.
 */
public final class Excerpt {

    /** How much of a value an error names: enough to recognise it, never the whole of a large one. */
    public static final int MAX_CODE_POINTS = 64;

    private Excerpt() {}

    /** The start of {@code text}, at most {@link #MAX_CODE_POINTS} code points, followed by "…" if cut. */
    public static String of(String text) {
        return of(text, MAX_CODE_POINTS);
    }

    /**
     * The start of {@code text}, at most {@code maxCodePoints} code points (an escape counts as one),
     * followed by "…" if cut. Control characters, lone surrogates and other characters that are not
     * assigned, or that reorder or hide text, are written as {@code \\uXXXX}; a surrogate pair is never
     * split.
     */
    public static String of(String text, int maxCodePoints) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints) + 8);
        int taken = 0;
        int i = 0;
        while (i < text.length()) {
            if (taken == maxCodePoints) {
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                if (safe(codePoint)) {
                    out.appendCodePoint(codePoint);
                } else {
                    escape(escape(out, c), text.charAt(i + 1));
                }
                i += 2;
            } else {
                if (safe(c) && !Character.isSurrogate(c)) {
                    out.append(c);
                } else {
                    escape(out, c);
                }
                i++;
            }
            taken++;
        }
        return out.toString();
    }

    /** A value as an error names it: an excerpt in double quotes. */
    public static String quoted(String text) {
        return "\"" + of(text) + "\"";
    }

    private static boolean safe(int codePoint) {
        int type = Character.getType(codePoint);
        return type != Character.CONTROL
                && type != Character.FORMAT // bidirectional overrides, zero-width characters
                && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE
                && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR;
    }

    private static StringBuilder escape(StringBuilder out, char c) {
        return out.append(String.format("\\u%04X", (int) c));
    }
}
