package io.mmate.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input is read through a {@link HeaderCheckingInputStream}.
 */
final class HeaderCheckingSocketFactory extends SocketFactory {

	@Override
	public Socket createSocket() {
		return new HeaderCheckingSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
		Socket socket = new HeaderCheckingSocket();
		try {
			if (local != null) {
				socket.bind(local);
			}
			socket.connect(remote);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * A plain socket whose input stream checks header frames.
	 */
	private static final class HeaderCheckingSocket extends Socket {

		private InputStream input;

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			if (this.input == null) {
				this.input = new HeaderCheckingInputStream(super.getInputStream());
			}
			return this.input;
		}

	}

}
