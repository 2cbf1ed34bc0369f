package io.braid.config;

import io.braid.log.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Refuses to start a cluster server whose messaging endpoint would take work from the network without TLS and a
 * login. Whoever can put a message on the cluster's queue asks the servers to run jobs and partitions, so with
 * {@code braid.jms.security=none} the endpoint stays on the loopback interface (messaging-engine-none.xml fixes its
 * host); a {@code braid.jms.listen} naming anything else there is a mistake that would leave the endpoint closed to
 * the other machines or, edited by hand, open to everyone: Braid stops with BRAID0017E instead. With {@code tls}, the
 * login's user and password must be set.
 */
@ApplicationScoped
public class ClusterMessaging {
    private static final Logger LOG = Logger.getLogger(ClusterMessaging.class.getName());
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "ip6-localhost");

    /** Checked when the application starts: a refusal stops it, with the numbered message in the server's log. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object started) {
        problem(ConfigValues.current()).ifPresent(p -> {
            Messages.MESSAGING_EXPOSED.log(LOG, p);
            throw new IllegalStateException(Messages.MESSAGING_EXPOSED.format(p));
        });
    }

    /** What is wrong with the cluster's messaging settings, if anything. */
    static Optional<String> problem(ConfigValues config) {
        String role = config.text("braid.cluster.role", "none");
        if (role.equals("none")) {
            return Optional.empty();
        }
        String security = config.text("braid.jms.security", "none");
        String listen = config.text("braid.jms.listen", "localhost");
        return switch (security) {
            case "none" -> role.equals("engine") && !loopback(listen)
                    ? Optional.of("braid.jms.listen is '" + listen + "', but with braid.jms.security=none the messaging "
                    + "endpoint takes work without TLS or a login and listens on the loopback interface only; set "
                    + "braid.jms.security=tls, braid.jms.user and braid.jms.password to open it to other machines "
                    + "(docs/scale-out.md)")
                    : Optional.empty();
            case "tls" -> config.raw("braid.jms.user").isEmpty() || config.raw("braid.jms.password").isEmpty()
                    ? Optional.of("braid.jms.security=tls needs braid.jms.user and braid.jms.password: the user every "
                    + "server of the cluster logs in to the messaging engine as (docs/scale-out.md)")
                    : Optional.empty();
            default -> Optional.of("braid.jms.security is '" + security + "'; expected none or tls");
        };
    }

    static boolean loopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return LOOPBACK.contains(h) || h.matches("127(\\.\\d{1,3}){3}");
    }
}
