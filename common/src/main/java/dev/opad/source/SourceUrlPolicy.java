package dev.opad.source;

import dev.opad.source.SourceUrlCheck.Allowed;
import dev.opad.source.SourceUrlCheck.Kind;
import dev.opad.source.SourceUrlCheck.Refused;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Which URLs a user may ask opad to fetch: public web pages only, so a {@code source_url} cannot make
 * opad read its own network (server-side request forgery). The api checks at submit time so the user
 * hears about a bad URL at once; the worker checks again right before fetching, and connects only to
 * the addresses this check resolved and approved, so a DNS answer that changes in between
 * (DNS rebinding) cannot redirect the fetch.
 *
 * <p>A URL is allowed if it is an absolute {@code http} or {@code https} URL of at most 2048
 * characters, without user name or password, on an allowed port (80 and 443 unless configured), and its
 * host is a name or a plainly written public IP address. A name is resolved with a time limit, and
 * every address it resolves to must be public: one private address among public ones refuses the URL.
 * Only 80 and 443 by default because services on other ports are mostly internal ones, and public
 * pages on odd ports are rare.
 */
public final class SourceUrlPolicy {

    public static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443);
    public static final int DEFAULT_MAX_URL_LENGTH = 2048;
    public static final Duration DEFAULT_DNS_TIMEOUT = Duration.ofSeconds(2);

    private static final String PUBLIC_ONLY = "; opad fetches only public web addresses";

    /**
     * Lookups that outlive their time limit keep their thread until the resolver gives up; the bound keeps
     * a burst of slow names from piling up threads.
     */
    private static final ThreadPoolExecutor LOOKUPS = new ThreadPoolExecutor(0, 32, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), lookupThreads());

    private final Set<Integer> allowedPorts;
    private final int maxUrlLength;
    private final Duration dnsTimeout;
    private final HostResolver resolver;
    private final AddressScreen screen;
    private final String subject;
    private final Set<String> trustedHosts;

    private SourceUrlPolicy(Builder builder) {
        this.allowedPorts = Set.copyOf(builder.allowedPorts);
        this.maxUrlLength = builder.maxUrlLength;
        this.dnsTimeout = builder.dnsTimeout;
        this.resolver = builder.resolver;
        this.screen = builder.screen;
        this.subject = builder.subject;
        this.trustedHosts = Set.copyOf(builder.trustedHosts);
    }

    /** Ports 80 and 443, URLs up to 2048 characters, the JVM's DNS with a 2 s limit. */
    public static SourceUrlPolicy standard() {
        return builder().build();
    }

    public static SourceUrlPolicy from(SourceConfig config) {
        return builder()
                .allowedPorts(config.allowedPorts())
                .maxUrlLength(config.maxUrlLength())
                .dnsTimeout(config.dnsTimeout())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decides whether {@code url} may be fetched. Resolves the host name, so it may take up to the DNS time
     * limit; never throws for a bad URL.
     */
    public SourceUrlCheck check(String url) {
        if (url == null || url.isBlank()) {
            return invalid(subject + " is empty");
        }
        String text = url.strip();
        if (text.length() > maxUrlLength) {
            return invalid(subject + " is longer than " + maxUrlLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return invalid(subject + " is not a valid URL: " + e.getReason() + " at character " + (e.getIndex() + 1));
        }
        if (!uri.isAbsolute()) {
            return invalid(subject + " must be a full web address starting with https:// or http://");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return invalid(subject + " must use http or https, not " + scheme);
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            return invalid(subject + " has no host");
        }
        if (authority.contains("@")) {
            return invalid(subject + " must not contain a user name or password");
        }
        return checkAuthority(uri, scheme, authority);
    }

    private SourceUrlCheck checkAuthority(URI uri, String scheme, String authority) {
        String rawHost;
        String rawPort;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return invalid(subject + "'s host has an opening [ but no closing ]");
            }
            rawHost = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return invalid(subject + " has something after its host: " + rest);
            }
            rawPort = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            rawHost = colon < 0 ? authority : authority.substring(0, colon);
            rawPort = colon < 0 ? "" : authority.substring(colon + 1);
        }
        if (rawHost.isEmpty()) {
            return invalid(subject + " has no host");
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = defaultPort;
        if (!rawPort.isEmpty()) {
            if (rawPort.length() > 5 || !rawPort.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(rawPort) < 1 || Integer.parseInt(rawPort) > 65535) {
                return invalid(subject + "'s port \"" + rawPort + "\" is not a port number");
            }
            port = Integer.parseInt(rawPort);
        }
        if (!allowedPorts.contains(port) && !trusted(rawHost)) {
            return invalid(subject + "'s port " + port + " is not allowed; use " + describePorts());
        }
        return rawHost.startsWith("[")
                ? checkIpv6Literal(uri, scheme, rawHost, port, defaultPort)
                : checkHost(uri, scheme, rawHost, port, defaultPort);
    }

    private SourceUrlCheck checkIpv6Literal(URI uri, String scheme, String bracketed, int port, int defaultPort) {
        String literal = bracketed.substring(1, bracketed.length() - 1);
        if (literal.isEmpty() || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.')) {
            return invalid(subject + "'s host " + bracketed + " is not a valid IPv6 address");
        }
        InetAddress address;
        try {
            // Only hex digits, colons and dots: the JDK parses this as a literal and never asks DNS.
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return invalid(subject + "'s host " + bracketed + " is not a valid IPv6 address");
        }
        Optional<String> forbidden = trusted(bracketed) ? Optional.empty() : screen.refusal(address);
        if (forbidden.isPresent()) {
            return new Refused(Kind.FORBIDDEN, "the host " + bracketed + " is " + forbidden.get() + PUBLIC_ONLY);
        }
        return allowed(uri, scheme, literal.toLowerCase(Locale.ROOT), port, defaultPort, List.of(address));
    }

    private SourceUrlCheck checkHost(URI uri, String scheme, String rawHost, int port, int defaultPort) {
        if (rawHost.contains("%")) {
            return invalid(subject + "'s host must not contain %-escapes: " + rawHost);
        }
        String host;
        try {
            host = IDN.toASCII(rawHost, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return invalid(subject + "'s host \"" + rawHost + "\" is not a valid host name");
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return switch (Ipv4Spelling.read(host)) {
            case Ipv4Spelling.Malformed malformed ->
                    invalid(subject + "'s host \"" + rawHost + "\" looks like an IP address but is not a valid one");
            case Ipv4Spelling.Address(int ipv4, boolean plain) when !plain -> invalid("the host \"" + rawHost
                    + "\" is an unusual spelling of the IP address " + ForbiddenAddresses.text(ipv4)
                    + screen.refusal(ForbiddenAddresses.toAddress(ipv4))
                    .map(what -> ", " + what).orElse("")
                    + "; write IP addresses as four decimal numbers, like 93.184.216.34");
            case Ipv4Spelling.Address(int ipv4, boolean plain) -> checkAddresses(uri, scheme, host, port, defaultPort,
                    List.of(ForbiddenAddresses.toAddress(ipv4)), false);
            case Ipv4Spelling.Name name -> checkName(uri, scheme, rawHost, host, port, defaultPort);
        };
    }

    private SourceUrlCheck checkName(URI uri, String scheme, String rawHost, String host, int port, int defaultPort) {
        if (!isHostName(host)) {
            return invalid(subject + "'s host \"" + rawHost + "\" is not a valid host name");
        }
        if ((host.equals("localhost") || host.endsWith(".localhost")) && !trusted(host)) {
            return new Refused(Kind.FORBIDDEN, "the host " + host + " is this machine" + PUBLIC_ONLY);
        }
        Future<List<InetAddress>> lookup;
        try {
            lookup = LOOKUPS.submit(() -> resolver.resolve(host));
        } catch (RejectedExecutionException busy) {
            return new Refused(Kind.UNRESOLVED, "too many host names are being looked up at once; try again shortly");
        }
        List<InetAddress> addresses;
        try {
            addresses = lookup.get(dnsTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return new Refused(Kind.UNRESOLVED, "looking up the host " + host + " took longer than " + seconds(dnsTimeout));
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            return new Refused(Kind.UNRESOLVED, "looking up the host " + host + " was interrupted");
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownHostException
                    ? new Refused(Kind.UNRESOLVED, "the host " + host + " could not be found")
                    : new Refused(Kind.UNRESOLVED, "looking up the host " + host + " failed: " + e.getCause());
        }
        if (addresses == null || addresses.isEmpty()) {
            return new Refused(Kind.UNRESOLVED, "the host " + host + " could not be found");
        }
        return checkAddresses(uri, scheme, host, port, defaultPort, addresses, true);
    }

    private SourceUrlCheck checkAddresses(URI uri, String scheme, String host, int port, int defaultPort,
                                          List<InetAddress> addresses, boolean resolved) {
        for (InetAddress address : addresses) {
            Optional<String> forbidden = trusted(host) ? Optional.empty() : screen.refusal(address);
            if (forbidden.isPresent()) {
                String what = resolved
                        ? "the host " + host + " resolves to " + address.getHostAddress() + ", " + forbidden.get()
                        : "the host " + host + " is " + forbidden.get();
                return new Refused(Kind.FORBIDDEN, what + PUBLIC_ONLY);
            }
        }
        return allowed(uri, scheme, host, port, defaultPort, addresses);
    }

    private SourceUrlCheck allowed(URI uri, String scheme, String host, int port, int defaultPort,
                                   List<InetAddress> addresses) {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + (port == defaultPort ? "" : ":" + port);
        // toASCIIString percent-encodes any non-ASCII in path and query, so the request line is plain ASCII.
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String query = ascii.getRawQuery() == null ? "" : "?" + ascii.getRawQuery();
        URI target;
        try {
            target = new URI(scheme + "://" + authority + path + query);
        } catch (URISyntaxException e) {
            return invalid(subject + " is not a valid URL: " + e.getReason());
        }
        return new Allowed(target, host, port, addresses);
    }

    /**
     * A host the operator allowed although it is private (webhooks in development and tests): any port,
     * any address it resolves to. Still resolved once here and pinned, like every other host.
     */
    private boolean trusted(String rawHost) {
        if (trustedHosts.isEmpty()) {
            return false;
        }
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return trustedHosts.contains(host);
    }

    /** LDH labels (underscores tolerated, as real DNS has them), 63 characters a label, 253 in all. */
    private static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            if (!label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private String describePorts() {
        List<String> ports = new TreeSet<>(allowedPorts).stream().map(String::valueOf).toList();
        if (ports.size() == 1) {
            return "port " + ports.getFirst();
        }
        return "port " + String.join(", ", ports.subList(0, ports.size() - 1)) + " or " + ports.getLast();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Refused invalid(String reason) {
        return new Refused(Kind.INVALID, reason);
    }

    private static java.util.concurrent.ThreadFactory lookupThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "opad-source-dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public static final class Builder {

        private Set<Integer> allowedPorts = DEFAULT_PORTS;
        private int maxUrlLength = DEFAULT_MAX_URL_LENGTH;
        private Duration dnsTimeout = DEFAULT_DNS_TIMEOUT;
        private HostResolver resolver = HostResolver.jdk();
        private AddressScreen screen = AddressScreen.publicOnly();
        private String subject = "the source URL";
        private Set<String> trustedHosts = Set.of();

        private Builder() {
        }

        /** How refusals name the URL, e.g. "the webhook URL"; "the source URL" unless set. */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /**
         * Hosts (names or IP addresses, as written in URLs) allowed on any port and at any address,
         * private ones included: the operator's allow-list, empty unless configured.
         */
        public Builder trustedHosts(Collection<String> hosts) {
            this.trustedHosts = hosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                    .map(h -> h.toLowerCase(Locale.ROOT)).map(h -> h.startsWith("[") && h.endsWith("]")
                            ? h.substring(1, h.length() - 1) : h)
                    .collect(Collectors.toUnmodifiableSet());
            return this;
        }

        public Builder allowedPorts(Collection<Integer> ports) {
            if (ports.isEmpty() || ports.stream().anyMatch(p -> p == null || p < 1 || p > 65535)) {
                throw new IllegalArgumentException("allowed ports must be 1 to 65535, and at least one: " + ports);
            }
            this.allowedPorts = ports.stream().collect(Collectors.toUnmodifiableSet());
            return this;
        }

        public Builder maxUrlLength(int maxUrlLength) {
            if (maxUrlLength < 16) {
                throw new IllegalArgumentException("maxUrlLength is too small: " + maxUrlLength);
            }
            this.maxUrlLength = maxUrlLength;
            return this;
        }

        public Builder dnsTimeout(Duration dnsTimeout) {
            if (dnsTimeout.isNegative() || dnsTimeout.isZero()) {
                throw new IllegalArgumentException("dnsTimeout must be positive: " + dnsTimeout);
            }
            this.dnsTimeout = dnsTimeout;
            return this;
        }

        public Builder resolver(HostResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Which addresses may be fetched from; {@link AddressScreen#publicOnly()} unless a test brings its own. */
        public Builder addressScreen(AddressScreen screen) {
            this.screen = Objects.requireNonNull(screen, "screen");
            return this;
        }

        public SourceUrlPolicy build() {
            return new SourceUrlPolicy(this);
        }
    }
}
