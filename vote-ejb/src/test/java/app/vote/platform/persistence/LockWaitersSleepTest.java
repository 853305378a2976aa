package app.vote.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.persistence.internal.helper.ConcurrencyManager;
import org.eclipse.persistence.internal.helper.ConcurrencyUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * EclipseLink guards a sequence's block of preallocated ids (and objects being built) with its own
 * {@link ConcurrencyManager}. With its default wait time of 0 a thread that finds the lock taken
 * spins instead of sleeping; the persistence unit sets a wait time so that it sleeps.
 */
class LockWaitersSleepTest {

    private static final String WAIT_TIME = "eclipselink.concurrency.manager.waittime";

    private final long defaultWaitTime = ConcurrencyUtil.SINGLETON.getAcquireWaitTime();

    @AfterEach
    void restoreWaitTime() {
        ConcurrencyUtil.SINGLETON.setAcquireWaitTime(defaultWaitTime);
    }

    @Test
    void withEclipseLinksDefaultWaitTimeAWaiterSpins() throws Exception {
        assertThat(defaultWaitTime).isZero();

        assertThat(runnableShareOfAWaiter()).isGreaterThan(0.5);
    }

    @Test
    void withThePersistenceUnitsWaitTimeAWaiterSleepsAndStillGetsTheLock() throws Exception {
        long configured = Long.parseLong(persistenceUnitProperty(WAIT_TIME));
        assertThat(configured).isPositive();
        ConcurrencyUtil.SINGLETON.setAcquireWaitTime(configured);

        assertThat(runnableShareOfAWaiter()).isLessThan(0.2);
    }

    /**
     * Holds a lock while another thread waits for it, samples that thread's state, then releases
     * the lock and requires the waiter to get it: the share of samples in which it was RUNNABLE.
     */
    private static double runnableShareOfAWaiter() throws Exception {
        ConcurrencyManager lock = new ConcurrencyManager();
        lock.acquire();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            lock.acquire();
            acquired.countDown();
            lock.release();
        }, "lock-waiter");
        waiter.start();
        waitUntilBlocked(waiter);
        int samples = 200;
        int runnable = 0;
        for (int i = 0; i < samples; i++) {
            if (waiter.getState() == Thread.State.RUNNABLE) {
                runnable++;
            }
            Thread.sleep(1);
        }
        lock.release();
        assertThat(acquired.await(5, TimeUnit.SECONDS)).as("the waiter got the lock once it was released").isTrue();
        waiter.join(Duration.ofSeconds(5).toMillis());
        return (double) runnable / samples;
    }

    private static void waitUntilBlocked(Thread waiter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiter.getState() == Thread.State.NEW && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(50);
    }

    private static String persistenceUnitProperty(String name) throws Exception {
        try (InputStream xml = LockWaitersSleepTest.class.getResourceAsStream("/META-INF/persistence.xml")) {
            NodeList properties = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml)
                    .getElementsByTagName("property");
            for (int i = 0; i < properties.getLength(); i++) {
                Element property = (Element) properties.item(i);
                if (name.equals(property.getAttribute("name"))) {
                    return property.getAttribute("value");
                }
            }
        }
        throw new AssertionError(name + " is not set in persistence.xml");
    }
}
