package dev.opad.source;

import java.util.Locale;

/**
 * Reads a host the way browsers and C's {@code inet_aton} do: if its last label is a number, the whole
 * host is an IPv4 address, and its parts may be decimal, octal ({@code 0177}) or hex ({@code 0x7f}), with
 * fewer than four parts filling the last one ({@code 127.1}, {@code 2130706433}). The JDK reads some of
 * these differently ({@code 0177.0.0.1} is 177.0.0.1 to it, 127.0.0.1 to a browser), so opad accepts an IPv4
 * host only in its plain four-decimal spelling and names the address behind any other one.
 */
final class Ipv4Spelling {

    sealed interface Reading {
    }

    /** The host is a name, not an address. */
    record Name() implements Reading {
    }

    /** The host looks like an address but is not one. */
    record Malformed() implements Reading {
    }

    /** The host is this address; {@code plain} if it was written as four decimal numbers without leading zeros. */
    record Address(int ipv4, boolean plain) implements Reading {
    }

    private Ipv4Spelling() {
    }

    /** @param host lower or upper case, an optional trailing dot */
    static Reading read(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String[] parts = h.split("\\.", -1);
        if (!isNumber(parts[parts.length - 1])) {
            return new Name();
        }
        if (parts.length > 4) {
            return new Malformed();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long value = parse(parts[i]);
            if (value < 0) {
                return new Malformed();
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return new Malformed();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return new Malformed();
        }
        address |= last;
        int ipv4 = (int) address;
        return new Address(ipv4, ForbiddenAddresses.text(ipv4).equals(h));
    }

    private static boolean isNumber(String label) {
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> digit(c, 16) >= 0);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** @return the value, or -1 if the part is not a number or is too large to be part of an address */
    private static long parse(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return 0;
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty() || digits.length() > 40) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digit(digits.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xffffffffL) {
                return -1;
            }
        }
        return value;
    }

    /** ASCII only: {@link Character#digit} would also read full-width and other scripts' digits. */
    private static int digit(int c, int radix) {
        int value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        return value < radix ? value : -1;
    }
}
