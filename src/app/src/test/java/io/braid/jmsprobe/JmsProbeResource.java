package io.braid.jmsprobe;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * {@code GET /jmsprobe/{factory}}: logs in to the messaging engine through connection factory
 * {@code jms/probe/{factory}} (each configured by ClusterIT with its own credentials, none shared with Braid's), and
 * sends nothing: it only browses the batch queue. Answers {@code connected} or {@code refused: <reason>}.
 */
@Path("/")
public class JmsProbeResource {
    @GET
    @Path("{factory}")
    @Produces(MediaType.TEXT_PLAIN)
    public String login(@PathParam("factory") String factory) throws NamingException {
        var jndi = new InitialContext();
        ConnectionFactory cf = (ConnectionFactory) jndi.lookup("jms/probe/" + factory);
        Queue queue = (Queue) jndi.lookup("jms/batch/jobSubmissionQueue");
        try (JMSContext context = cf.createContext()) {
            context.createBrowser(queue).getEnumeration().hasMoreElements();
            return "connected";
        } catch (JMSRuntimeException | JMSException e) {
            return "refused: " + e;
        }
    }
}
