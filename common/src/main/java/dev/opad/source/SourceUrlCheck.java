package dev.opad.source;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** What {@link SourceUrlPolicy#check(String)} decided about one URL. */
public sealed interface SourceUrlCheck {

    /**
     * The URL may be fetched, and only from these addresses.
     *
     * @param uri       the URL to request: host in ASCII (punycode), no fragment, path at least {@code /}
     * @param host      the host as sent in the {@code Host} header and in TLS SNI, lower case, without brackets
     * @param port      the port to connect to, the scheme's default filled in
     * @param addresses every address the host resolved to, each one checked; connect only to these
     */
    record Allowed(URI uri, String host, int port, List<InetAddress> addresses) implements SourceUrlCheck {
        public Allowed {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(host, "host");
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("an allowed URL needs at least one address");
            }
        }

        public boolean https() {
            return "https".equals(uri.getScheme());
        }
    }

    /**
     * The URL may not be fetched.
     *
     * @param kind   why, in a word a program can act on
     * @param reason one sentence for the user, naming what is wrong
     */
    record Refused(Kind kind, String reason) implements SourceUrlCheck {
        public Refused {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        /** Only a failed or slow DNS lookup may go away by itself; everything else is the URL's fault. */
        public boolean isTransient() {
            return kind == Kind.UNRESOLVED;
        }
    }

    enum Kind {
        /** Not an absolute http(s) URL opad accepts: syntax, scheme, user info, port, length, odd IP spelling. */
        INVALID,
        /** The host is, or resolves to, an address opad never fetches from (loopback, private, metadata, ...). */
        FORBIDDEN,
        /** The host name could not be resolved, or not in time. */
        UNRESOLVED
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }
}
