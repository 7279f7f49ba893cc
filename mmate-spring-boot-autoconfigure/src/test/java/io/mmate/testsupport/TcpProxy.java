package io.mmate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port in front of the test broker, for fault tests: {@link #cutConnections()} drops every
 * connection through it at once, as a network failure would, while new connections are still accepted;
 * {@link #down()} drops them and refuses new ones until {@link #up()}, as a broker that is down; {@link #close()} stops
 * accepting for good.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger cuts = new AtomicInteger();

	private volatile boolean open = true;

	private volatile boolean down;

	/**
	 * Start a proxy to a target.
	 * @param targetHost the target host
	 * @param targetPort the target port
	 * @throws IOException if no local port can be bound
	 */
	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a proxy to the test broker.
	 * @return the proxy
	 * @throws IOException if no local port can be bound
	 */
	public static TcpProxy toTestBroker() throws IOException {
		return new TcpProxy(TestBroker.host(), TestBroker.port());
	}

	/**
	 * The port clients connect to.
	 * @return the local port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Drop every connection through the proxy.
	 * @return how many sockets were closed
	 */
	public int cutConnections() {
		int closed = 0;
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
			this.sockets.remove(socket);
			closed++;
		}
		this.cuts.incrementAndGet();
		return closed;
	}

	/**
	 * Act as a broker that is down: cut every connection, and close each new one at once, until {@link #up()}.
	 */
	public void down() {
		this.down = true;
		cutConnections();
	}

	/**
	 * Let connections through again after {@link #down()}.
	 */
	public void up() {
		this.down = false;
	}

	/**
	 * How many times connections were cut.
	 * @return the count
	 */
	public int cuts() {
		return this.cuts.get();
	}

	@Override
	public void close() {
		this.open = false;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing: nothing to do.
		}
		cutConnections();
	}

	private void accept() {
		while (this.open) {
			try {
				Socket client = this.server.accept();
				if (this.down) {
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket();
				upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5000);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// The server socket closed, or the target refused: keep accepting while open.
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// A cut connection: the other direction is closed below.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
