package io.braid.replay;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Enumeration;

/**
 * {@code POST /replay/}: sends every partition message waiting on the batch queue once more, as it is; answers how many.
 * {@code GET /replay/}: how many partition messages wait on the queue.
 * {@code GET /replay/login?user=…&password=…}: whether the messaging engine lets that user connect.
 */
@Path("/")
@RequestScoped
public class ReplayResource {
    private static final String SELECTOR = "com_ibm_ws_batch_work_type = 'Partition'";
    @Resource(lookup = "jms/batch/connectionFactory")
    ConnectionFactory factory;
    @Resource(lookup = "jms/batch/jobSubmissionQueue")
    Queue queue;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String waiting() throws JMSException {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            int n = 0;
            for (Enumeration<?> e = s.createBrowser(queue, SELECTOR).getEnumeration(); e.hasMoreElements(); e.nextElement()) {
                n++;
            }
            return Integer.toString(n);
        }
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_PLAIN)
    public String login(@QueryParam("user") String user, @QueryParam("password") String password) {
        try (Connection c = factory.createConnection(user, password)) {
            c.start();
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).createBrowser(queue).getEnumeration().hasMoreElements();
            return "connected";
        } catch (JMSException e) {
            return "refused: " + e.getMessage();
        }
    }

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String replay() throws JMSException {
        try (Connection c = factory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser waiting = s.createBrowser(queue, SELECTOR);
            MessageProducer producer = s.createProducer(queue);
            int sent = 0;
            for (Enumeration<?> e = waiting.getEnumeration(); e.hasMoreElements(); ) {
                producer.send((Message) e.nextElement());
                sent++;
            }
            return Integer.toString(sent);
        }
    }
}
