package io.touchline.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server in the test's JVM (GreenMail) on a free loopback port, which the mailer
 * sends to; a test can stop it and start it again on the same port, as an SMTP outage.
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static GreenMail server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            port = freePort();
            startServer();
        }
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public synchronized void stop() {
        // One server serves every test class of the JVM, as the broker and the database do.
    }

    /** The running server. */
    public static synchronized GreenMail mail() {
        return server;
    }

    /** An SMTP outage begins: connections are refused. */
    public static synchronized void stopServer() {
        server.stop();
    }

    /** The outage ends: a new server on the same port (it holds none of the old one's mail). */
    public static synchronized void startServer() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** The messages the running server received for this address. */
    public static List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : mail().getReceivedMessages()) {
            try {
                for (Address to : message.getAllRecipients()) {
                    if (to.toString().equalsIgnoreCase(address)) {
                        result.add(message);
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** The text of a message's part of this content type ({@code text/plain}, {@code text/html}). */
    public static String part(MimeMessage message, String contentType) {
        try {
            return part(message.getContent(), contentType);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Object content, String contentType) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String found = part.isMimeType(contentType) ? part.getContent().toString()
                        : part.getContent() instanceof Multipart ? part(part.getContent(), contentType) : null;
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
